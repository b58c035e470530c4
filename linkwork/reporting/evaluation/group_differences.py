"""Between-group differences in mean change: each group against a reference group, in full.

Plain numbers in, plain results out (no Django), so each figure can be checked against scipy and
statsmodels on the same numbers. The difference is group minus reference, in the scale's own units;
its test is Welch's t-test (unequal variances, Welch–Satterthwaite df), and its effect size Hedges' g
(the pooled-SD standardised difference with Hedges' small-sample correction, as statsmodels and
Borenstein et al. 2009 give it). docs/reporting.md
states each method in words.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .statistics import CONFIDENCE

WELCH = "Welch's t-test"


@dataclass(frozen=True)
class GroupDifference:
    group: str
    reference: str
    group_n: int
    reference_n: int
    group_mean: float
    reference_mean: float
    difference: float  # mean change of the group minus that of the reference
    ci_low: float
    ci_high: float
    hedges_g: float | None  # None when neither group varies (no pooled SD)
    test: str
    statistic: float
    df: float
    p_value: float


def hedges_correction(df: float) -> float:
    """Hedges' small-sample correction J = 1 − 3 / (4 df − 1), df = n₁ + n₂ − 2.

    Within 0.0003 of the exact gamma-function form from 10 people on, and tends to 1.
    """
    return 1 - 3 / (4 * df - 1)


def hedges_g(first: Sequence[float], second: Sequence[float]) -> float | None:
    """(mean₁ − mean₂) / pooled SD, times J."""
    first, second = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    df = len(first) + len(second) - 2
    pooled_variance = ((len(first) - 1) * first.var(ddof=1) + (len(second) - 1) * second.var(ddof=1)) / df
    if pooled_variance <= 0:
        return None
    return float((first.mean() - second.mean()) / math.sqrt(pooled_variance) * hedges_correction(df))


def difference_in_change(
    group: str, changes: Sequence[float], reference: str, reference_changes: Sequence[float]
) -> GroupDifference | None:
    """The group's mean change minus the reference's, with Welch's 95% CI and test, and Hedges' g.

    None when either group has fewer than two people or neither varies (no standard error).
    """
    first, second = np.asarray(changes, dtype=float), np.asarray(reference_changes, dtype=float)
    if len(first) < 2 or len(second) < 2 or (np.var(first) == 0 and np.var(second) == 0):
        return None
    result = stats.ttest_ind(first, second, equal_var=False)
    interval = result.confidence_interval(CONFIDENCE)
    return GroupDifference(
        group=group,
        reference=reference,
        group_n=len(first),
        reference_n=len(second),
        group_mean=float(first.mean()),
        reference_mean=float(second.mean()),
        difference=float(first.mean() - second.mean()),
        ci_low=float(interval.low),
        ci_high=float(interval.high),
        hedges_g=hedges_g(first, second),
        test=WELCH,
        statistic=float(result.statistic),
        df=float(result.df),
        p_value=float(result.pvalue),
    )


def reference_group(changes_by_group: Mapping[str, Sequence[float]]) -> str | None:
    """The largest group (the first listed among equals): the most stable baseline for comparison."""
    if not changes_by_group:
        return None
    return max(changes_by_group, key=lambda label: len(changes_by_group[label]))


def differences_from_reference(changes_by_group: Mapping[str, Sequence[float]]) -> list[GroupDifference]:
    """Each group against the reference group, in the groups' order; groups without a test are left out."""
    reference = reference_group(changes_by_group)
    if reference is None or len(changes_by_group) < 2:
        return []
    differences = [
        difference_in_change(label, changes, reference, changes_by_group[reference])
        for label, changes in changes_by_group.items()
        if label != reference
    ]
    return [difference for difference in differences if difference is not None]
