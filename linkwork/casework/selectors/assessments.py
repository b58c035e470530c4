"""Reads of a case's holistic assessments: the history, reviews at the scheme's cadence, the timeline.

The case comes from `case_open`, which has already checked the actor may see it and audited the view.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ..domains import DOMAINS
from ..models import Assessment, Case
from ..timeline import TimelineEntry, as_datetime
from ..vocabulary import TimePoint


@dataclass(frozen=True)
class DomainRow:
    """One domain's scores across the assessments, oldest first: a row of the table, a line of the chart."""

    code: str
    name: str
    scores: tuple[int, ...]

    @property
    def change(self) -> int:
        """Latest score minus the first (0 with fewer than two assessments)."""
        return self.scores[-1] - self.scores[0] if self.scores else 0


@dataclass(frozen=True)
class AssessmentHistory:
    assessments: list  # oldest first
    rows: list[DomainRow]
    review_due: datetime.date | None

    @property
    def baseline(self) -> Assessment | None:
        """The start-of-support assessment; a case has at most one."""
        return next((a for a in self.assessments if a.time_point == TimePoint.BASELINE), None)

    @property
    def latest(self) -> Assessment | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def review_overdue(self) -> bool:
        return self.review_due is not None and self.review_due < timezone.localdate()


def assessment_history(case: Case) -> AssessmentHistory:
    """Every assessment of the case with who recorded it, in one query."""
    assessments = list(
        Assessment.objects.filter(case=case).select_related("by").order_by("assessed_on", "id")
    )
    rows = [
        DomainRow(domain.code, domain.name, tuple(a.scores[domain.code] for a in assessments))
        for domain in DOMAINS
    ]
    latest_date = assessments[-1].assessed_on if assessments else None
    return AssessmentHistory(assessments, rows, next_review_due(case, latest_date))


def next_review_due(case: Case, latest_assessment_date: datetime.date | None) -> datetime.date | None:
    """When the next review is due: the scheme's review cadence after the latest assessment.

    None when the case is closed, has no assessment yet (the start-of-support one comes first), or
    the scheme sets no cadence. Pure, no queries: `case.referral.scheme` must already be loaded
    (`select_related("referral__scheme")`, as `case_open` does); give the latest date from an
    annotation such as `Max("assessments__assessed_on")` when listing many cases.
    """
    cadence_weeks = case.referral.scheme.review_cadence_weeks
    if not case.is_open or latest_assessment_date is None or not cadence_weeks:
        return None
    return latest_assessment_date + datetime.timedelta(weeks=cadence_weeks)


def timeline_entries(case: Case) -> list[TimelineEntry]:
    """One entry per assessment for the case page's timeline, in one query."""
    href = reverse("casework:assessments", kwargs={"case_id": case.pk})
    return [
        TimelineEntry(
            at=as_datetime(assessment.assessed_on),
            kind="assessment",
            title=f"Assessment: {assessment.get_time_point_display().lower()}",
            detail=f"Recorded by {assessment.by.display_name}. Scores out of 5: "
            + ", ".join(f"{domain.name} {assessment.scores[domain.code]}" for domain in DOMAINS),
            href=f"{href}#assessment-{assessment.pk}",
        )
        for assessment in Assessment.objects.filter(case=case).select_related("by")
    ]
