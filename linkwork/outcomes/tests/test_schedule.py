"""What a case owes: baseline in the first weeks, the latest review at the scheme's cadence, exit at discharge."""

import datetime
from types import SimpleNamespace

from linkwork.outcomes.schedule import current_review, outstanding

OPENED = datetime.date(2026, 1, 5)
SCHEDULE = {"baseline": ["ons4", "holistic_assessment"], "review": ["ons4"], "exit": ["ons4", "gp_use"]}


def scheme(cadence=None, schedule=SCHEDULE):
    return SimpleNamespace(review_cadence_weeks=cadence, outcome_schedule=schedule)


def test_baseline_is_due_two_weeks_after_opening_and_leaves_out_the_casework_assessment():
    (baseline,) = outstanding(scheme=scheme(), opened_on=OPENED, today=OPENED, recorded=set())

    assert (baseline.label, baseline.due_on, baseline.codes) == (
        "Start of support",
        datetime.date(2026, 1, 19),
        ("ons4",),
    )


def test_recorded_declined_or_skipped_measures_are_no_longer_owed():
    assert (
        outstanding(scheme=scheme(), opened_on=OPENED, today=OPENED, recorded={("ons4", "baseline", 0)}) == []
    )


def test_only_the_latest_review_that_has_fallen_due_is_owed():
    today = OPENED + datetime.timedelta(weeks=27)
    occasions = outstanding(
        scheme=scheme(cadence=12), opened_on=OPENED, today=today, recorded={("ons4", "baseline", 0)}
    )

    assert [(o.label, o.due_on) for o in occasions] == [("Review 2", OPENED + datetime.timedelta(weeks=24))]
    assert current_review(scheme(cadence=12), OPENED, OPENED + datetime.timedelta(weeks=11, days=6)) == 0


def test_a_scheme_without_a_cadence_owes_no_reviews():
    today = OPENED + datetime.timedelta(weeks=80)

    occasions = outstanding(
        scheme=scheme(), opened_on=OPENED, today=today, recorded={("ons4", "baseline", 0)}
    )

    assert occasions == []


def test_exit_measures_are_listed_only_when_asked_for_and_have_no_date():
    occasions = outstanding(
        scheme=scheme(), opened_on=OPENED, today=OPENED, recorded={("ons4", "baseline", 0)}, include_exit=True
    )

    assert [(o.label, o.due_on, o.codes) for o in occasions] == [("End of support", None, ("ons4", "gp_use"))]
