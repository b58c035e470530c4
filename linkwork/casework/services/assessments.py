"""Recording a holistic assessment: all eight domains scored 1 to 5, at the start, a review or the end."""

import datetime

from django.db import transaction
from django.utils import timezone

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from ..domains import DOMAINS, HIGHEST_SCORE, LOWEST_SCORE
from ..models import Assessment, Case
from ..vocabulary import TimePoint
from .guards import case_locked_for_recording


@transaction.atomic
def assessment_record(
    *,
    by: Actor,
    case: Case,
    assessed_on: datetime.date,
    time_point: str,
    scores: dict,
    note: str = "",
) -> Assessment:
    """Record one assessment. Repeating the same one (a double submit or a retry) returns the first.

    The case is locked first, so two people recording a start-of-support assessment at once cannot
    both succeed.
    """
    scores = _checked_scores(scores)
    if time_point not in TimePoint.values:
        raise DomainError(
            "Choose when this assessment was: start of support, review or end of support", field="time_point"
        )
    _check_date(assessed_on)
    case = case_locked_for_recording(by=by, case=case)
    opened_on = timezone.localdate(case.opened_at)
    if assessed_on < opened_on:
        raise DomainError(
            f"The date of the assessment cannot be before the case opened on {_uk(opened_on)}",
            field="assessed_on",
        )
    note = note.strip()
    earlier = list(case.assessments.all())
    for assessment in earlier:
        if (assessment.assessed_on, assessment.time_point, assessment.scores, assessment.note) == (
            assessed_on,
            time_point,
            scores,
            note,
        ):
            return assessment
    baseline = next((a for a in earlier if a.time_point == TimePoint.BASELINE), None)
    if time_point == TimePoint.BASELINE and baseline is not None:
        raise DomainError(
            f"The start-of-support assessment was already recorded on {_uk(baseline.assessed_on)}. "
            "Record this one as a review or the end of support.",
            field="time_point",
        )
    assessment = Assessment.objects.create(
        case=case, assessed_on=assessed_on, time_point=time_point, scores=scores, note=note, by=by.user
    )
    audit_record(
        actor=by,
        action="assessment.record",
        target=assessment,
        person_id=case.person_id,
        details={"case": str(case.pk), "time_point": time_point, "assessed_on": assessed_on.isoformat()},
    )
    return assessment


def _checked_scores(scores) -> dict:
    """Exactly the eight domains, each a whole number from 1 to 5, in domain order."""
    if not isinstance(scores, dict):
        raise DomainError("Give a score for each of the eight areas")
    unknown = sorted(set(scores) - {domain.code for domain in DOMAINS})
    if unknown:
        raise DomainError(f"These are not areas of the assessment: {', '.join(unknown)}")
    checked = {}
    for domain in DOMAINS:
        score = scores.get(domain.code)
        if score is None:
            raise DomainError(f"Choose a score for {domain.name}", field=domain.code)
        # bool is an int in Python; True must not pass as a score of 1.
        if type(score) is not int or not LOWEST_SCORE <= score <= HIGHEST_SCORE:
            raise DomainError(
                f"The score for {domain.name} must be a whole number from {LOWEST_SCORE} to {HIGHEST_SCORE}",
                field=domain.code,
            )
        checked[domain.code] = score
    return checked


def _check_date(assessed_on):
    # A datetime is a date too; only a plain date says which day without hiding a time.
    if not isinstance(assessed_on, datetime.date) or isinstance(assessed_on, datetime.datetime):
        raise DomainError("Enter the date of the assessment", field="assessed_on")
    if assessed_on > timezone.localdate():
        raise DomainError("The date of the assessment must be today or in the past", field="assessed_on")


def _uk(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
