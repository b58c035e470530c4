"""The one guard in front of every record made on a case (contacts, goals, support, assessments, risk,
measures, onward referrals, an extension)."""

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError

from .. import rules
from ..models import Case


def case_locked_for_recording(*, by: Actor, case: Case) -> Case:
    """The case re-read under a row lock, once `by` may record on it and it is still open.

    Call it inside the service's transaction, before any check that reads what is already recorded
    (the session limit, the one start-of-support assessment, one open flag of a kind): two requests
    for the same case then run those checks one after the other, never both on the same old state.
    The referral and scheme come with it (not locked) for the checks that need the scheme's limits.
    """
    case = Case.objects.select_for_update(of=("self",)).select_related("referral__scheme").get(pk=case.pk)
    if not rules.can_record_on(by, case):
        raise DomainError("Only the case's link workers or a team lead can record on this case")
    if not case.is_open:
        raise DomainError("This case is closed: re-refer the person to open a new one")
    return case
