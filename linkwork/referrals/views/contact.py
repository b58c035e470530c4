"""The allocated link worker logs attempts to reach the person."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError

from .. import rules
from ..forms import ContactAttemptForm, DecisionForm
from ..selectors import contact_attempts, referral_open
from ..services import contact_attempt_record
from ..vocabulary import Status


@member_required(rules.can_work_referrals)
@require_http_methods(["GET", "POST"])
def contact(request, referral_id):
    referral = referral_open(actor=request.actor, referral_id=referral_id)
    if referral is None:
        raise Http404
    if not rules.can_record_contact(request.actor, referral):
        raise PermissionDenied
    form = ContactAttemptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_attempt_record(by=request.actor, referral=referral, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            referral.refresh_from_db()
            messages.success(request, _outcome_message(referral))
            return redirect("referrals:contact", referral_id=referral.pk)
    return render(
        request,
        "referrals/contact.jinja",
        {
            "referral": referral,
            "form": form,
            # Its own ids: both forms have a note, and one page must not repeat an element id.
            "decision_form": DecisionForm(auto_id="decision_%s"),
            "attempts": contact_attempts(referral=referral),
            "can_attempt": referral.status in (Status.ALLOCATED, Status.CONTACTED),
        },
    )


def _outcome_message(referral):
    if referral.status == Status.UNABLE_TO_CONTACT:
        return "Contact attempt recorded. The scheme's limit of attempts is reached: the referral is closed as unable to contact."
    if referral.status == Status.CONTACTED:
        return "Contact recorded. Now record whether they accept support."
    return "Contact attempt recorded."
