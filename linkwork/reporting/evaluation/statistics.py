"""Outcome statistics over baseline and follow-up pairs: plain numbers in, plain results out.

No Django here, so every figure can be checked against scipy directly on the same numbers. Change is
always follow-up minus baseline, in the scale's own units; whether that is better depends on the
scale's direction, which only the change categories and `better_change` take into account.
docs/reporting.md states each method in words.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

CONFIDENCE = 0.95
HIGHER_IS_BETTER = "higher_is_better"
IMPROVED, NO_RELIABLE_CHANGE, WORSE = "improved", "no_reliable_change", "worse"
# Scores carry at most two decimals; rounding the differences removes float noise (23.21 - 20.73),
# which would otherwise make identical changes look variable and trip scipy's precision warnings.
CHANGE_DECIMALS = 6
EXACT_WILCOXON_LIMIT = 50


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    sd: float | None  # sample standard deviation (n - 1); None below two values


@dataclass(frozen=True)
class TestResult:
    test: str  # the test's name as stated in the report
    statistic: float
    p_value: float
    df: float | None = None


@dataclass(frozen=True)
class ChangeCounts:
    """How many moved in the better direction, did not move, or moved in the worse direction."""

    improved: int
    no_change: int
    worse: int


@dataclass(frozen=True)
class PairedChange:
    n: int
    baseline: Summary
    follow_up: Summary
    change: Summary
    ci_low: float | None
    ci_high: float | None
    t_test: TestResult | None  # None when every change is the same (no variance) or n < 2
    cohens_dz: float | None
    wilcoxon: TestResult | None  # ordinal scales only
    any_change: ChangeCounts  # by direction, any size of change
    reliable_change: ChangeCounts | None  # by the meaningful-change threshold; None without one


def summarise(values: Sequence[float]) -> Summary:
    n = len(values)
    if n == 0:
        return Summary(0, None, None)
    array = np.asarray(values, dtype=float)
    return Summary(n, float(array.mean()), float(array.std(ddof=1)) if n > 1 else None)


def changes_of(baseline: Sequence[float], follow_up: Sequence[float]) -> np.ndarray:
    before, after = np.asarray(baseline, dtype=float), np.asarray(follow_up, dtype=float)
    if before.shape != after.shape:
        raise ValueError("Baseline and follow-up must pair up one to one")
    return np.round(after - before, CHANGE_DECIMALS)


def better_change(change: float, direction: str) -> float:
    """The change turned so that positive is always better for the person."""
    return change if direction == HIGHER_IS_BETTER else -change


def classify(change: float, *, direction: str, threshold: float | None) -> str:
    """Improved, no reliable change or worse: the rule of outcomes.change.ScaleChange.verdict.

    Without a threshold any change counts, which is what the "any change" counts report.
    """
    better = better_change(change, direction)
    if threshold is None:
        return IMPROVED if better > 0 else WORSE if better < 0 else NO_RELIABLE_CHANGE
    if better >= threshold:
        return IMPROVED
    if better <= -threshold:
        return WORSE
    return NO_RELIABLE_CHANGE


def _counts(changes: np.ndarray, direction, threshold) -> ChangeCounts:
    """classify() over every change at once: the same rule, in numpy."""
    better = changes if direction == HIGHER_IS_BETTER else -changes
    if threshold is None:
        improved, worse = np.count_nonzero(better > 0), np.count_nonzero(better < 0)
    else:
        improved, worse = np.count_nonzero(better >= threshold), np.count_nonzero(better <= -threshold)
    return ChangeCounts(int(improved), int(len(changes) - improved - worse), int(worse))


def paired_change(
    baseline: Sequence[float],
    follow_up: Sequence[float],
    *,
    direction: str,
    threshold: float | None,
    ordinal: bool,
) -> PairedChange:
    """Everything the report says about one set of pairs (one scale, one group)."""
    changes = changes_of(baseline, follow_up)
    change = summarise(changes)
    has_variance = change.sd is not None and change.sd > 0
    ci_low = ci_high = t_test = cohens_dz = None
    if has_variance:
        half_width = stats.t.ppf((1 + CONFIDENCE) / 2, change.n - 1) * change.sd / math.sqrt(change.n)
        ci_low, ci_high = change.mean - half_width, change.mean + half_width
        result = stats.ttest_rel(follow_up, baseline)
        t_test = TestResult("Paired t-test", float(result.statistic), float(result.pvalue), change.n - 1)
        cohens_dz = change.mean / change.sd
    return PairedChange(
        n=change.n,
        baseline=summarise(baseline),
        follow_up=summarise(follow_up),
        change=change,
        ci_low=ci_low,
        ci_high=ci_high,
        t_test=t_test,
        cohens_dz=cohens_dz,
        wilcoxon=_wilcoxon(changes) if ordinal else None,
        any_change=_counts(changes, direction, None),
        reliable_change=_counts(changes, direction, threshold) if threshold is not None else None,
    )


def wilcoxon_method(changes) -> str:
    """The exact distribution for up to 50 non-zero changes without ties, else the normal approximation.

    Left to itself scipy falls back to a permutation test when there are zeros or ties, which took
    over a second per group in the benchmark; the normal approximation corrects for ties instead.
    """
    nonzero = np.asarray(changes)[np.asarray(changes) != 0]
    ties = len(np.unique(np.abs(nonzero))) < len(nonzero)
    return "exact" if len(nonzero) <= EXACT_WILCOXON_LIMIT and not ties else "approx"


def _wilcoxon(changes) -> TestResult | None:
    """Wilcoxon signed-rank on the changes; zero changes are dropped (Wilcoxon's original method)."""
    if not np.any(changes):
        return None
    result = stats.wilcoxon(changes, zero_method="wilcox", method=wilcoxon_method(changes))
    return TestResult("Wilcoxon signed-rank", float(result.statistic), float(result.pvalue))


def compare_groups(changes_by_group: Mapping[str, Sequence[float]], *, ordinal: bool) -> list[TestResult]:
    """Does change differ between groups? Welch's t-test for two, Alexander–Govern for more.

    Both allow unequal variances, so no test of variances decides between tests (ADR 0026); Welch's is
    the test the differences table gives beside each difference, so the two tables agree. Ordinal
    scales add Mann–Whitney U (two groups) or Kruskal–Wallis (more). Groups need two people each and
    some variance somewhere, else no test.
    """
    groups = [np.asarray(values, dtype=float) for values in changes_by_group.values()]
    if len(groups) < 2 or any(len(values) < 2 for values in groups):
        return []
    if all(np.var(values) == 0 for values in groups):
        return []
    results = []
    if len(groups) == 2:
        welch = stats.ttest_ind(groups[0], groups[1], equal_var=False)
        results.append(
            TestResult("Welch's t-test", float(welch.statistic), float(welch.pvalue), float(welch.df))
        )
        if ordinal:
            mann_whitney = stats.mannwhitneyu(groups[0], groups[1], alternative="two-sided")
            results.append(
                TestResult("Mann–Whitney U", float(mann_whitney.statistic), float(mann_whitney.pvalue))
            )
    else:
        if all(np.var(values) > 0 for values in groups):
            result = stats.alexandergovern(*groups)
            results.append(TestResult("Alexander–Govern", float(result.statistic), float(result.pvalue)))
        if ordinal:
            kruskal = stats.kruskal(*groups)
            results.append(
                TestResult("Kruskal–Wallis", float(kruskal.statistic), float(kruskal.pvalue), len(groups) - 1)
            )
    return results


def welch_from_summaries(first: Summary, second: Summary) -> TestResult | None:
    """Welch's t-test from two groups' n, mean and SD (as the database aggregates them)."""
    if first.sd is None or second.sd is None or (first.sd == 0 and second.sd == 0):
        return None
    result = stats.ttest_ind_from_stats(
        first.mean, first.sd, first.n, second.mean, second.sd, second.n, equal_var=False
    )
    first_term, second_term = first.sd**2 / first.n, second.sd**2 / second.n
    df = (first_term + second_term) ** 2 / (first_term**2 / (first.n - 1) + second_term**2 / (second.n - 1))
    return TestResult("Welch's t-test", float(result.statistic), float(result.pvalue), df)


def age_correlation(ages: Sequence[float], changes: Sequence[float]) -> TestResult | None:
    """Pearson's r between age and change, with its p-value; None without variance in either."""
    if len(ages) < 3 or np.var(ages) == 0 or np.var(changes) == 0:
        return None
    result = stats.pearsonr(ages, changes)
    return TestResult("Pearson's r", float(result.statistic), float(result.pvalue), len(ages) - 2)
