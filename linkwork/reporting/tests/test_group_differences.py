"""Differences in mean change between groups: against scipy and statsmodels on the same numbers, and in
the report's tables, page, downloads and API with the report's suppression."""

import csv
import io
import math

import numpy as np
import pytest
from django.urls import reverse
from scipy import special, stats
from statsmodels.stats.meta_analysis import effectsize_smd

from linkwork.accounts.models import Role
from linkwork.reporting.evaluation import group_differences
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.evaluation.tables import outcome_tables
from linkwork.testing.factories import actor_for

from .conftest import HEALTH, Story, choices

WOMEN = [12, 15, 3, 20, 8, 11, -2, 9]
MEN = [1, 4, -3, 6, 0, 2, 5]


def test_the_difference_its_interval_and_test_are_welchs_from_scipy():
    result = group_differences.difference_in_change("Female", WOMEN, "Male", MEN)

    welch = stats.ttest_ind(WOMEN, MEN, equal_var=False)
    interval = welch.confidence_interval(0.95)
    assert result.test == "Welch's t-test"
    assert result.difference == pytest.approx(np.mean(WOMEN) - np.mean(MEN))
    assert (result.ci_low, result.ci_high) == (pytest.approx(interval.low), pytest.approx(interval.high))
    assert result.statistic == pytest.approx(welch.statistic)
    assert result.df == pytest.approx(welch.df)
    assert result.p_value == pytest.approx(welch.pvalue)
    # Welch–Satterthwaite df by hand, not the pooled n₁ + n₂ − 2.
    first, second = np.var(WOMEN, ddof=1) / 8, np.var(MEN, ddof=1) / 7
    assert result.df == pytest.approx((first + second) ** 2 / (first**2 / 7 + second**2 / 6))


def test_hedges_g_matches_statsmodels_with_its_small_sample_correction():
    result = group_differences.difference_in_change("Female", WOMEN, "Male", MEN)

    expected, _ = effectsize_smd(
        np.mean(WOMEN), np.std(WOMEN, ddof=1), 8, np.mean(MEN), np.std(MEN, ddof=1), 7
    )
    assert result.hedges_g == pytest.approx(expected)
    pooled = math.sqrt((7 * np.var(WOMEN, ddof=1) + 6 * np.var(MEN, ddof=1)) / 13)
    cohens_d = (np.mean(WOMEN) - np.mean(MEN)) / pooled
    # The correction shrinks d for small samples, close to Hedges' exact gamma-function form.
    exact = math.exp(special.gammaln(13 / 2) - special.gammaln(12 / 2)) / math.sqrt(13 / 2)
    assert abs(result.hedges_g) < abs(cohens_d)
    assert result.hedges_g == pytest.approx(cohens_d * exact, rel=1e-3)


def test_each_group_is_compared_with_the_largest_and_untestable_pairs_are_left_out():
    groups = {"A": [1, 2, 3], "B": [2, 4, 6, 9, 1], "C": [0, 0, 1, 2], "D": [5]}

    differences = group_differences.differences_from_reference(groups)

    assert [(d.group, d.reference) for d in differences] == [("A", "B"), ("C", "B")]
    for difference in differences:
        welch = stats.ttest_ind(groups[difference.group], groups["B"], equal_var=False)
        assert difference.p_value == pytest.approx(welch.pvalue)
    assert group_differences.differences_from_reference({"A": [1, 2]}) == []
    assert group_differences.difference_in_change("A", [2, 2], "B", [2, 2]) is None


@pytest.fixture
def commissioner(world):
    return actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)


def _stories(changes, sex, first_age):
    return [Story(50, 50 + change, sex, first_age + number) for number, change in enumerate(changes)]


@pytest.mark.django_db
def test_the_differences_table_carries_welchs_figures_on_the_recorded_scores(tell, scheme, commissioner):
    tell(_stories(WOMEN, "female", 30) + _stories(MEN, "male", 30))
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH)

    tables = {
        t.key: t for t in outcome_tables(outcome_report(actor=commissioner, criteria=criteria, channel="t"))
    }

    by_sex = next(row for row in tables["differences"].rows if row["subgroup"] == "Sex")
    welch = stats.ttest_ind(MEN, WOMEN, equal_var=False)
    # Eight women, seven men: women are the reference, so the row is men's change minus women's.
    assert (by_sex["group"], by_sex["reference"]) == ("Male", "Female")
    assert by_sex["difference"] == round(np.mean(MEN) - np.mean(WOMEN), 2)
    assert by_sex["ci_low"] == round(welch.confidence_interval().low, 2)
    assert by_sex["test"] == "Welch's t-test"
    assert by_sex["test_df"] == round(welch.df, 2)
    assert by_sex["test_p"] == pytest.approx(welch.pvalue, rel=1e-12)  # not rounded
    female = next(r for r in tables["subgroups"].rows if r["subgroup"] == "Sex" and r["group"] == "Female")
    paired = stats.ttest_rel([50 + c for c in WOMEN], [50] * 8)
    assert female["t_statistic"] == round(paired.statistic, 3)
    assert female["t_df"] == 7
    assert female["d_z"] == round(np.mean(WOMEN) / np.std(WOMEN, ddof=1), 2)


@pytest.mark.django_db
def test_groups_under_the_threshold_get_no_difference(tell, scheme, commissioner):
    # Four men: under the threshold of 5, so no statistic, no difference and no test involves them.
    tell(_stories(WOMEN, "female", 30) + _stories(MEN[:4], "male", 30))
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH)

    tables = {
        t.key: t for t in outcome_tables(outcome_report(actor=commissioner, criteria=criteria, channel="t"))
    }

    assert not [row for row in tables["differences"].rows if row["subgroup"] == "Sex"]
    male = next(r for r in tables["subgroups"].rows if r["subgroup"] == "Sex" and r["group"] == "Male")
    assert male["n"] == "<5"
    assert "t_statistic" not in male
    assert "d_z" not in male


@pytest.mark.django_db
def test_page_csv_and_api_show_the_differences_and_the_page_says_under_0_001(
    tell, scheme, world, login, client, token_for
):
    # Women improve by 20 or so, men not at all: p far below 0.001.
    tell(_stories([20, 21, 19, 22, 20, 18], "female", 30) + _stories([0, 1, -1, 0, 2, -2], "male", 30))
    page = login(world.users["commissioner"])

    html = page.get(reverse("reporting:outcomes"), choices(scheme)).content.decode()
    download = page.get(
        reverse("reporting:outcomes_export"), choices(scheme, format="csv", table="differences")
    )
    api = client.get(
        reverse("api:reports_outcomes"),
        {"scheme": scheme.slug, "instrument": HEALTH},
        HTTP_AUTHORIZATION=f"Bearer {token_for('commissioner')}",
    ).json()

    assert "Difference in mean change between groups" in html
    assert "Hedges&#39; g" in html
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Scale", "Subgroup", "Group", "Compared with"]
    sex_row = next(row for row in rows if row[1] == "Sex")
    assert sex_row[10] == "Welch's t-test"
    differences = next(t for t in api["tables"] if t["key"] == "differences")
    p_value = next(r for r in differences["rows"] if r["subgroup"] == "Sex")["test_p"]
    expected = stats.ttest_ind([0, 1, -1, 0, 2, -2], [20, 21, 19, 22, 20, 18], equal_var=False).pvalue
    assert 0 < p_value < 0.001
    assert p_value == pytest.approx(expected, rel=1e-9)
    assert float(sex_row[13]) == pytest.approx(expected, rel=1e-9)
    assert "&lt;0.001" in html
