"""What matters to the person, their goals and progress towards them."""

import datetime

from django.db import transaction
from django.utils import timezone

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.core.services import audit_record, update_if_unchanged

from ..models import Case, Goal, GoalProgress
from ..vocabulary import ASSESSMENT_DOMAINS, GoalStatus
from .guards import case_locked_for_recording


def repeated_submission(model, *, case: Case, action: str, token: str):
    """What a form submitted twice (a double click, a retry) already created, found by its one-time token."""
    if not token:
        return None
    event = AuditEvent.objects.filter(person_id=case.person_id, action=action, details__token=token).first()
    return model.objects.filter(pk=event.object_id).first() if event else None


def _goal_values(*, domain, description, steps, target_date) -> dict:
    if domain not in ASSESSMENT_DOMAINS:
        raise DomainError("Choose the part of life this goal is about", field="domain")
    if not description.strip():
        raise DomainError("Write the goal in the person's own words", field="description")
    return {
        "domain": domain,
        "description": description.strip(),
        "steps": steps.strip(),
        "target_date": target_date,
    }


def _check_target_date(target_date: datetime.date | None):
    if target_date is not None and target_date < timezone.localdate():
        raise DomainError("The target date must be today or in the future", field="target_date")


@transaction.atomic
def what_matters_update(*, by: Actor, case: Case, expected_version: int, what_matters: str) -> Case:
    """Save what matters to the person; refused with StaleEdit if someone saved it since it was opened."""
    case = case_locked_for_recording(by=by, case=case)
    what_matters = what_matters.strip()
    if case.what_matters == what_matters:
        return case  # already saved, perhaps by this same form sent twice: nothing to overwrite
    case = update_if_unchanged(case, expected_version=expected_version, values={"what_matters": what_matters})
    audit_record(actor=by, action="case.what_matters_update", target=case, person_id=case.person_id)
    return case


@transaction.atomic
def goal_create(
    *,
    by: Actor,
    case: Case,
    domain: str,
    description: str,
    steps: str = "",
    target_date: datetime.date | None = None,
    token: str = "",
) -> Goal:
    """Set a goal with the person; the same form submitted twice sets it once."""
    case = case_locked_for_recording(by=by, case=case)
    if earlier := repeated_submission(Goal, case=case, action="goal.create", token=token):
        return earlier
    values = _goal_values(domain=domain, description=description, steps=steps, target_date=target_date)
    _check_target_date(target_date)
    goal = Goal(case=case, created_by=by.user, **values)
    goal.full_clean()
    goal.save()
    audit_record(
        actor=by,
        action="goal.create",
        target=goal,
        person_id=case.person_id,
        details={"domain": domain, "token": token},
    )
    return goal


@transaction.atomic
def goal_update(
    *,
    by: Actor,
    goal: Goal,
    expected_version: int,
    domain: str,
    description: str,
    steps: str = "",
    target_date: datetime.date | None = None,
) -> Goal:
    """Change a goal's wording, steps or date; refused with StaleEdit if someone saved it since it was opened."""
    case = case_locked_for_recording(by=by, case=goal.case)
    values = _goal_values(domain=domain, description=description, steps=steps, target_date=target_date)
    if target_date != goal.target_date:
        _check_target_date(target_date)
    changed = sorted(name for name, value in values.items() if getattr(goal, name) != value)
    if not changed:
        return goal  # already saved, perhaps by this same form sent twice: nothing to overwrite
    goal = update_if_unchanged(goal, expected_version=expected_version, values=values)
    audit_record(
        actor=by, action="goal.update", target=goal, person_id=case.person_id, details={"changed": changed}
    )
    return goal


@transaction.atomic
def goal_progress_add(*, by: Actor, goal: Goal, note: str, status: str, token: str = "") -> GoalProgress:
    """Note progress on a goal and where it now stands; the goal takes the note's status."""
    case = case_locked_for_recording(by=by, case=goal.case)
    if earlier := repeated_submission(GoalProgress, case=case, action="goal.progress", token=token):
        return earlier
    if status not in GoalStatus.values:
        raise DomainError("Choose where the goal stands now", field="status")
    if not note.strip():
        raise DomainError("Write what has happened with this goal", field="note")
    previous_status = Goal.objects.filter(pk=goal.pk).values_list("status", flat=True).get()
    progress = GoalProgress.objects.create(goal=goal, note=note.strip(), status=status, by=by.user)
    if status != previous_status:
        # Only the status: the goal's wording may be mid-edit by someone else, under its own version check.
        Goal.objects.filter(pk=goal.pk).update(status=status, updated_at=timezone.now())
        goal.status = status
    audit_record(
        actor=by,
        action="goal.progress",
        target=progress,
        person_id=case.person_id,
        details={"goal": goal.pk, "status": status, "previous_status": previous_status, "token": token},
    )
    return progress
