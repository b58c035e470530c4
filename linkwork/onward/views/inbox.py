"""The receiving service's inbox: answer referrals, record sessions attended and how it went."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.submit import submit

from .. import rules
from ..forms import AttendanceForm, MessageForm, RespondForm
from ..selectors import inbox, inbox_referral
from ..services import onward_attendance_record, onward_message_send, onward_referral_respond
from ..vocabulary import OnwardStatus

# Sessions are recorded once the service has taken the person on, never before it has accepted.
SESSION_STATUSES = frozenset({OnwardStatus.ACCEPTED, OnwardStatus.IN_PROGRESS})


@member_required(rules.can_use_inbox)
@require_GET
def inbox_list(request):
    waiting_only = request.GET.get("show") != "all"
    return render(
        request,
        "onward/inbox.jinja",
        {"rows": inbox(actor=request.actor, waiting_only=waiting_only), "waiting_only": waiting_only},
    )


@member_required(rules.can_use_inbox)
@require_GET
def inbox_detail(request, onward_id):
    referral, person = _opened(request, onward_id)
    return render(
        request,
        "onward/inbox_detail.jinja",
        {
            "referral": referral,
            "person": person,
            "respond_form": RespondForm(current_status=referral.status),
            "can_record_sessions": referral.status in SESSION_STATUSES,
            "attendance_form": AttendanceForm(),
            "message_form": MessageForm(),
        },
    )


@member_required(rules.can_use_inbox)
@require_POST
def respond(request, onward_id):
    return _act(
        request,
        onward_id,
        lambda referral: RespondForm(request.POST, current_status=referral.status),
        lambda referral, form: onward_referral_respond(
            by=request.actor, referral=referral, **form.service_arguments()
        ),
        "Referral updated.",
    )


@member_required(rules.can_use_inbox)
@require_POST
def attendance(request, onward_id):
    return _act(
        request,
        onward_id,
        lambda referral: AttendanceForm(request.POST),
        lambda referral, form: onward_attendance_record(
            by=request.actor, referral=referral, **form.cleaned_data
        ),
        "Session recorded.",
    )


@member_required(rules.can_use_inbox)
@require_POST
def message(request, onward_id):
    return _act(
        request,
        onward_id,
        lambda referral: MessageForm(request.POST),
        lambda referral, form: onward_message_send(by=request.actor, referral=referral, **form.cleaned_data),
        "Message sent.",
    )


def _act(request, onward_id, form_for, action, done):
    """One of the small forms on the referral's inbox page: the answer is said back on that page."""
    referral, _ = _opened(request, onward_id)
    form = form_for(referral)
    return submit(
        request,
        form,
        lambda data: action(referral, form),
        done=done,
        back=reverse("onward:inbox_detail", kwargs={"onward_id": referral.pk}),
    )


def _opened(request, onward_id):
    found = inbox_referral(actor=request.actor, onward_id=onward_id)
    if found is None:
        raise Http404
    return found
