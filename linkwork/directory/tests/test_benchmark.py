"""The directory search benchmark runs end to end and leaves the database as it found it (no timings asserted)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from linkwork.directory.models import DirectoryOrganisation, Service

pytestmark = pytest.mark.django_db


def test_the_benchmark_prints_and_saves_figures_for_each_size_and_rolls_back(tmp_path):
    output, figures = StringIO(), tmp_path / "bench.json"

    call_command(
        "bench_directory_search",
        "--sizes",
        "60",
        "30",
        "--searches",
        "8",
        "--json",
        str(figures),
        stdout=output,
    )

    rows = json.loads(figures.read_text())
    assert [(row["services"], row["searches"]) for row in rows] == [(30, 8), (60, 8)]
    assert all(0 < row["p50_ms"] <= row["p95_ms"] <= row["max_ms"] for row in rows)
    assert "        60         8" in output.getvalue()
    assert not Service.objects.exists()
    assert not DirectoryOrganisation.objects.exists()
