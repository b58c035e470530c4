"""An attrition-adjusted estimate of mean change: inverse probability weighting beside the complete cases.

People lost to follow-up are often not like those who stay: if those doing worse stop coming, the pairs
overstate change. Weighting each pair by one over its chance of being followed up, modelled on what is
known about everyone at baseline (baseline score, age, sex, referral source), lets the pairs stand for
everyone who started. That holds only if, among people alike in those four things, being followed up
has nothing to do with how much they changed (missing at random). docs/reporting.md states the method.

Plain numbers in, plain results out (numpy and statsmodels, no Django), checked in the tests against
statsmodels' formula interface on the same data.
"""

import warnings
from dataclasses import dataclass

import numpy as np

from .statistics import changes_of

METHOD = "Inverse probability weighting"
COVARIATES = "baseline score, age, sex and referral source"


@dataclass(frozen=True)
class WeightedChange:
    mean: float
    ci_low: float
    ci_high: float
    effective_n: float  # Kish's effective sample size of the weighted pairs
    largest_weight: float


@dataclass(frozen=True)
class Adjustment:
    """The weighted estimate, or why there is none; the counts it is built on."""

    started: int  # people with a baseline whose follow-up is no longer awaited
    followed_up: int
    weighted: WeightedChange | None
    not_estimated: str = ""  # why there is no weighted estimate, in words


def design_matrix(baseline, age, categories: dict[str, np.ndarray], minimum: int) -> np.ndarray:
    """Intercept, baseline score, age, and an indicator for each category of sex and source.

    Each categorical variable's most common category is its reference; categories with fewer than
    `minimum` people are merged into the reference, so no indicator rests on a handful of people (who
    would otherwise tend to be all followed up or all lost, which no logistic model can fit).
    """
    columns = [np.ones(len(baseline)), np.asarray(baseline, dtype=float), np.asarray(age, dtype=float)]
    for values in categories.values():
        labels, counts = np.unique(values.astype(str), return_counts=True)
        reference = labels[np.argmax(counts)]
        columns += [
            (values.astype(str) == label).astype(float)
            for label, count in zip(labels, counts, strict=True)
            if label != reference and count >= minimum
        ]
    return np.column_stack(columns)


def response_probabilities(followed_up: np.ndarray, design: np.ndarray) -> np.ndarray:
    """Each person's modelled chance of being followed up (logistic regression, maximum likelihood).

    Raises ValueError with the reason in words when the model cannot be fitted.
    """
    # Imported here, as pdf.py imports matplotlib: statsmodels brings pandas and slows every process start.
    from statsmodels.discrete.discrete_model import Logit
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("error", ConvergenceWarning)
        # Overflow on the way to a separated fit; the separation or convergence warning says why.
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            fitted = Logit(followed_up.astype(float), design).fit(disp=0)
        except (PerfectSeparationWarning, ConvergenceWarning, np.linalg.LinAlgError) as error:
            raise ValueError(
                "the model of who was followed up could not be fitted (the baseline details may predict "
                "it perfectly)"
            ) from error
    probabilities = fitted.predict(design)
    if not np.all(np.isfinite(probabilities)) or np.any(probabilities <= 0):
        raise ValueError("the model of who was followed up gave someone no chance of being followed up")
    return probabilities


def weighted_mean_change(
    changes: np.ndarray, weights: np.ndarray, confidence: float = 0.95
) -> WeightedChange:
    """The weighted mean change, ΣwᵢΔᵢ / Σwᵢ, with a robust (sandwich, HC1) 95% CI.

    Weighted least squares on an intercept gives exactly that mean; its HC1 standard error treats the
    weights as known, which tends to make the interval slightly wide rather than narrow.
    """
    from statsmodels.regression.linear_model import WLS  # imported here: see response_probabilities

    fitted = WLS(changes, np.ones(len(changes)), weights=weights).fit(cov_type="HC1")
    low, high = fitted.conf_int(alpha=1 - confidence)[0]
    return WeightedChange(
        mean=float(fitted.params[0]),
        ci_low=float(low),
        ci_high=float(high),
        effective_n=float(weights.sum() ** 2 / (weights**2).sum()),
        largest_weight=float(weights.max()),
    )


def ipw_adjustment(
    *,
    baseline: np.ndarray,
    follow_up: np.ndarray,  # NaN where lost to follow-up
    age: np.ndarray,
    sex: np.ndarray,
    source: np.ndarray,
    threshold: int,
) -> Adjustment:
    """The attrition-adjusted mean change over everyone given here (all with a baseline).

    No estimate when fewer than `threshold` people were followed up or lost (too few to model, and a
    small number lost could be worked out from the counts shown), or when the model cannot be fitted.
    """
    followed_up = ~np.isnan(follow_up)
    started, kept = len(baseline), int(followed_up.sum())
    lost = started - kept
    if kept < threshold or lost < threshold:
        reason = (
            f"fewer than {threshold} people were lost to follow-up"
            if kept >= threshold
            else f"fewer than {threshold} people were followed up"
        )
        return Adjustment(started, kept, None, reason)
    design = design_matrix(baseline, age, {"sex": sex, "source": source}, threshold)
    try:
        probabilities = response_probabilities(followed_up, design)
    except ValueError as error:
        return Adjustment(started, kept, None, str(error))
    weights = 1 / probabilities[followed_up]
    changes = changes_of(baseline[followed_up], follow_up[followed_up])
    return Adjustment(started, kept, weighted_mean_change(changes, weights))
