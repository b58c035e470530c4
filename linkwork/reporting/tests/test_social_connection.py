"""People I can turn to, Linkwork's social-connection count, is recorded and reported like any measure."""

import pytest
from django.utils import timezone
from scipy import stats

from linkwork.accounts.models import Role
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.evaluation.tables import outcome_tables
from linkwork.testing.factories import actor_for

from .conftest import Story

pytestmark = pytest.mark.django_db

CODE = "people_to_turn_to"
ITEMS = ("talk", "practical_help", "emergency", "enjoy_together", "would_notice", "turn_to_you")
# Each person's six answers at baseline and at the end of support (0 no one, 1 one person, 2 two or more).
BEFORE_AND_AFTER = [
    ((0, 0, 1, 0, 0, 1), (1, 1, 1, 2, 1, 1)),
    ((1, 0, 0, 0, 1, 0), (1, 1, 0, 1, 1, 1)),
    ((2, 1, 1, 0, 1, 1), (2, 2, 1, 2, 1, 1)),
    ((0, 0, 0, 0, 0, 0), (0, 1, 0, 0, 0, 0)),
    ((1, 1, 1, 1, 1, 1), (2, 2, 2, 2, 2, 2)),
    ((2, 2, 2, 1, 2, 2), (2, 1, 2, 1, 2, 1)),
]


def test_the_report_gives_the_total_change_as_scipy_does(tell, scheme, world, case_actors):
    cases = tell([Story(None)] * len(BEFORE_AND_AFTER))
    for case, (before, after) in zip(cases, BEFORE_AND_AFTER, strict=True):
        for time_point, answers in (("baseline", before), ("exit", after)):
            measures_record(
                by=case_actors["link_worker"],
                case=case,
                time_point=time_point,
                occasion=0,
                measures=[MeasureAnswers(CODE, dict(zip(ITEMS, answers, strict=True)))],
                completed_on=timezone.localdate(),
            )
    commissioner = actor_for(
        world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER
    )
    criteria = report_criteria(
        actor=commissioner, scheme_slug=scheme.slug, instrument_code=CODE, follow_up="exit"
    )

    report = outcome_report(actor=commissioner, criteria=criteria, channel="test")

    baseline = [sum(before) for before, _ in BEFORE_AND_AFTER]
    follow_up = [sum(after) for _, after in BEFORE_AND_AFTER]
    expected = stats.ttest_rel(follow_up, baseline)
    scale = report.scales[0]
    assert (scale.scale.code, scale.scale.direction, scale.scale.threshold) == (
        "total",
        "higher_is_better",
        2,
    )
    assert scale.overall.change.mean == pytest.approx(sum(follow_up) / 6 - sum(baseline) / 6)
    assert scale.overall.t_test.p_value == pytest.approx(expected.pvalue)
    assert scale.overall.wilcoxon is None  # six items: not a single ordered answer
    # Changes +5, +3, +3, +1, +6, −2: four improved by the 2-point threshold, one worse by it.
    reliable = scale.overall.reliable_change
    assert (reliable.improved, reliable.no_change, reliable.worse) == (4, 1, 1)
    change = outcome_tables(report)[0]
    assert change.rows[0]["scale"] == "People I can turn to"
