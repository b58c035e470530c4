"""The one query per instrument picks, for every case and scale, what the per-scale definition picks.

`cases_with_scores` states the pair one scale at a time (correlated subqueries); `scored_cases` finds it
for every scale at once. Responses are written directly here, so the awkward cases the services
never produce (two baselines, ties on a day, a follow-up before the baseline, a scale left without a
score) are covered as well as the usual ones.
"""

import datetime
import math
import random
from collections import Counter

import numpy as np
import pytest
from django.utils import timezone

from linkwork.casework.models import Case
from linkwork.outcomes.models import MeasureResponse
from linkwork.reporting.evaluation.outcome_report import ages
from linkwork.reporting.evaluation.selectors import cases_with_scores, instrument_scales, scored_cases

from .conftest import Story

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)
STATUSES = ["completed"] * 6 + ["declined", "skipped"]
OCCASIONS = [("baseline", 0), ("baseline", 1), ("review", 1), ("review", 2), ("review", 3), ("exit", 0)]


def random_responses(cases, instrument, rng):
    """0 to 5 responses per case, on a few days (so days tie), some scales without a score."""
    scales = [scale.code for scale in instrument_scales(instrument)]
    recorded_at = timezone.now()
    responses = []
    for case in cases:
        for time_point, occasion in rng.sample(OCCASIONS, rng.randrange(6)):
            status = rng.choice(STATUSES)
            scores = {}
            if status == "completed":
                scores = {
                    code: {"raw": rng.randrange(11), "band": "x"} for code in scales if rng.random() < 0.8
                }
            recorded_at += datetime.timedelta(seconds=rng.randrange(1, 5))
            responses.append(
                MeasureResponse(
                    case=case,
                    instrument=instrument,
                    instrument_version=instrument.version,
                    time_point=time_point,
                    occasion=occasion,
                    status=status,
                    reason=rng.choice(["", "Not today", "Too tired"]) if status != "completed" else "",
                    scores=scores,
                    completed_on=START + datetime.timedelta(days=rng.randrange(3)),
                    created_at=recorded_at,
                )
            )
    rng.shuffle(responses)
    MeasureResponse.objects.bulk_create(responses)


def expected_recorded(case, instrument):
    """The first baseline of any status, and the latest review or exit not completed, as (status, reason)."""
    responses = list(
        MeasureResponse.objects.filter(case=case, instrument=instrument).order_by(
            "completed_on", "created_at"
        )
    )
    baselines = [r for r in responses if r.time_point == "baseline"]
    missed = [r for r in responses if r.time_point != "baseline" and r.status != "completed"]
    first = (baselines[0].status, baselines[0].reason) if baselines else (None, None)
    latest = (missed[-1].status, missed[-1].reason) if missed else (None, None)
    return first + latest


def value(number):
    return None if number is None or (isinstance(number, float) and math.isnan(number)) else float(number)


def day(date):
    return None if date is None or str(date) == "NaT" else datetime.date.fromisoformat(str(date))


@pytest.mark.parametrize("seed", [1, 2])
def test_every_scale_of_every_case_gets_the_pair_the_per_scale_definition_gives(tell, instruments, seed):
    rng = random.Random(seed)  # noqa: S311 - test data
    tell([Story(None)] * 12)
    instrument = instruments["ons4"]
    cases = Case.objects.all()
    random_responses(cases, instrument, rng)
    scales = instrument_scales(instrument)

    scored = scored_cases(cases, instrument, scales)

    for scale in scales:
        expected = Counter(
            (value(row.baseline_value), row.baseline_on, value(row.follow_up_value))
            for row in cases_with_scores(cases, instrument, scale)
        )
        scores = scored.scales[scale.code]
        found = Counter(
            (value(b), day(on), value(f))
            for b, on, f in zip(scores.baseline, scores.baseline_on, scores.follow_up, strict=True)
        )
        assert found == expected, scale.code
    recorded = zip(
        scored.baseline_status,
        scored.baseline_reason,
        scored.follow_up_status,
        scored.follow_up_reason,
        strict=True,
    )
    assert Counter(recorded) == Counter(expected_recorded(case, instrument) for case in cases)


def test_cases_without_any_response_are_counted_with_nothing_recorded(tell, instruments):
    tell([Story(None)] * 3)
    instrument = instruments["ons4"]
    scales = instrument_scales(instrument)

    scored = scored_cases(Case.objects.all(), instrument, scales)

    assert len(scored.born) == 3
    assert list(scored.baseline_status) == [None] * 3
    assert all(math.isnan(b) for b in scored.scales["happy"].baseline)


def test_no_cases_give_empty_columns(instruments):
    instrument = instruments["ons4"]

    scored = scored_cases(Case.objects.none(), instrument, instrument_scales(instrument))

    assert len(scored.sex) == 0
    assert len(scored.scales["happy"].follow_up) == 0


def test_age_at_baseline_is_whole_years_counting_leap_day_birthdays():
    born = [
        datetime.date(1960, 2, 29),
        datetime.date(1960, 2, 29),
        datetime.date(1975, 12, 31),
        datetime.date(2001, 6, 15),
    ]
    on = [
        datetime.date(2025, 2, 28),
        datetime.date(2025, 3, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 15),
    ]

    result = ages(np.array(born, dtype="datetime64[D]"), np.array(on, dtype="datetime64[D]"))

    assert result.tolist() == [64, 65, 50, 25]
