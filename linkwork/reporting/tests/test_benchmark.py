"""bench_outcome_report runs end to end on a tiny size and leaves nothing behind."""

import io
import random

import pytest
from django.apps import apps
from django.core.management import call_command

from linkwork.casework.models import Case
from linkwork.reporting.evaluation import benchmark
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_benchmark_prints_its_table_and_leaves_no_rows(instruments):
    before = row_counts()
    out = io.StringIO()

    call_command("bench_outcome_report", pairs=50, stdout=out)

    text = out.getvalue()
    assert "50 pairs" in text
    assert "Responses" in text
    assert "105" in text  # 50 pairs, 2 each, and 5 baselines alone
    assert "Full report, 4 scales (s)" in text
    assert "Baseline: one query for every scale's pairs (s)" in text
    assert row_counts() == before


def results_shown(report) -> int:
    """Every test result the report shows, attrition's aside."""
    shown = 0
    for scale in report.scales:
        changes = [scale.overall] + [group.change for sub in scale.subgroups for group in sub.groups]
        shown += sum(
            (change.t_test is not None) + (change.wilcoxon is not None) for change in changes if change
        )
        shown += sum(len(sub.comparisons) for sub in scale.subgroups) + (scale.age_correlation is not None)
    return shown


def test_the_reports_floor_runs_the_same_tests_on_the_same_groups(instruments):
    rng = random.Random(7)  # noqa: S311 - synthetic data
    actor, scheme, instrument = benchmark._setting(rng)
    benchmark._add_cases(150, scheme=scheme, instrument=instrument, worker=actor.user, rng=rng)
    criteria = report_criteria(actor=actor, scheme_slug=scheme.slug, instrument_code=benchmark.INSTRUMENT)

    report = outcome_report(actor=actor, criteria=criteria, channel="test")
    floor = benchmark.scipy_baseline(
        Case.objects.filter(referral__scheme=scheme), instrument, age_split=criteria.age_split
    )

    assert floor.pairs == report.scales[0].n == 150
    assert floor.tests == results_shown(report) > 4 * 20
