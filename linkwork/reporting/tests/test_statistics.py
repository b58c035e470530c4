"""The statistics module against a hand-worked example and against scipy run directly on the same numbers."""

import math
import warnings

import numpy as np
import pytest
from scipy import stats

from linkwork.outcomes.change import ScaleChange
from linkwork.reporting.evaluation import statistics
from linkwork.reporting.evaluation.statistics import Summary

BASELINE = [10, 12, 14, 16, 18]
FOLLOW_UP = [13, 14, 15, 20, 18]  # changes 3, 2, 1, 4, 0


def test_a_hand_worked_example():
    result = statistics.paired_change(
        BASELINE, FOLLOW_UP, direction="higher_is_better", threshold=2, ordinal=False
    )

    # Changes 3, 2, 1, 4, 0: mean 2, SD sqrt(10 / 4), t = 2 / (SD / sqrt 5), df 4.
    assert result.n == 5
    assert result.baseline == Summary(5, 14.0, pytest.approx(math.sqrt(10)))
    assert result.change.mean == 2
    assert result.change.sd == pytest.approx(1.58114, abs=1e-5)
    assert result.t_test.statistic == pytest.approx(2.82843, abs=1e-5)
    assert result.t_test.df == 4
    assert result.t_test.p_value == pytest.approx(0.0474, abs=1e-4)
    assert result.cohens_dz == pytest.approx(1.26491, abs=1e-5)
    # t(0.975, 4) = 2.776445; half width 2.776445 × 1.58114 / sqrt 5 = 1.96324.
    assert (result.ci_low, result.ci_high) == (
        pytest.approx(0.03676, abs=1e-5),
        pytest.approx(3.96324, abs=1e-5),
    )
    # Threshold 2: +3, +2 and +4 improved; +1 and 0 no reliable change.
    assert (
        result.reliable_change.improved,
        result.reliable_change.no_change,
        result.reliable_change.worse,
    ) == (
        3,
        2,
        0,
    )
    assert (result.any_change.improved, result.any_change.no_change, result.any_change.worse) == (4, 1, 0)


def test_paired_figures_match_scipy_on_random_scores():
    rng = np.random.default_rng(7)
    baseline = rng.integers(0, 11, 40).tolist()
    follow_up = np.clip(np.array(baseline) + rng.integers(-2, 4, 40), 0, 10).tolist()
    changes = np.array(follow_up) - np.array(baseline)

    result = statistics.paired_change(
        baseline, follow_up, direction="higher_is_better", threshold=1, ordinal=True
    )

    expected_t = stats.ttest_rel(follow_up, baseline)
    expected_ci = expected_t.confidence_interval(0.95)
    # 40 changes with ties: the normal approximation with tie correction, not scipy's permutation fallback.
    expected_wilcoxon = stats.wilcoxon(changes, zero_method="wilcox", method="approx")
    assert result.t_test.statistic == pytest.approx(expected_t.statistic)
    assert result.t_test.p_value == pytest.approx(expected_t.pvalue)
    assert (result.ci_low, result.ci_high) == (
        pytest.approx(expected_ci.low),
        pytest.approx(expected_ci.high),
    )
    assert result.cohens_dz == pytest.approx(changes.mean() / changes.std(ddof=1))
    assert result.follow_up.sd == pytest.approx(np.std(follow_up, ddof=1))
    assert result.wilcoxon.statistic == pytest.approx(expected_wilcoxon.statistic)
    assert result.wilcoxon.p_value == pytest.approx(expected_wilcoxon.pvalue)


def test_lower_is_better_scales_count_a_fall_as_improvement():
    result = statistics.paired_change(
        [20, 18, 15], [10, 18, 19], direction="higher_is_worse", threshold=5, ordinal=False
    )

    assert (
        result.reliable_change.improved,
        result.reliable_change.no_change,
        result.reliable_change.worse,
    ) == (
        1,
        2,
        0,
    )
    assert result.change.mean == pytest.approx(-2)  # change stays follow-up minus baseline


@pytest.mark.parametrize("change", [-3, -1, 0, 0.5, 1, 2.5])
@pytest.mark.parametrize("direction", ["higher_is_better", "higher_is_worse"])
@pytest.mark.parametrize("threshold", [1, 2.5])
def test_categories_follow_the_rule_each_persons_change_view_uses(change, direction, threshold):
    person_view = ScaleChange(
        code="s",
        title="S",
        low=0,
        high=10,
        direction=direction,
        threshold=threshold,
        points=(),
        baseline=5,
        latest=5 + change,
    )

    assert statistics.classify(change, direction=direction, threshold=threshold) == person_view.verdict.value


def test_identical_changes_give_no_test_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = statistics.paired_change(
            [20.73, 21.54, 22.35],
            [22.73, 23.54, 24.35],
            direction="higher_is_better",
            threshold=3,
            ordinal=False,
        )

    assert result.change.sd == 0
    assert result.t_test is None
    assert result.cohens_dz is None
    assert result.ci_low is None
    assert result.change.mean == pytest.approx(2)


def test_wilcoxon_is_exact_for_few_untied_changes_and_approximate_otherwise():
    untied = [3, -1, 4, 2, 5, -6, 7, 8]
    tied = [1, 1, 2, -1, 0, 3, 3]

    for changes, method in ((untied, "exact"), (tied, "approx")):
        result = statistics.paired_change(
            [0] * len(changes), changes, direction="higher_is_better", threshold=None, ordinal=True
        )
        expected = stats.wilcoxon(changes, zero_method="wilcox", method=method)
        assert statistics.wilcoxon_method(changes) == method
        assert result.wilcoxon.statistic == pytest.approx(expected.statistic)
        assert result.wilcoxon.p_value == pytest.approx(expected.pvalue)


def test_two_groups_are_compared_with_welch_and_mann_whitney_whatever_their_variances():
    unequal = ([1, 2, 3, 5, 8, 1, 12, -6], [0, -1, 2, 1, 0, 0, 1])
    similar = ([1, 3, 2, 4, 5, 2, 3], [0, 2, 1, 3, 1, 4, 2, 0])
    assert stats.levene(*unequal, center="median").pvalue < 0.05
    assert stats.levene(*similar, center="median").pvalue >= 0.05

    for first, second in (unequal, similar):
        results = statistics.compare_groups({"Female": first, "Male": second}, ordinal=True)

        welch = stats.ttest_ind(first, second, equal_var=False)
        mann_whitney = stats.mannwhitneyu(first, second, alternative="two-sided")
        assert [r.test for r in results] == ["Welch's t-test", "Mann–Whitney U"]
        assert results[0].statistic == pytest.approx(welch.statistic)
        assert results[0].p_value == pytest.approx(welch.pvalue)
        assert results[0].df == pytest.approx(welch.df)
        assert results[0].df != len(first) + len(second) - 2  # Welch–Satterthwaite, not pooled
        assert results[1].p_value == pytest.approx(mann_whitney.pvalue)


def test_more_groups_are_compared_with_alexander_govern():
    groups = {"A": [1, 2, 3, 4], "B": [2, 4, 6, 9], "C": [0, 0, 1, 2]}

    results = statistics.compare_groups(groups, ordinal=False)

    expected = stats.alexandergovern(*groups.values())
    assert [r.test for r in results] == ["Alexander–Govern"]
    assert results[0].p_value == pytest.approx(expected.pvalue)


def test_welch_from_database_summaries_matches_the_raw_data_test():
    completers, others = [50, 60, 55, 70, 65], [40, 45, 60, 38]
    first = statistics.summarise(completers)
    second = statistics.summarise(others)

    result = statistics.welch_from_summaries(first, second)

    expected = stats.ttest_ind(completers, others, equal_var=False)
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.df == pytest.approx(expected.df)


def test_age_and_change_correlation_is_pearsons_r():
    ages, changes = [25, 34, 47, 52, 68, 71], [5, 3, 4, 1, 0, -2]

    result = statistics.age_correlation(ages, changes)

    expected = stats.pearsonr(ages, changes)
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)
