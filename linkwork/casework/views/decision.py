from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError
from linkwork.referrals import rules as referral_rules
from linkwork.referrals.forms import DecisionForm
from linkwork.referrals.selectors import referral_open

from ..services.cases import referral_decide_and_open_case


@require_POST
@member_required(referral_rules.can_work_referrals)
def referral_decision(request, referral_id):
    referral = referral_open(actor=request.actor, referral_id=referral_id)
    if referral is None:
        raise Http404
    if not referral_rules.can_record_contact(request.actor, referral):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether they accept or decline.")
        return redirect("referrals:contact", referral_id=referral.pk)
    accepted = form.cleaned_data["decision"] == "accept"
    try:
        case = referral_decide_and_open_case(
            by=request.actor, referral=referral, accepted=accepted, note=form.cleaned_data["note"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("referrals:contact", referral_id=referral.pk)
    name = referral.person.full_name
    if case is not None:
        # Straight on to the case: the next thing to do is book the first appointment there.
        messages.success(request, f"{name} accepted: their case is open.")
        return redirect("casework:case", case_id=case.pk)
    messages.success(request, f"{name} declined. The referrer will see this.")
    return redirect("referrals:detail", referral_id=referral.pk)
