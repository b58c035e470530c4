"""Risk and safeguarding flags: raised with a description, escalated, and cleared only with a reason."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from linkwork.core import events
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from ..models import Case, RiskFlag
from ..vocabulary import RiskKind
from .guards import case_locked_for_recording


def _locked_flag(by: Actor, flag: RiskFlag) -> RiskFlag:
    case_locked_for_recording(by=by, case=flag.case)
    return RiskFlag.objects.select_related("case").get(pk=flag.pk)


def _refuse_if_cleared(flag: RiskFlag) -> None:
    if flag.cleared_at is not None:
        raise DomainError("This flag has already been cleared: someone else has acted on it")


@transaction.atomic
def risk_flag_raise(*, by: Actor, case: Case, kind: str, description: str) -> RiskFlag:
    """Raise a flag shown on every page of the case. One open flag per kind: add escalations to it."""
    description = description.strip()
    if kind not in RiskKind.values:
        raise DomainError("Choose the kind of risk", field="kind")
    if not description:
        raise DomainError("Describe the risk", field="description")
    case = case_locked_for_recording(by=by, case=case)
    already = RiskFlag.objects.filter(case=case, kind=kind).raised().first()
    if already is not None:
        if already.description == description and already.raised_by_id == by.user.pk:
            return already  # the same form sent twice: one flag, not a refusal
        raise DomainError(
            f"A “{RiskKind(kind).label}” flag is already raised on this case; add an escalation instead",
            field="kind",
        )
    flag = RiskFlag.objects.create(
        case=case, kind=kind, description=description, raised_by=by.user, raised_at=timezone.now()
    )
    audit_record(actor=by, action="risk.raise", target=flag, person_id=case.person_id, details={"kind": kind})
    events.publish(events.RISK_RAISED, flag=flag, by=by)
    return flag


@transaction.atomic
def risk_flag_raise_from_answer(*, by: Actor, case: Case, kind: str, description: str) -> RiskFlag:
    """Raise a flag because of an answer the person gave (PHQ-9 question 9, say), at once and never refused.

    The caller has already been allowed to record the answer; `by` may be the system, when the person
    answered through a secure link. An open flag of the same kind stays the one flag: the answer is
    audited against it.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    flag = RiskFlag.objects.filter(case=case, kind=kind).raised().first()
    if flag is None:
        flag = RiskFlag.objects.create(
            case=case, kind=kind, description=description, raised_by=by.user, raised_at=timezone.now()
        )
        events.publish(events.RISK_RAISED, flag=flag, by=by)
    audit_record(
        actor=by,
        action="risk.raise_from_answer",
        target=flag,
        person_id=case.person_id,
        details={"kind": kind, "answer": description},
    )
    return flag


@transaction.atomic
def risk_flag_escalate(*, by: Actor, flag: RiskFlag, escalated_to: str, response: str = "") -> RiskFlag:
    """Record who the concern went to and what they said; each escalation adds a dated line."""
    # One line per escalation in the history, so line breaks typed in the box become spaces.
    escalated_to, response = " ".join(escalated_to.split()), " ".join(response.split())
    if not escalated_to:
        raise DomainError("Say who you escalated it to", field="escalated_to")
    flag = _locked_flag(by, flag)
    _refuse_if_cleared(flag)
    now = timezone.now()
    # Read as "escalated to <line>" in the banner: who first, then when and what they said.
    line = f"{escalated_to} ({date_format(timezone.localtime(now), 'j F Y, H:i')})"
    if response:
        line += f": {response}"
    if flag.escalated_to.splitlines()[-1:] == [line]:
        return flag  # the same escalation sent twice within the minute
    flag.escalated_to = f"{flag.escalated_to}\n{line}" if flag.escalated_to else line
    flag.escalated_at = now
    flag.save(update_fields=["escalated_to", "escalated_at", "updated_at"])
    audit_record(actor=by, action="risk.escalate", target=flag, person_id=flag.case.person_id)
    return flag


@transaction.atomic
def risk_flag_clear(*, by: Actor, flag: RiskFlag, reason: str) -> RiskFlag:
    """Clear a flag; the reason is kept with it, and the banner no longer shows it."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Give a reason for clearing this flag", field="reason")
    flag = _locked_flag(by, flag)
    if flag.cleared_at is not None and (flag.cleared_by_id, flag.clear_reason) == (by.user.pk, reason):
        return flag  # the same form sent twice
    _refuse_if_cleared(flag)
    flag.cleared_at = timezone.now()
    flag.cleared_by = by.user
    flag.clear_reason = reason
    flag.save(update_fields=["cleared_at", "cleared_by", "clear_reason", "updated_at"])
    audit_record(
        actor=by, action="risk.clear", target=flag, person_id=flag.case.person_id, details={"kind": flag.kind}
    )
    return flag
