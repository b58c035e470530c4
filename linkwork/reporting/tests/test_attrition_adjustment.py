"""The attrition-adjusted estimate: inverse probability weighting, against statsmodels' formula
interface on the same data, and beside the complete-case estimate in the report."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from linkwork.accounts.models import Role
from linkwork.reporting.evaluation import attrition
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.evaluation.tables import methods, outcome_tables
from linkwork.testing.factories import actor_for

from .conftest import HEALTH, Story


def lost_when_worse(seed=3, people=160):
    """People with a low baseline, who also change least, are more often lost; so are older people and
    GP referrals. Missing at random: who is lost depends on the baseline details only."""
    rng = np.random.default_rng(seed)
    baseline = rng.integers(20, 80, people).astype(float)
    age = rng.integers(20, 85, people).astype(float)
    sex = rng.choice(["female", "male", "not_known"], people, p=[0.55, 0.42, 0.03])
    source = rng.choice(["gp_practice", "self", "health"], people, p=[0.6, 0.3, 0.1])
    change = np.round(0.3 * (baseline - 50) + rng.normal(8, 6, people))
    chance = 1 / (1 + np.exp(-(-1.5 + 0.05 * (baseline - 50) - 0.03 * (age - 50) + (source == "self"))))
    followed = rng.random(people) < chance + 0.35
    follow_up = np.where(followed, baseline + change, np.nan)
    return baseline, follow_up, age, sex.astype(object), source.astype(object), change


def test_the_weighted_estimate_matches_statsmodels_formulas_on_the_same_data():
    baseline, follow_up, age, sex, source, truth = lost_when_worse()

    result = attrition.ipw_adjustment(
        baseline=baseline, follow_up=follow_up, age=age, sex=sex, source=source, threshold=5
    )

    data = pd.DataFrame({"baseline": baseline, "age": age, "sex": sex, "source": source})
    data["followed"] = (~np.isnan(follow_up)).astype(int)
    # "not_known" has fewer than 5 people, so the method pools it with the most common sex.
    assert (data.sex == "not_known").sum() < 5
    data["sex"] = data.sex.replace({"not_known": "female"})
    model = smf.logit(
        "followed ~ baseline + age + C(sex, Treatment('female')) + C(source, Treatment('gp_practice'))", data
    ).fit(disp=0)
    kept = data.followed == 1
    weights = 1 / model.predict(data)[kept]
    changes = (follow_up - baseline)[kept.to_numpy()]
    weighted = smf.wls("change ~ 1", pd.DataFrame({"change": changes}), weights=weights.to_numpy()).fit(
        cov_type="HC1"
    )
    low, high = weighted.conf_int().iloc[0]
    assert result.started == 160
    assert result.followed_up == int(kept.sum())
    assert result.weighted.mean == pytest.approx(weighted.params["Intercept"])
    assert result.weighted.mean == pytest.approx(np.average(changes, weights=weights))
    assert (result.weighted.ci_low, result.weighted.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert result.weighted.effective_n == pytest.approx(weights.sum() ** 2 / (weights**2).sum())
    # The pairs over-represent high baselines, who changed most; weighting brings the estimate closer
    # to everyone's true mean change, which the complete cases overstate.
    assert changes.mean() > result.weighted.mean
    assert abs(result.weighted.mean - truth.mean()) < abs(changes.mean() - truth.mean())


def test_too_few_lost_or_a_model_that_cannot_be_fitted_gives_no_estimate_and_says_why():
    baseline, follow_up, age, sex, source, _ = lost_when_worse()
    everyone = np.where(np.isnan(follow_up), baseline + 5, follow_up)
    everyone[:3] = np.nan
    separated = np.where(baseline >= 50, baseline + 5, np.nan)  # lost exactly when the baseline is low

    few_lost = attrition.ipw_adjustment(
        baseline=baseline, follow_up=everyone, age=age, sex=sex, source=source, threshold=5
    )
    perfect = attrition.ipw_adjustment(
        baseline=baseline, follow_up=separated, age=age, sex=sex, source=source, threshold=5
    )

    assert few_lost.weighted is None
    assert few_lost.not_estimated == "fewer than 5 people were lost to follow-up"
    assert perfect.weighted is None
    assert perfect.not_estimated.startswith("the model of who was followed up could not be fitted")


@pytest.mark.django_db
def test_the_report_shows_both_estimates_side_by_side(tell, scheme, world):
    # 12 followed up; 6 lost (discharged without a follow-up); 2 still open and awaited (left out).
    followed = [
        Story(40 + n * 7 % 13, 50 + n + n % 4, "female" if n % 2 else "male", 30 + n * 11 % 40)
        for n in range(12)
    ]
    lost = [
        Story(38 + n * 5 % 13, None, "female" if n % 2 else "male", 32 + n * 13 % 41, discharged=True)
        for n in range(6)
    ]
    tell(followed + lost + [Story(60), Story(65)])
    commissioner = actor_for(
        world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER
    )
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH)

    report = outcome_report(actor=commissioner, criteria=criteria, channel="test")

    table = next(t for t in outcome_tables(report) if t.key == "adjusted")
    complete, weighted = table.rows
    assert complete["estimate"] == "Complete cases (pairs only)"
    assert complete["change_mean"] == round(report.scales[0].overall.change.mean, 2)
    assert weighted["estimate"].startswith("Inverse probability weighting on baseline score, age, sex")
    assert weighted.get("note") is None, weighted.get("note")
    assert (weighted["people"], weighted["followed_up"]) == (18, 12)
    assert weighted["change_mean"] == round(report.scales[0].adjustment.weighted.mean, 2)
    assert any("missing at random" in line for line in methods(report))


@pytest.mark.django_db
def test_with_few_lost_the_report_gives_no_weighted_estimate_nor_the_counts(tell, scheme, world):
    tell([Story(40 + n, 50 + n % 3) for n in range(8)] + [Story(50, None, discharged=True)] * 2)
    commissioner = actor_for(
        world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER
    )
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH)

    table = next(
        t
        for t in outcome_tables(outcome_report(actor=commissioner, criteria=criteria, channel="t"))
        if t.key == "adjusted"
    )

    weighted = table.rows[1]
    assert weighted["note"] == "Not estimated: fewer than 5 people were lost to follow-up"
    assert weighted["people"] is None
    assert "change_mean" not in weighted
