"""Issue 10's targets as the bench judges them."""

from linkwork.bench import targets
from linkwork.bench.stats import Figures


def _figures(p95_ms, errors=0):
    return Figures(
        requests=100,
        errors=errors,
        seconds=20.0,
        p50_ms=p95_ms / 2,
        p95_ms=p95_ms,
        p99_ms=p95_ms,
        per_second=5.0,
    )


def test_a_page_must_be_fast_and_near_its_floor():
    assert targets.page(_figures(120), _figures(60))[1] is True
    assert targets.page(_figures(160), _figures(100))[1] is False  # over 150 ms
    assert targets.page(_figures(120), _figures(30))[1] is False  # over three times the floor
    assert targets.page(_figures(120, errors=1), _figures(60))[1] is False


def test_search_limit_follows_the_directory_size():
    assert targets.search(_figures(45), 5_000) == ("p95 ≤ 50 ms, 0 errors", True)
    assert targets.search(_figures(60), 5_000)[1] is False
    assert targets.search(_figures(140), 100_000) == ("p95 ≤ 150 ms, 0 errors", True)


def test_creation_needs_the_rate_no_duplicate_and_no_error():
    assert targets.creation(_figures(100), 1100, 0, 0)[1] is True
    assert targets.creation(_figures(100), 900, 0, 0)[1] is False  # 45 a second
    assert targets.creation(_figures(100), 1100, 1, 0)[1] is False
    assert targets.creation(_figures(100), 1100, 0, 2)[1] is False
    assert targets.creation(_figures(100, errors=3), 1100, 0, 0)[1] is False


def test_report_is_held_to_its_size_and_to_scipy():
    assert targets.report(_figures(1800), _figures(1000), 100_000)[1] is True
    assert targets.report(_figures(2100), _figures(1500), 100_000)[1] is False
    assert targets.report(_figures(1800), _figures(800), 100_000)[1] is False  # median over twice scipy's
    assert targets.report(_figures(19_000), _figures(10_000), 2_000_000) == (
        "p95 ≤ 20 s, p50 ≤ 2× scipy baseline's",
        True,
    )
    assert targets.report(_figures(21_000), _figures(20_000), 2_000_000)[1] is False
