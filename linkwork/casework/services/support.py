"""Help the link worker gives directly: benefits forms, housing applications and the like."""

import datetime

from django.db import transaction
from django.utils import timezone

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from ..models import Case, DirectSupport
from ..vocabulary import SupportCategory
from .goals import repeated_submission
from .guards import case_locked_for_recording

MOST_MINUTES = 600  # ten hours: longer help is recorded as more than one piece of support


@transaction.atomic
def direct_support_record(
    *,
    by: Actor,
    case: Case,
    provided_on: datetime.date,
    category: str,
    minutes: int,
    note: str = "",
    token: str = "",
) -> DirectSupport:
    """Record help given directly and the time it took; the same form submitted twice records it once."""
    case = case_locked_for_recording(by=by, case=case)
    if earlier := repeated_submission(DirectSupport, case=case, action="direct_support.record", token=token):
        return earlier
    if category not in SupportCategory.values:
        raise DomainError("Choose what kind of help you gave", field="category")
    if provided_on is None:
        raise DomainError("Enter the date you gave the help", field="provided_on")
    if provided_on > timezone.localdate():
        raise DomainError("The date you gave the help must be today or in the past", field="provided_on")
    if not isinstance(minutes, int) or not 1 <= minutes <= MOST_MINUTES:
        raise DomainError(f"Time spent must be between 1 and {MOST_MINUTES} minutes", field="minutes")
    support = DirectSupport(
        case=case, provided_on=provided_on, category=category, minutes=minutes, note=note.strip(), by=by.user
    )
    support.full_clean()
    support.save()
    audit_record(
        actor=by,
        action="direct_support.record",
        target=support,
        person_id=case.person_id,
        details={"category": category, "minutes": minutes, "token": token},
    )
    return support
