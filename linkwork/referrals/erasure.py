"""Blanking the free text of referrals whose person's retention period has ended; codes stay for reports."""

from .models import ContactAttempt, Referral


def referrals_anonymise(person_ids: list) -> dict:
    referrals = Referral.objects.filter(person__in=person_ids)
    changed = referrals.update(
        referrer_contact="",
        needs_details="",
        risk_information="",
        eligibility_override_reason="",
        triage_note="",
        signpost_summary="",
        redirect_advice="",
        outcome_note="",
    )
    attempts = ContactAttempt.objects.filter(referral__in=referrals).update(note="")
    return {"referrals": changed, "contact attempts": attempts}
