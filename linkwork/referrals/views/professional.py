"""A referrer's pages: refer someone, see what became of each referral."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError
from linkwork.people.services import PossibleDuplicate
from linkwork.schemes.eligibility import describe_criteria
from linkwork.schemes.selectors import schemes_for_organisation

from .. import rules
from ..forms import ProfessionalReferralForm
from ..selectors import (
    contact_attempts,
    is_provider_staff,
    referral_find_by_reference,
    referral_open,
    referrals_allocated_to,
    referrals_made_page,
)
from ..services import Ineligible, referral_submit, source_for_organisation
from ..story import referral_stories


@member_required(rules.can_refer)
@require_http_methods(["GET", "POST"])
def referral_new(request):
    source = source_for_organisation(request.actor.organisation)
    schemes = [
        s
        for s in schemes_for_organisation(organisation=request.actor.organisation)
        if s.accepts_source(source)
    ]
    form = ProfessionalReferralForm(request.POST if request.method == "POST" else None, schemes=schemes)
    possible_duplicate = None
    if request.method == "POST" and form.is_valid():
        submission = form.submission(source)
        try:
            referral, _ = referral_submit(
                by=request.actor,
                idempotency_key=f"form:{form.cleaned_data['submission_token']}",
                **submission,
            )
        except PossibleDuplicate as duplicate:
            possible_duplicate = duplicate.candidate_ids[0]
        except Ineligible as ineligible:
            form.add_error(
                "eligibility_override_reason",
                f"Not eligible: {'; '.join(ineligible.issues)}. Give a reason to refer anyway, or choose another scheme.",
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Referral sent to {referral.scheme.name}. You can follow it here.")
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(
        request,
        "referrals/new.jinja",
        {
            "form": form,
            "schemes": [(scheme, describe_criteria(scheme)) for scheme in schemes],
            "possible_duplicate": possible_duplicate,
        },
    )


@member_required(rules.can_see_referral_lists)
def referral_list(request):
    if rules.can_refer(request.actor):
        page = referrals_made_page(actor=request.actor, page_number=request.GET.get("page"))
        stories = referral_stories(actor=request.actor, referrals=page.object_list)
        return render(request, "referrals/made.jinja", {"page": page, "stories": stories})
    return render(
        request, "referrals/allocated.jinja", {"referrals": referrals_allocated_to(actor=request.actor)}
    )


@member_required(rules.can_see_referral_lists)
def referral_detail(request, referral_id):
    referral = referral_open(actor=request.actor, referral_id=referral_id)
    if referral is None:
        raise Http404
    staff = is_provider_staff(request.actor, referral)
    return render(
        request,
        "referrals/detail.jinja",
        {
            "referral": referral,
            "story": referral_stories(actor=request.actor, referrals=[referral])[referral.pk],
            "provider_staff": staff,
            "show_messages": rules.can_refer(request.actor),
            "attempts": contact_attempts(referral=referral) if staff else [],
            "can_record_contact": rules.can_record_contact(request.actor, referral),
            "can_triage": rules.can_triage(request.actor)
            and staff
            and referral.status in ("received", "triaged"),
        },
    )


@member_required(rules.can_see_referral_lists)
@require_http_methods(["GET"])
def referral_find(request):
    """Find a referral by the reference the person or referrer quotes ("LW-7K3F9Q")."""
    typed = request.GET.get("reference", "").strip()
    error = ""
    if typed:
        reference, referral = referral_find_by_reference(actor=request.actor, text=typed)
        if referral is not None:
            return redirect("referrals:detail", referral_id=referral.pk)
        error = (
            f"No referral your organisation can see has the reference {reference}. Check it with the person."
            if reference
            else "Enter a reference like LW-7K3F9Q: LW, then 6 letters and numbers"
        )
    return render(request, "referrals/find.jinja", {"typed": typed, "error": error})
