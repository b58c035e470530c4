"""The bench's pure parts: percentiles, the table and JSON, and that its baselines stay out of the product."""

import json
import re

import pytest
from django.urls import Resolver404, get_resolver

from linkwork.bench.management.commands.run_bench import _machine_speed
from linkwork.bench.stats import Figures, Report, Row, figures, percentile, table, write_json


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0


def test_percentile_of_few_values_takes_the_higher_one():
    assert percentile([10.0, 20.0, 30.0], 50) == 20.0
    assert percentile([10.0, 20.0, 30.0], 95) == 30.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) == 0.0


def test_figures_sort_count_and_rate():
    result = figures([30.0, 10.0, 20.0, 40.0], errors=2, seconds=2.0)
    assert result == Figures(
        requests=4, errors=2, seconds=2.0, p50_ms=20.0, p95_ms=40.0, p99_ms=40.0, per_second=2.0
    )


def _report():
    page = Figures(
        requests=100, errors=1, seconds=20.0, p50_ms=80.5, p95_ms=150.0, p99_ms=210.25, per_second=5.0
    )
    floor = Figures(
        requests=400, errors=0, seconds=20.0, p50_ms=20.0, p95_ms=40.0, p99_ms=60.0, per_second=20.0
    )
    report = Report(
        commit="abc1234", started="2026-12-01T15:00:00Z", database="PostgreSQL 15", load_average=[1.5]
    )
    report.rows = [
        Row("Case page", 20, page, "bare view", floor, "p95 ≤ 150 ms", True, {"created": 7}),
        Row("Sign-in", 10, floor, "none", None),
    ]
    report.worker_rss_mib = [120.4, 118.0, 119.6]
    return report


def test_table_shows_each_scenario_beside_its_baseline():
    lines = table(_report()).splitlines()
    assert lines[0].startswith("| Scenario | Users | p50 ms")
    assert (
        lines[2]
        == "| Case page | 20 | 80.5 | 150.0 | 210.2 | 5.0 | 1 | bare view | 20.0 | 40.0 | 60.0 | 20.0 | 0 "
        "| p95 ≤ 150 ms | yes |"
    )
    assert lines[3] == "| Sign-in | 10 | 20.0 | 40.0 | 60.0 | 20.0 | 0 | none |  |  |  |  |  |  |  |"
    assert lines[5] == "Case page: created 7"
    assert "resident memory at the end (MiB): 120, 118, 120 (target ≤ 250 each)" in lines[6]


def test_json_holds_the_same_figures_named_by_time_and_commit(tmp_path):
    path = write_json(_report(), tmp_path / "bench")
    assert path.name == "20261201T150000Z-abc1234.json"
    saved = json.loads(path.read_text())
    assert saved["rows"][0]["measured"]["p99_ms"] == 210.25
    assert saved["rows"][0]["baseline"]["per_second"] == 20.0
    assert saved["rows"][1]["baseline"] is None
    assert saved["worker_rss_mib"] == [120.4, 118.0, 119.6]


@pytest.mark.parametrize(
    "path", ["/bench-baseline/caseload/", "/bench-baseline/login/", "/bench-baseline/referrals/"]
)
def test_baselines_are_not_reachable_from_the_product(settings, path):
    assert settings.ROOT_URLCONF == "linkwork.config.urls"
    with pytest.raises(Resolver404):
        get_resolver("linkwork.config.urls").resolve(path)
    assert get_resolver("linkwork.bench.urls").resolve(path).func.__module__ == "linkwork.bench.baseline"


def test_product_urlconf_never_includes_the_bench_urls():
    def included(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                name = pattern.urlconf_name
                yield name if isinstance(name, str) else getattr(name, "__name__", "")
                yield from included(pattern.url_patterns)

    names = list(included(get_resolver("linkwork.config.urls").url_patterns))
    assert "linkwork.people.urls" in names
    assert not [name for name in names if name.startswith("linkwork.bench")]


@pytest.mark.django_db
def test_the_machine_speed_is_read_off_python_and_the_database():
    speed = _machine_speed()

    loop = re.fullmatch(r"Python loop (\d+\.\d) ms, SELECT 1 round trip \d+\.\d\d ms", speed).group(1)
    assert float(loop) > 0
