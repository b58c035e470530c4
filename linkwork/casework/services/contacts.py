"""Recording contacts and appointments on a case."""

from django.db import transaction
from django.utils import timezone

from linkwork.core import events
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record, update_if_unchanged

from ..limits import session_limit
from ..models import Contact
from ..vocabulary import Attendance
from .guards import case_locked_for_recording


def _check_session_limit(case, attendance):
    """An attended session past the scheme's limit needs a recorded reason to extend first. The case
    is locked by the caller, so two sessions recorded at once cannot both take the last place."""
    if attendance == Attendance.ATTENDED:
        session_limit(case, case.contacts.sessions().count()).check_room_for_another()


def _check_time(occurs_at, attendance):
    now = timezone.now()
    if attendance == Attendance.BOOKED and occurs_at < now:
        raise DomainError("A booked appointment must be in the future", field="occurs_at")
    if attendance != Attendance.BOOKED and occurs_at > now:
        raise DomainError(
            "A contact that has happened cannot be in the future; book it instead", field="occurs_at"
        )


@transaction.atomic
def contact_record(
    *,
    by: Actor,
    case,
    occurs_at,
    mode: str,
    place: str,
    attendance: str,
    duration_minutes=None,
    note: str = "",
) -> Contact:
    """Record a contact that happened, or book an appointment to mark later."""
    case = case_locked_for_recording(by=by, case=case)
    _check_time(occurs_at, attendance)
    _check_session_limit(case, attendance)
    contact = Contact(
        case=case,
        occurs_at=occurs_at,
        mode=mode,
        place=place,
        attendance=attendance,
        duration_minutes=duration_minutes,
        note=note.strip(),
        recorded_by=by.user,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        actor=by,
        action="case.contact_record",
        target=contact,
        person_id=case.person_id,
        details={"attendance": attendance, "mode": mode},
    )
    if attendance == Attendance.BOOKED:
        events.publish(events.APPOINTMENT_BOOKED, appointment=contact, by=by)
    return contact


@transaction.atomic
def contact_mark(
    *, by: Actor, contact: Contact, attendance: str, expected_version: int, note: str = ""
) -> Contact:
    """Mark a booked appointment attended, not attended or cancelled (refused if someone got there first)."""
    case = case_locked_for_recording(by=by, case=contact.case)
    if attendance == Attendance.BOOKED:
        raise DomainError("Choose what happened at the appointment", field="attendance")
    if contact.occurs_at > timezone.now() and attendance != Attendance.CANCELLED:
        raise DomainError("This appointment has not happened yet: you can only cancel it", field="attendance")
    _check_session_limit(case, attendance)
    values = {"attendance": attendance, "note": "\n".join(filter(None, [contact.note, note.strip()]))}
    contact = update_if_unchanged(contact, expected_version=expected_version, values=values)
    audit_record(
        actor=by,
        action="case.contact_mark",
        target=contact,
        person_id=case.person_id,
        details={"attendance": attendance},
    )
    return contact


@transaction.atomic
def appointment_move(*, by: Actor, contact: Contact, occurs_at, expected_version: int) -> Contact:
    """Move a booked appointment to a new time in the future; the person is told again (the confirmation's
    key holds the time). Refused with StaleEdit if someone changed it since the page was opened."""
    case_locked_for_recording(by=by, case=contact.case)
    if contact.attendance != Attendance.BOOKED:
        raise DomainError("Only a booked appointment can be moved")
    if occurs_at <= timezone.now():
        raise DomainError("Choose a time in the future", field="day")
    if occurs_at == contact.occurs_at:
        return contact
    previous = contact.occurs_at
    contact = update_if_unchanged(contact, expected_version=expected_version, values={"occurs_at": occurs_at})
    audit_record(
        actor=by,
        action="case.appointment_move",
        target=contact,
        person_id=contact.case.person_id,
        details={"from": previous.isoformat(), "to": occurs_at.isoformat()},
    )
    events.publish(events.APPOINTMENT_BOOKED, appointment=contact, by=by)
    return contact
