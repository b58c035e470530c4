"""A team lead's triage queue and the triage decision: allocate, signpost or decline."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError
from linkwork.schemes.vocabulary import TRIAGE_LEVELS

from .. import rules
from ..allocation import allocation_options
from ..caseload import weights_explained
from ..forms import DeclineForm, SignpostForm, TriageForm
from ..selectors import is_provider_staff, referral_open, triage_queue
from ..services import referral_allocate, referral_decline, referral_triage
from ..vocabulary import Status


@member_required(rules.can_triage)
def queue(request):
    return render(request, "referrals/triage_queue.jinja", {"referrals": triage_queue(actor=request.actor)})


@member_required(rules.can_triage)
@require_http_methods(["GET", "POST"])
def triage(request, referral_id):
    referral = referral_open(actor=request.actor, referral_id=referral_id)
    if referral is None or not is_provider_staff(request.actor, referral):
        raise Http404
    options = allocation_options(actor=request.actor, referral=referral)
    levels = [(code, TRIAGE_LEVELS[code]) for code in referral.scheme.triage_levels]
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "allocate": TriageForm(
            request.POST if action == "allocate" else None, levels=levels, options=options
        ),
        "signpost": SignpostForm(request.POST if action == "signpost" else None),
        "decline": DeclineForm(request.POST if action == "decline" else None),
    }
    if action in forms and forms[action].is_valid():
        try:
            _decide(request.actor, referral, action, forms[action])
        except DomainError as error:
            forms[action].add_error(
                error.field if error.field in forms[action].fields else None, error.message
            )
        else:
            messages.success(request, _DONE[action].format(name=referral.person.full_name))
            return redirect("referrals:triage_queue")
    return render(
        request,
        "referrals/triage.jinja",
        {
            "referral": referral,
            "forms": forms,
            "options": options,
            "open_for_triage": referral.status in (Status.RECEIVED, Status.TRIAGED),
            "can_signpost": "signpost" in referral.scheme.triage_levels,
            "weights": weights_explained(referral.scheme.triage_levels),
        },
    )


_DONE = {
    "allocate": "Referral for {name} triaged and allocated.",
    "signpost": "Referral for {name} closed as signposted.",
    "decline": "Referral for {name} declined. The referrer will see the reason and your advice.",
}


def _decide(actor, referral, action, form):
    data = form.cleaned_data
    if action == "allocate":
        referral = referral_triage(by=actor, referral=referral, level=data["level"], note=data["note"])
        referral_allocate(by=actor, referral=referral, link_worker=form.workers[data["link_worker"]])
    elif action == "signpost":
        referral_triage(
            by=actor, referral=referral, level="signpost", signpost_summary=data["signpost_summary"]
        )
    else:
        referral_decline(
            by=actor, referral=referral, reason=data["reason"], redirect_advice=data["redirect_advice"]
        )
