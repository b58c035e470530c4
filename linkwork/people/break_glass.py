"""Emergency access ("break-glass"): a link worker or team lead opens a record outside their organisation's
scope by saying why and confirming their second factor. It lets only them in, for a few hours, shows on
every audit event as emergency access, and waits for a team lead of their organisation to review it.

It opens the person's record (details, contact, who is involved), not other organisations' referrals or
cases: those stay with the organisations that hold them.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from linkwork.accounts.two_factor import code_verify
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from .models import BreakGlassAccess, LegitimateRelationship, Person
from .rules import can_break_glass, can_review_break_glass
from .vocabulary import RelationshipBasis

MINIMUM_REASON_LENGTH = 20


def access_hours() -> int:
    return getattr(settings, "LINKWORK_BREAK_GLASS_HOURS", 4)


def break_glass_open(*, by: Actor, nhs_number: str, reason: str, code: str) -> BreakGlassAccess | Person:
    """Open the record with this NHS number for `by` alone; returns the person directly if they can
    already see it (no emergency access is needed or recorded). A refusal is audited, and kept."""
    if not can_break_glass(by):
        raise DomainError("Your role cannot use emergency access")
    reason = " ".join(reason.split())
    if len(reason) < MINIMUM_REASON_LENGTH:
        raise DomainError(
            f"Say why you need this record now, in at least {MINIMUM_REASON_LENGTH} characters",
            field="reason",
        )
    problem = code_verify(user=by.user, code=code)
    person = Person.objects.filter(nhs_number=nhs_number, merged_into__isnull=True).first()
    if problem or person is None:
        audit_record(
            actor=by,
            action="person.break_glass",
            person_id=person.pk if person else None,
            denied=True,
            reason=reason,
        )
        if problem:
            raise DomainError(problem, field="code")
        raise DomainError("No record has this NHS number", field="nhs_number")
    if Person.objects.visible_to(by).filter(pk=person.pk).exists():
        return person
    return _grant(by=by, person=person, reason=reason)


def is_emergency_access(opened: BreakGlassAccess | Person) -> bool:
    """Whether `break_glass_open` granted emergency access, rather than finding the record already visible."""
    return isinstance(opened, BreakGlassAccess)


@transaction.atomic
def _grant(*, by: Actor, person: Person, reason: str) -> BreakGlassAccess:
    expires_at = timezone.now() + datetime.timedelta(hours=access_hours())
    access = BreakGlassAccess.objects.create(
        person=person, user=by.user, organisation_id=by.organisation_id, reason=reason, expires_at=expires_at
    )
    LegitimateRelationship.objects.create(
        person=person,
        organisation_id=by.organisation_id,
        basis=RelationshipBasis.BREAK_GLASS,
        source=f"people.breakglassaccess:{access.pk}",
        granted_to=by.user,
        ended_at=expires_at,
    )
    audit_record(
        actor=by,
        action="person.break_glass",
        target=access,
        person_id=person.pk,
        reason=reason,
        details={"break_glass": True, "expires_at": expires_at.isoformat()},
    )
    return access


def break_glass_current(*, actor: Actor, person: Person) -> BreakGlassAccess | None:
    """The actor's own emergency access to this person that is still running, if that is how they see it."""
    if actor.user_id is None:
        return None
    return (
        BreakGlassAccess.objects.filter(person=person, user_id=actor.user_id, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def break_glass_queue(*, actor: Actor) -> list[BreakGlassAccess]:
    """Emergency accesses by the actor's organisation still to review, oldest first."""
    if not can_review_break_glass(actor):
        return []
    return list(
        BreakGlassAccess.objects.visible_to(actor)
        .awaiting_review()
        .select_related("person", "user")
        .order_by("created_at")
    )


def break_glass_for_review(*, actor: Actor, access_id) -> BreakGlassAccess | None:
    """One emergency access by the actor's organisation, if the actor may review it (else None)."""
    if not can_review_break_glass(actor):
        return None
    return BreakGlassAccess.objects.visible_to(actor).filter(pk=access_id).first()


@transaction.atomic
def break_glass_review(*, by: Actor, access_id, note: str) -> BreakGlassAccess:
    """A team lead records that an emergency access was justified, or what was done about it."""
    if not can_review_break_glass(by):
        raise DomainError("Only a team lead can review emergency access")
    access = BreakGlassAccess.objects.visible_to(by).select_for_update().filter(pk=access_id).first()
    if access is None:
        raise DomainError("There is no such emergency access to review")
    if access.user_id == by.user_id:
        raise DomainError("Someone else must review your own emergency access")
    if access.reviewed_at is not None:
        return access
    note = note.strip()
    if not note:
        raise DomainError(
            "Say what you found: whether the access was justified, and any action", field="note"
        )
    access.reviewed_by, access.reviewed_at, access.review_note = by.user, timezone.now(), note
    access.save(update_fields=["reviewed_by", "reviewed_at", "review_note", "updated_at"])
    audit_record(actor=by, action="person.break_glass_review", target=access, person_id=access.person_id)
    return access
