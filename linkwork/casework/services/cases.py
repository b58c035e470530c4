from django.db import transaction
from django.utils import timezone

from linkwork.core import events
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record, update_if_unchanged
from linkwork.referrals.services import referral_record_decision

from .. import rules
from ..models import Case, Goal, GoalProgress
from ..vocabulary import Attendance, DischargeReason, GoalStatus
from .guards import case_locked_for_recording


@transaction.atomic
def referral_decide_and_open_case(*, by: Actor, referral, accepted: bool, note: str = "") -> Case | None:
    """Record the person's decision; when they accept, their case opens in the same transaction."""
    referral = referral_record_decision(by=by, referral=referral, accepted=accepted, note=note)
    if not accepted:
        return None
    case = Case.objects.create(
        referral=referral,
        person=referral.person,
        provider=referral.provider,
        link_worker=referral.link_worker,
        opened_at=referral.outcome_at,
    )
    audit_record(actor=by, action="case.open", target=case, person_id=case.person_id)
    return case


@transaction.atomic
def case_extend(*, by: Actor, case: Case, reason: str, expected_version: int) -> Case:
    """Record why support continues past the scheme's session or time limit."""
    case = case_locked_for_recording(by=by, case=case)
    if not reason.strip():
        raise DomainError("Say why support should continue past the scheme's limit", field="reason")
    case = update_if_unchanged(
        case,
        expected_version=expected_version,
        values={"extension_reason": reason.strip(), "extended_at": timezone.now()},
    )
    audit_record(actor=by, action="case.extend", target=case, person_id=case.person_id)
    return case


@transaction.atomic
def case_discharge(
    *,
    by: Actor,
    case: Case,
    reason: str,
    summary: str,
    expected_version: int,
    goal_statuses: dict | None = None,
) -> Case:
    """Close the case with a reason and a summary; booked appointments still ahead are cancelled.

    `goal_statuses` ({goal id: status}) records where each goal ended, before the message back to the
    referrer is written, so it never reports "not started" for a goal that was met.
    """
    if not rules.can_record_on(by, case):
        raise DomainError("Only the case's link workers or a team lead can discharge this case")
    if not case.is_open:
        raise DomainError("This case is already closed")
    if reason not in DischargeReason.values:
        raise DomainError("Choose why support is ending", field="reason")
    if not summary.strip():
        raise DomainError("Write a short summary of the support and what changed", field="summary")
    goal_statuses = goal_statuses or {}
    if set(goal_statuses.values()) - set(GoalStatus.values):
        raise DomainError("Choose where each goal ended")
    now = timezone.now()
    case = update_if_unchanged(
        case,
        expected_version=expected_version,
        values={
            "status": Case.Status.CLOSED,
            "closed_at": now,
            "discharge_reason": reason,
            "discharge_summary": summary.strip(),
        },
    )
    case.contacts.filter(attendance=Attendance.BOOKED, occurs_at__gt=now).update(
        attendance=Attendance.CANCELLED
    )
    _record_final_goal_statuses(by, case, goal_statuses)
    audit_record(
        actor=by, action="case.discharge", target=case, person_id=case.person_id, details={"reason": reason}
    )
    events.publish(events.CASE_DISCHARGED, case=case, by=by)
    return case


def _record_final_goal_statuses(by: Actor, case: Case, goal_statuses: dict) -> None:
    """Each goal's status at discharge, as a progress note where it changed (so its history shows why)."""
    goals = {goal.pk: goal for goal in Goal.objects.filter(case=case, pk__in=list(goal_statuses))}
    if len(goals) != len(goal_statuses):
        raise DomainError("A goal named is not one of this case's goals")
    for goal_id, status in goal_statuses.items():
        goal = goals[goal_id]
        if goal.status == status:
            continue
        GoalProgress.objects.create(
            goal=goal, note="Where the goal ended, at discharge.", status=status, by=by.user
        )
        Goal.objects.filter(pk=goal.pk).update(status=status, updated_at=timezone.now())
        audit_record(
            actor=by,
            action="goal.progress",
            target=goal,
            person_id=case.person_id,
            details={"goal": goal.pk, "status": status, "previous_status": goal.status, "at": "discharge"},
        )
