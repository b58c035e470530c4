"""Writes for the referral lifecycle: submit, triage, allocate, contact, and the person's decision."""

import datetime
import hashlib
import json
import uuid

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from linkwork.accounts.models import Membership, Role
from linkwork.core import events
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_deferred, audit_record
from linkwork.people.models import LegitimateRelationship, Person
from linkwork.people.services import person_resolve, relationship_grant
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.schemes.eligibility import check_eligibility
from linkwork.schemes.vocabulary import LONG_TERM_CONDITIONS, REFERRAL_SOURCES

from . import rules
from .models import ContactAttempt, Referral
from .vocabulary import NEEDS, SNOMED_REFERRAL_ACCEPTED, SNOMED_REFERRAL_DECLINED, ContactOutcome, Status

# The referral form's limits, held whichever way a referral arrives (form, API or FHIR).
TEXT_LIMITS = {
    "needs_details": 2000,
    "risk_information": 2000,
    "eligibility_override_reason": 1000,
    "referrer_contact": 200,
}


class Ineligible(DomainError):
    """The referral does not meet the scheme's criteria and no override reason was given."""

    def __init__(self, issues):
        super().__init__("Not eligible: " + "; ".join(issues), field="eligibility_override_reason")
        self.issues = issues


class IdempotencyConflict(DomainError):
    """The submission's key was already used for a referral with other details."""

    def __init__(self):
        super().__init__(
            "This key was already used to send a referral with different details. A retry must send "
            "exactly the same details; a new referral needs a new key.",
            field="idempotency_key",
        )


def referral_submit(
    *,
    by: Actor,
    scheme,
    source: str,
    person_details: dict,
    needs: list,
    consent_to_refer: bool,
    idempotency_key: str | None = None,
    duplicate_decision: str | None = None,
    **details,
) -> tuple[Referral, bool]:
    """Record a referral and link the referrer and the scheme's providers to the person.

    Returns (referral, created). A repeated idempotency key with the same details returns the first
    referral unchanged, even when two requests with the same key arrive together; with other details
    it raises IdempotencyConflict.
    """
    fingerprint = _submission_fingerprint(
        scheme=scheme,
        source=source,
        person_details=person_details,
        needs=needs,
        consent_to_refer=consent_to_refer,
        details=details,
    )
    if idempotency_key:
        existing = Referral.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replayed(existing, fingerprint), False
    _check_submission(
        referrer=by.organisation,
        scheme=scheme,
        source=source,
        needs=needs,
        consent_to_refer=consent_to_refer,
        details=details,
    )
    issues = check_eligibility(
        scheme,
        date_of_birth=person_details.get("date_of_birth"),
        conditions=details.get("conditions", []),
        source=source,
        on=timezone.localdate(),
    )
    override = details.get("eligibility_override_reason", "").strip()
    if issues and not override:
        raise Ineligible(issues)
    try:
        with transaction.atomic(), audit_deferred():
            referral = _create(
                by=by,
                scheme=scheme,
                source=source,
                person_details=person_details,
                needs=needs,
                consent_to_refer=consent_to_refer,
                idempotency_key=idempotency_key or None,
                idempotency_fingerprint=fingerprint if idempotency_key else "",
                duplicate_decision=duplicate_decision,
                eligibility_issues=issues,
                **(details | {"eligibility_override_reason": override}),
            )
    except IntegrityError:
        existing = (
            Referral.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        )
        if existing is None:
            raise
        return _replayed(existing, fingerprint), False
    return referral, True


def _submission_fingerprint(*, scheme, source, person_details, needs, consent_to_refer, details) -> str:
    """A digest of what a submission asks for; the order of needs and conditions does not count."""
    content = {
        "scheme": scheme.pk,
        "source": source,
        "person": person_details,
        "needs": sorted(needs),
        "consent_to_refer": consent_to_refer,
        **details,
        "conditions": sorted(details.get("conditions", [])),
    }
    text = json.dumps(content, sort_keys=True, default=_plain_value)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain_value(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _replayed(existing: Referral, fingerprint: str) -> Referral:
    if existing.idempotency_fingerprint and existing.idempotency_fingerprint != fingerprint:
        raise IdempotencyConflict()
    return existing


def _check_submission(*, referrer, scheme, source, needs, consent_to_refer, details):
    if not consent_to_refer:
        raise DomainError(
            "The person must agree to be referred before you can refer them", field="consent_to_refer"
        )
    if source not in REFERRAL_SOURCES:
        raise DomainError(f"Unknown referral source {source!r}", field="source")
    if not needs:
        raise DomainError("Choose at least one reason for the referral", field="needs")
    unknown = [need for need in needs if need not in NEEDS]
    if unknown:
        raise DomainError(f"Unknown reasons for referral: {', '.join(unknown)}", field="needs")
    unknown = [code for code in details.get("conditions", []) if code not in LONG_TERM_CONDITIONS]
    if unknown:
        raise DomainError(f"Unknown long-term conditions: {', '.join(unknown)}", field="conditions")
    for field, limit in TEXT_LIMITS.items():
        length = len(details.get(field) or "")
        if length > limit:
            raise DomainError(f"Keep this to {limit:,} characters or fewer (it has {length:,})", field=field)
    if not scheme.is_active:
        raise DomainError(f"{scheme.name} is not taking referrals", field="scheme")
    if not scheme.accepts_source(source):
        label = REFERRAL_SOURCES[source].lower()
        raise DomainError(f"{scheme.name} does not accept referrals from {label}", field="source")
    if (referrer is None) != (source == "self"):
        raise DomainError("Only the person themselves can make a self-referral", field="source")
    if (
        referrer is not None
        and referrer.kind == "gp_practice"
        and not scheme.practices.filter(pk=referrer.pk).exists()
    ):
        raise DomainError(f"{scheme.name} does not serve {referrer.name}", field="scheme")


def _create(*, by, scheme, person_details, duplicate_decision, **fields) -> Referral:
    referral_id = uuid.uuid4()
    source = f"referrals.referral:{referral_id}"
    providers = list(scheme.providers.all())
    if not providers:
        raise DomainError(f"{scheme.name} has no provider to receive referrals yet", field="scheme")
    # A self-referral has no referring organisation: the scheme's providers hold the link.
    first_holder = by.organisation or providers[0]
    person = person_resolve(
        by=by,
        organisation=first_holder,
        basis=RelationshipBasis.REFERRAL,
        source=source,
        details=person_details,
        duplicate_decision=duplicate_decision,
    )
    _record_registered_practice(by=by, person=person)
    referral = Referral.objects.create(
        id=referral_id,
        scheme=scheme,
        person=person,
        referring_organisation=by.organisation,
        referred_by=by.user,
        **fields,
    )
    for provider in providers:
        relationship_grant(
            by=by, person=person, organisation=provider, basis=RelationshipBasis.REFERRAL, source=source
        )
    audit_record(
        actor=by,
        action="referral.submit",
        target=referral,
        person_id=person.pk,
        details={"scheme": scheme.slug, "override": bool(referral.eligibility_override_reason)},
    )
    return referral


def _record_registered_practice(*, by, person):
    """A GP practice refers its own registered patients: record the practice where nobody has yet, so
    per-practice figures count them. A practice already recorded is never overwritten from a referral."""
    practice = by.organisation
    if practice is None or practice.kind != "gp_practice" or person.registered_practice_id is not None:
        return
    Person.objects.filter(pk=person.pk, registered_practice__isnull=True).update(registered_practice=practice)
    person.registered_practice = practice
    audit_record(
        actor=by,
        action="person.practice_recorded",
        target=person,
        person_id=person.pk,
        details={"practice": practice.pk},
    )


def _locked(referral, *allowed_statuses) -> Referral:
    """The referral re-read under a row lock, refused if another person has moved it on."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status not in allowed_statuses:
        raise DomainError(
            f"This referral is already {current.get_status_display().lower()}: someone else has acted on it. "
            "Refresh the page to see what happened."
        )
    return current


@transaction.atomic
def referral_triage(
    *, by: Actor, referral: Referral, level: str, note: str = "", signpost_summary: str = ""
) -> Referral:
    """Set the triage level. Signposting closes the referral with what was given."""
    referral = _locked(referral, Status.RECEIVED, Status.TRIAGED)
    if level not in referral.scheme.triage_levels:
        raise DomainError(f"{referral.scheme.name} does not use that triage level", field="level")
    if level == "signpost" and not signpost_summary.strip():
        raise DomainError("Say what information or contacts were given", field="signpost_summary")
    now = timezone.now()
    referral.triage_level = level
    referral.triage_note = note
    referral.triaged_at = now
    referral.triaged_by = by.user
    if level == "signpost":
        referral.status = Status.SIGNPOSTED
        referral.signpost_summary = signpost_summary.strip()
        referral.outcome_at = now
        referral.provider = by.organisation
    else:
        referral.status = Status.TRIAGED
    referral.save()
    audit_record(
        actor=by,
        action="referral.triage",
        target=referral,
        person_id=referral.person_id,
        details={"level": level},
    )
    return referral


@transaction.atomic
def referral_decline(*, by: Actor, referral: Referral, reason: str, redirect_advice: str) -> Referral:
    """The service declines the referral, with the reason and advice on where to go instead."""
    referral = _locked(referral, Status.RECEIVED, Status.TRIAGED)
    if not redirect_advice.strip():
        raise DomainError("Say where the person or referrer should go instead", field="redirect_advice")
    referral.status = Status.DECLINED
    referral.decline_reason = reason
    referral.redirect_advice = redirect_advice.strip()
    referral.triaged_at = referral.outcome_at = timezone.now()
    referral.triaged_by = by.user
    referral.provider = by.organisation
    referral.save()
    audit_record(
        actor=by,
        action="referral.decline",
        target=referral,
        person_id=referral.person_id,
        details={"reason": reason},
    )
    events.publish(events.REFERRAL_DECLINED, referral=referral, by=by)
    return referral


@transaction.atomic
def referral_allocate(*, by: Actor, referral: Referral, link_worker) -> Referral:
    """Give the referral to a link worker of the allocating provider; other providers lose sight of it."""
    referral = _locked(referral, Status.TRIAGED, Status.ALLOCATED, Status.CONTACTED)
    works_here = Membership.objects.active().filter(
        user=link_worker, organisation=by.organisation, role__in=[Role.LINK_WORKER, Role.TEAM_LEAD]
    )
    if not works_here.exists():
        raise DomainError("Choose a link worker who works for your organisation", field="link_worker")
    source = f"referrals.referral:{referral.pk}"
    now = timezone.now()
    if referral.provider_id is None:
        LegitimateRelationship.objects.filter(
            person=referral.person, source=source, ended_at__isnull=True
        ).exclude(organisation__in=[by.organisation, referral.referring_organisation]).update(ended_at=now)
    relationship_grant(
        by=by,
        person=referral.person,
        organisation=by.organisation,
        basis=RelationshipBasis.ALLOCATION,
        source=source,
    )
    referral.provider = by.organisation
    referral.link_worker = link_worker
    referral.allocated_at = now
    if referral.status == Status.TRIAGED:
        referral.status = Status.ALLOCATED
    referral.save()
    audit_record(
        actor=by,
        action="referral.allocate",
        target=referral,
        person_id=referral.person_id,
        details={"link_worker": link_worker.get_username()},
    )
    events.publish(events.REFERRAL_ALLOCATED, referral=referral, by=by)
    return referral


@transaction.atomic
def contact_attempt_record(
    *, by: Actor, referral: Referral, method: str, outcome: str, attempted_at=None, note: str = ""
) -> ContactAttempt:
    """Log an attempt to reach the person; after the scheme's number of failures the referral closes."""
    referral = _locked(referral, Status.ALLOCATED, Status.CONTACTED)
    if not rules.can_record_contact(by, referral):
        raise DomainError("Only the allocated link worker or a team lead can record contact")
    attempted_at = attempted_at or timezone.now()
    if attempted_at > timezone.now():
        raise DomainError("The attempt cannot be in the future", field="attempted_at")
    attempt = ContactAttempt.objects.create(
        referral=referral, attempted_at=attempted_at, method=method, outcome=outcome, note=note, by=by.user
    )
    if outcome == ContactOutcome.REACHED:
        referral.first_contact_at = referral.first_contact_at or attempted_at
        referral.status = Status.CONTACTED
    elif referral.first_contact_at is None:
        failures = referral.contact_attempts.exclude(outcome=ContactOutcome.REACHED).count()
        if failures >= referral.scheme.contact_attempts_before_closing:
            referral.status = Status.UNABLE_TO_CONTACT
            referral.outcome_at = attempted_at
    referral.save()
    audit_record(
        actor=by,
        action="referral.contact_attempt",
        target=referral,
        person_id=referral.person_id,
        details={"method": method, "outcome": outcome},
    )
    return attempt


@transaction.atomic
def referral_record_decision(*, by: Actor, referral: Referral, accepted: bool, note: str = "") -> Referral:
    """The person accepts (SNOMED 871731000000106) or declines (871711000000103) social prescribing."""
    referral = _locked(referral, Status.CONTACTED)
    if not rules.can_record_contact(by, referral):
        raise DomainError("Only the allocated link worker or a team lead can record the person's decision")
    referral.status = Status.ACCEPTED if accepted else Status.PERSON_DECLINED
    referral.outcome_at = timezone.now()
    referral.outcome_note = note
    if referral.scheme.records_snomed_codes:
        referral.snomed_code = SNOMED_REFERRAL_ACCEPTED if accepted else SNOMED_REFERRAL_DECLINED
    referral.save()
    audit_record(
        actor=by,
        action="referral.accept" if accepted else "referral.person_decline",
        target=referral,
        person_id=referral.person_id,
        details={"snomed": referral.snomed_code},
    )
    events.publish(
        events.REFERRAL_ACCEPTED if accepted else events.REFERRAL_DECLINED, referral=referral, by=by
    )
    return referral


_SOURCE_BY_ORGANISATION_KIND = {"gp_practice": "gp_practice", "pcn": "health", "agency": "other_agency"}


def source_for_organisation(organisation) -> str:
    """The referral source a referrer's organisation stands for."""
    return _SOURCE_BY_ORGANISATION_KIND.get(organisation.kind, "other_agency")
