"""Demo referrals at every stage of their life, made through the real services."""

import random
import zlib

from linkwork.accounts.models import Membership, Organisation, Role, User
from linkwork.casework.services.cases import referral_decide_and_open_case
from linkwork.core.context import Actor
from linkwork.referrals.models import Referral
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_decline,
    referral_submit,
    referral_triage,
)
from linkwork.referrals.vocabulary import NEEDS, ContactOutcome, Status

from . import data
from .casework import case_seed

# Where each demo referral ends up, in turn, so every page has something to show.
STAGES = [
    "received",
    "accepted",
    "allocated",
    "contacted",
    "accepted",
    "declined_by_service",
    "signposted",
    "accepted",
    "unable_to_contact",
    "person_declined",
]
NEEDS_CODES = sorted(NEEDS)


def referral_seed(*, scheme, practice, details: dict, number: int, rng: random.Random) -> Referral:
    """One person's referral, from their practice or (where the scheme allows) from themselves."""
    self_referral = "self" in scheme.referral_sources and number % 5 == 4
    referrer = Actor(
        user=_practice_referrer(practice),
        organisation=None if self_referral else practice,
        role="self_referral" if self_referral else Role.REFERRER,
    )
    conditions = rng.sample(scheme.eligible_conditions, k=1) if scheme.eligible_conditions else []
    needs = rng.sample(NEEDS_CODES, k=rng.randint(1, 3))
    needs_details = rng.choice(data.REFERRAL_NOTES)
    key = f"demo:{scheme.slug}:{number}"
    # A reseed keeps what the first seed referred under this number, whatever became of the person
    # since (a merge, an erasure): the same key with other details would rightly be refused.
    existing = Referral.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    referral, _ = referral_submit(
        by=referrer,
        scheme=scheme,
        source="self" if self_referral else "gp_practice",
        person_details=details | {"registered_practice": practice},
        needs=needs,
        conditions=conditions,
        needs_details=needs_details,
        risk_information=data.RISK_NOTE if number % 9 == 3 else "",
        consent_to_refer=True,
        consent_to_share=number % 4 != 1,
        idempotency_key=key,
        duplicate_decision="new",
    )
    return referral


def referral_progress(*, referral: Referral, stage: str, team_lead_membership: Membership) -> None:
    """Move a new referral on to `stage` as the provider's team lead and link worker would."""
    if referral.status != Status.RECEIVED or stage == "received":
        return
    provider = team_lead_membership.organisation
    team_lead = Actor(user=team_lead_membership.user, organisation=provider, role=Role.TEAM_LEAD)
    if stage == "declined_by_service":
        referral_decline(
            by=team_lead,
            referral=referral,
            reason="needs_met_elsewhere",
            redirect_advice=data.REDIRECT_ADVICE,
        )
        return
    if stage == "signposted":
        if "signpost" in referral.scheme.triage_levels:
            referral_triage(
                by=team_lead, referral=referral, level="signpost", signpost_summary=data.SIGNPOST_SUMMARY
            )
        return
    level = "light" if "light" in referral.scheme.triage_levels else referral.scheme.triage_levels[-1]
    note = data.TRIAGE_NOTES[zlib.crc32(referral.idempotency_key.encode()) % len(data.TRIAGE_NOTES)]
    referral = referral_triage(by=team_lead, referral=referral, level=level, note=note)
    # Spread by the idempotency key, not the random id, so every seed allocates the same way.
    worker = _link_worker_at(provider, zlib.crc32(referral.idempotency_key.encode()))
    referral = referral_allocate(by=team_lead, referral=referral, link_worker=worker)
    if stage == "allocated":
        return
    link_worker = Actor(user=worker, organisation=provider, role=Role.LINK_WORKER)
    failures = referral.scheme.contact_attempts_before_closing if stage == "unable_to_contact" else 1
    for _ in range(failures):
        contact_attempt_record(
            by=link_worker, referral=referral, method="phone", outcome=ContactOutcome.NO_ANSWER
        )
    if stage == "unable_to_contact":
        return
    contact_attempt_record(by=link_worker, referral=referral, method="phone", outcome=ContactOutcome.REACHED)
    if stage in {"accepted", "person_declined"}:
        case = referral_decide_and_open_case(by=link_worker, referral=referral, accepted=stage == "accepted")
        if case is not None:
            # The idempotency key ("demo:<scheme>:<n>") seeds the randomness, so a reset repeats the demo exactly.
            rng = random.Random(referral.idempotency_key)
            case_seed(case=case, link_worker=link_worker, team_lead=team_lead, rng=rng)


def _practice_referrer(practice: Organisation) -> User | None:
    membership = (
        practice.memberships.filter(role=Role.REFERRER, is_active=True).select_related("user").first()
    )
    return membership.user if membership else None


def _link_worker_at(provider: Organisation, spread: int) -> User:
    workers = list(
        User.objects.filter(
            memberships__organisation=provider,
            memberships__role=Role.LINK_WORKER,
            memberships__is_active=True,
        ).order_by("username")
    )
    return workers[spread % len(workers)]
