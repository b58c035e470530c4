"""Onward referrals from a case: find a service, refer with consent, follow the replies, cancel."""

import uuid

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.casework import rules as casework_rules
from linkwork.casework.views.common import opened_case
from linkwork.core.dates import age_on
from linkwork.core.submit import submit
from linkwork.directory.selectors import service_get, service_search
from linkwork.directory.vocabulary import ReferralMethod

from ..forms import CancelForm, MessageForm, SendForm
from ..selectors import case_onward_referrals, is_overdue, onward_referral_for_case
from ..services import onward_message_send, onward_referral_cancel, onward_referral_send
from ..suggestions import REACH_KM, suggested_services

RESULTS = 20


@member_required(casework_rules.can_work_cases)
@require_GET
def case_list(request, case_id):
    header = opened_case(request, case_id)
    referrals = case_onward_referrals(header.case)
    today = timezone.localdate()
    return render(
        request,
        "onward/case_list.jinja",
        {
            "case_header": header,
            "referrals": [(referral, is_overdue(referral, today)) for referral in referrals],
            "message_form": MessageForm(),
            "cancel_form": CancelForm(),
        },
    )


@member_required(casework_rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def new(request, case_id):
    header = opened_case(request, case_id, changing=True)
    service = _chosen_service(request.GET.get("service"))
    if service is None:
        query = request.GET.get("q", "").strip()
        age = age_on(header.case.person.date_of_birth, timezone.localdate())
        results = service_search(text=query, age=age).filter(
            referral_method=ReferralMethod.THROUGH_LINKWORK, organisation__owner__isnull=False
        )[:RESULTS]
        return render(
            request,
            "onward/choose_service.jinja",
            {
                "case_header": header,
                "query": query,
                "results": list(results),
                "age": age,
                "suggestions": [] if query else suggested_services(header.case),
                "reach_km": REACH_KM,
            },
        )
    form = SendForm(request.POST or None)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda data: onward_referral_send(by=request.actor, case=header.case, service=service, **data),
            done=f"Referral sent to {service.name}. You will see their reply here.",
            then=_case_list_url(header),
        )
    ):
        return done
    return render(request, "onward/send.jinja", {"case_header": header, "service": service, "form": form})


@member_required(casework_rules.can_work_cases)
@require_POST
def cancel(request, case_id, onward_id):
    return _act_on_referral(
        request,
        case_id,
        onward_id,
        CancelForm,
        lambda referral, data: onward_referral_cancel(by=request.actor, referral=referral, **data),
        "Referral to {service} cancelled.",
    )


@member_required(casework_rules.can_work_cases)
@require_POST
def message(request, case_id, onward_id):
    return _act_on_referral(
        request,
        case_id,
        onward_id,
        MessageForm,
        lambda referral, data: onward_message_send(by=request.actor, referral=referral, **data),
        "Message sent about {service}.",
    )


def _act_on_referral(request, case_id, onward_id, form_class, action, success):
    """Check the form, run the service, and say what happened back on the case's referrals."""
    header = opened_case(request, case_id, changing=True)
    referral = _referral_or_404(header, onward_id)
    return submit(
        request,
        form_class(request.POST),
        lambda data: action(referral, data),
        done=success.format(service=referral.service.name),
        back=_case_list_url(header),
    )


def _case_list_url(header):
    return reverse("onward:case_list", kwargs={"case_id": header.case.pk})


def _chosen_service(value):
    if not value:
        return None
    try:
        service = service_get(service_id=uuid.UUID(value))
    except ValueError:
        service = None
    if service is None:
        raise Http404
    return service


def _referral_or_404(header, onward_id):
    referral = onward_referral_for_case(header.case, onward_id)
    if referral is None:
        raise Http404
    return referral
