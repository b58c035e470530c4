"""Which measures a case owes: the scheme's schedule against what has been recorded. Pure, no queries.

Baseline measures are due in the first weeks of support, reviews at the scheme's cadence from the
day the case opened, and end-of-support measures when the person is discharged. Only the latest
review is owed: once the next one falls due an unrecorded earlier review counts as missed, which
the reports show as attrition rather than nagging the link worker about the past.
"""

import datetime
from dataclasses import dataclass

from linkwork.casework.vocabulary import TimePoint

from .vocabulary import occasion_label

BASELINE_WITHIN_WEEKS = 2
# Recorded on the case's Assessments page (casework), which has its own reminders.
RECORDED_IN_CASEWORK = frozenset({"holistic_assessment"})


@dataclass(frozen=True)
class Occasion:
    """One time point of the schedule and the instruments still to record at it."""

    time_point: str
    occasion: int
    due_on: datetime.date | None  # None at the end of support: due when the person is discharged
    codes: tuple[str, ...]

    @property
    def label(self) -> str:
        return occasion_label(self.time_point, self.occasion)


def scheduled_codes(scheme, time_point) -> list[str]:
    """The scheme's instruments at a time point, leaving out those recorded in casework."""
    return [code for code in scheme.outcome_schedule.get(time_point, []) if code not in RECORDED_IN_CASEWORK]


def current_review(scheme, opened_on: datetime.date, today: datetime.date) -> int:
    """The number of the latest review that has fallen due (0 before the first, or with no cadence)."""
    cadence = scheme.review_cadence_weeks
    if not cadence:
        return 0
    return max(0, (today - opened_on).days // (7 * cadence))


def occasion_due_on(scheme, opened_on, time_point, occasion) -> datetime.date | None:
    if time_point == TimePoint.BASELINE:
        return opened_on + datetime.timedelta(weeks=BASELINE_WITHIN_WEEKS)
    if time_point == TimePoint.REVIEW:
        return opened_on + datetime.timedelta(weeks=occasion * scheme.review_cadence_weeks)
    return None


def outstanding(*, scheme, opened_on, today, recorded, include_exit=False) -> list[Occasion]:
    """The occasions with instruments still to record, soonest first.

    `recorded` holds (code, time_point, occasion) for every measure completed, declined or skipped.
    """
    wanted = [(TimePoint.BASELINE, 0)]
    review = current_review(scheme, opened_on, today)
    if review:
        wanted.append((TimePoint.REVIEW, review))
    if include_exit:
        wanted.append((TimePoint.EXIT, 0))
    occasions = []
    for time_point, occasion in wanted:
        codes = tuple(
            code
            for code in scheduled_codes(scheme, time_point)
            if (code, time_point, occasion) not in recorded
        )
        if codes:
            occasions.append(
                Occasion(
                    time_point, occasion, occasion_due_on(scheme, opened_on, time_point, occasion), codes
                )
            )
    return occasions
