"""bench_outcome_report runs end to end on a tiny size and leaves nothing behind."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

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
    assert "Baseline: scipy t-test and Wilcoxon alone (s)" in text
    assert row_counts() == before
