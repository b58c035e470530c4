"""The report's figures from cases recorded the real way: pairs, subgroups, attrition, scope, audit."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from scipy import stats

from linkwork.accounts.models import Role
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.outcomes.models import MeasureResponse
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.reporting.evaluation import outcome_report as categories
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.evaluation.tables import outcome_tables
from linkwork.testing.factories import actor_for

from .conftest import HEALTH, Story

pytestmark = pytest.mark.django_db

WOMEN = [
    Story(50, 65, "female", 30),
    Story(40, 52, "female", 45),
    Story(60, 61, "female", 62),
    Story(55, 70, "female", 70),
    Story(45, 40, "female", 28),
]
MEN = [
    Story(70, 71, "male", 55),
    Story(30, 45, "male", 35),
    Story(65, 50, "male", 58),
    Story(50, 58, "male", 66),
    Story(20, 35, "male", 41),
]
ONS4_ITEMS = ("satisfied", "worthwhile", "happy", "anxious")


@pytest.fixture
def commissioner(world):
    return actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)


def report_for(actor, scheme, **choices):
    criteria = report_criteria(actor=actor, scheme_slug=scheme.slug, instrument_code=HEALTH, **choices)
    return outcome_report(actor=actor, criteria=criteria, channel="test")


def table(report, key):
    return next(t for t in outcome_tables(report) if t.key == key)


def test_overall_change_matches_scipy_on_the_recorded_scores(tell, scheme, commissioner):
    tell(WOMEN + MEN)
    baseline = [s.baseline for s in WOMEN + MEN]
    follow_up = [s.follow_up for s in WOMEN + MEN]

    scale = report_for(commissioner, scheme).scales[0]

    expected = stats.ttest_rel(follow_up, baseline)
    assert scale.n == 10
    assert scale.overall.t_test.statistic == pytest.approx(expected.statistic)
    assert scale.overall.t_test.p_value == pytest.approx(expected.pvalue)
    assert scale.overall.baseline.mean == pytest.approx(48.5)
    # Health today's meaningful change is 10 points, higher is better.
    improved = sum(1 for b, f in zip(baseline, follow_up, strict=True) if f - b >= 10)
    worse = sum(1 for b, f in zip(baseline, follow_up, strict=True) if f - b <= -10)
    assert (scale.overall.reliable_change.improved, scale.overall.reliable_change.worse) == (improved, worse)


def test_the_latest_follow_up_is_paired_with_the_baseline(tell, scheme, commissioner, case_actors):
    cases = tell([Story(50, 60)] * 5)
    for case in cases:
        measures_record(
            by=case_actors["link_worker"],
            case=case,
            time_point="exit",
            occasion=0,
            measures=[MeasureAnswers(HEALTH, {"health": 80})],
            completed_on=timezone.localdate(),
        )

    scale = report_for(commissioner, scheme).scales[0]

    assert scale.overall.follow_up.mean == 80
    assert scale.overall.change.mean == 30


def test_subgroups_by_sex_and_age_band_with_welchs_t_test_between_them(tell, scheme, commissioner):
    tell(WOMEN + MEN)

    scale = report_for(commissioner, scheme).scales[0]

    by_sex = next(s for s in scale.subgroups if s.title == "Sex")
    women_changes = [s.follow_up - s.baseline for s in WOMEN]
    men_changes = [s.follow_up - s.baseline for s in MEN]
    assert [(g.label, g.n) for g in by_sex.groups] == [("Female", 5), ("Male", 5)]
    assert by_sex.groups[0].change.change.mean == pytest.approx(sum(women_changes) / 5)
    welch = stats.ttest_ind(women_changes, men_changes, equal_var=False)
    assert by_sex.comparisons[0].test == "Welch's t-test"
    assert by_sex.comparisons[0].p_value == pytest.approx(welch.pvalue)
    by_age = next(s for s in scale.subgroups if s.title.startswith("Age"))
    assert [(g.label, g.n) for g in by_age.groups] == [("50 and over", 5), ("Under 50", 5)]


def test_the_age_band_boundary_can_be_chosen(tell, scheme, commissioner):
    tell(WOMEN + MEN)

    scale = report_for(commissioner, scheme, age_split=60).scales[0]

    by_age = next(s for s in scale.subgroups if s.title.startswith("Age"))
    assert [(g.label, g.n) for g in by_age.groups] == [("60 and over", 3), ("Under 60", 7)]
    assert by_age.groups[0].change is None  # fewer than 5: no statistics at all
    assert by_age.comparisons == []


def test_groups_under_the_threshold_are_counted_but_not_described(tell, scheme, commissioner):
    tell(WOMEN + MEN[:3] + [Story(50, 60, "not_known"), Story(40, 45, "indeterminate")])

    report = report_for(commissioner, scheme)

    rows = [row for row in table(report, "subgroups").rows if row["subgroup"] == "Sex"]
    assert [(row["group"], row["n"]) for row in rows] == [
        ("Female", 5),
        ("Male", "<5"),
        ("Other or not known", "<5"),
    ]
    assert rows[0]["change_mean"] is not None
    assert "change_mean" not in rows[1]
    assert "change_mean" not in rows[2]
    assert report.scales[0].subgroups[0].comparisons == []


def test_one_small_group_hides_the_next_smallest_with_its_statistics(tell, scheme, commissioner):
    tell(WOMEN + MEN[:3])

    rows = [
        row for row in table(report_for(commissioner, scheme), "subgroups").rows if row["subgroup"] == "Sex"
    ]

    assert [(row["group"], row["n"]) for row in rows] == [("Female", "hidden"), ("Male", "<5")]
    assert not any("change_mean" in row for row in rows)


def test_no_comparison_is_shown_for_a_hidden_group(tell, scheme, commissioner):
    tell(WOMEN + MEN + [Story(50, 55, "male", 40)] + [Story(45, 50, "not_known")] * 2)

    report = report_for(commissioner, scheme)

    by_sex = report.scales[0].subgroups[0]
    assert len(by_sex.comparisons) == 1  # computed: women 5, men 6
    comparisons = [row["comparison"] for row in table(report, "comparisons").rows]
    assert not any(comparison.startswith("Sex") for comparison in comparisons)


def test_fewer_pairs_than_the_threshold_show_no_statistics(tell, scheme, commissioner):
    tell(WOMEN[:4])

    report = report_for(commissioner, scheme)

    row = table(report, "change").rows[0]
    assert row["n"] == "<5"
    assert "change_mean" not in row
    assert report.scales[0].overall is None


@override_settings(LINKWORK_SUPPRESSION_THRESHOLD=3)
def test_the_threshold_is_a_setting(tell, scheme, commissioner):
    tell(WOMEN[:4])

    row = table(report_for(commissioner, scheme), "change").rows[0]

    assert row["n"] == 4
    assert row["change_mean"] is not None


def test_attrition_counts_each_reason_a_pair_is_missing(tell, scheme, commissioner):
    tell(
        [Story(baseline, 60) for baseline in (46, 48, 50, 52, 54)]
        + [Story(40, follow_up_declined="Did not want to")] * 5
        + [Story(45, discharged=True)] * 2
        + [Story(35)] * 6
        + [Story(None, baseline_declined="Too upset today")] * 2
        + [Story(None)] * 1
    )

    attrition = report_for(commissioner, scheme).scales[0].attrition

    assert attrition.cases == 21
    assert attrition.counts[categories.BASELINE_RECORDED] == 18
    assert attrition.counts[categories.PAIRED] == 5
    assert attrition.counts[categories.FOLLOW_UP_DECLINED] == 5
    assert attrition.counts[categories.DISCHARGED_WITHOUT] == 2
    assert attrition.counts[categories.STILL_OPEN] == 6
    assert attrition.counts[categories.BASELINE_DECLINED] == 2
    assert attrition.counts[categories.NO_BASELINE] == 1
    assert attrition.reasons == {
        "Baseline declined: Too upset today": 2,
        "Discharged without a follow-up: Disengaged": 2,
        "Follow-up declined: Did not want to": 5,
    }
    # Baselines of the 13 without a follow-up: 40 ×5, 45 ×2, 35 ×6.
    completers, others = [46, 48, 50, 52, 54], [40] * 5 + [45] * 2 + [35] * 6
    assert attrition.completers.n == 5
    assert attrition.completers.mean == pytest.approx(50)
    assert attrition.non_completers.sd == pytest.approx(stats.tstd(others))
    expected = stats.ttest_ind(completers, others, equal_var=False)
    assert attrition.comparison.p_value == pytest.approx(expected.pvalue)


def test_attrition_table_suppresses_small_counts_and_rare_reasons(tell, scheme, commissioner):
    tell(
        [Story(50, 60)] * 5
        + [Story(40, follow_up_declined="Did not want to")] * 5
        + [Story(45, discharged=True)] * 2
    )

    rows = {
        row["category"]: row["cases"] for row in table(report_for(commissioner, scheme), "attrition").rows
    }

    assert rows["All cases"] == 12
    assert rows[categories.BASELINE_RECORDED] == 12
    assert rows[categories.DISCHARGED_WITHOUT] == "<5"
    # 12 - 5 - 5 would give the 2 discharged away; the pairs are in the change table, so the
    # declined count is the one hidden as well.
    assert rows[categories.PAIRED] == 5
    assert rows[categories.FOLLOW_UP_DECLINED] == "hidden"
    assert rows["Reason – Follow-up declined: Did not want to"] == 5
    assert rows["Reason – other reasons, each given by fewer than 5"] == "<5"
    assert not any("Disengaged" in category for category in rows)


def test_a_few_without_follow_up_hide_the_baseline_count_the_pairs_would_give_away(
    tell, scheme, commissioner
):
    tell([Story(50, 60)] * 6 + [Story(45, discharged=True)] * 2 + [Story(None)] * 5)

    rows = {
        row["category"]: row["cases"] for row in table(report_for(commissioner, scheme), "attrition").rows
    }

    assert rows[categories.PAIRED] == 6
    assert rows[categories.BASELINE_RECORDED] == "hidden"
    # Baseline declined and not asked (both 0) show as "<5", so 13 - 5 leaves the baseline count unsure.
    assert rows[categories.NO_BASELINE] == 5
    assert rows["All cases"] == 13


def test_a_team_lead_sees_only_their_own_providers_cases(tell, scheme, world, commissioner):
    tell(WOMEN + MEN)
    team_lead = actor_for(world.users["team_lead"], world.organisations["provider_a"], Role.TEAM_LEAD)
    other_lead = actor_for(world.users["link_worker_b"], world.organisations["provider_b"], Role.TEAM_LEAD)

    report = report_for(team_lead, scheme)

    assert report.scales[0].n == 10
    assert not report.whole_scheme
    with pytest.raises(DomainError, match="no scheme"):
        report_for(other_lead, scheme)


def test_each_report_read_is_audited(tell, scheme, commissioner):
    tell(WOMEN)

    report_for(commissioner, scheme)

    event = AuditEvent.objects.filter(action="report.outcomes").get()
    assert event.role == Role.COMMISSIONER
    assert event.details["instrument"] == HEALTH
    assert event.details["channel"] == "test"
    assert event.person_id is None


def record(case_actors, case, time_point, occasion, code, answers):
    measures_record(
        by=case_actors["link_worker"],
        case=case,
        time_point=time_point,
        occasion=occasion,
        measures=[MeasureAnswers(code, answers)],
        completed_on=timezone.localdate(),
    )


def test_of_two_follow_ups_on_one_day_the_one_recorded_last_is_paired(
    tell, scheme, commissioner, case_actors
):
    cases = tell([Story(50)] * 5)
    for case in cases:
        record(case_actors, case, "exit", 0, HEALTH, {"health": 80})
        record(case_actors, case, "review", 1, HEALTH, {"health": 70})

    scale = report_for(commissioner, scheme).scales[0]

    assert scale.n == 5
    assert scale.overall.follow_up.mean == 70


def test_a_follow_up_dated_before_the_baseline_is_not_paired(tell, scheme, commissioner, case_actors):
    cases = tell([Story(50, 60)] * 5 + [Story(40, 45)] * 5)
    MeasureResponse.objects.filter(case__in=cases, time_point="review").update(
        completed_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    for case in cases[5:]:
        record(case_actors, case, "exit", 0, HEALTH, {"health": 55})

    scale = report_for(commissioner, scheme).scales[0]

    assert scale.n == 5
    assert (scale.overall.baseline.mean, scale.overall.follow_up.mean) == (40, 55)
    assert scale.attrition.counts[categories.BASELINE_RECORDED] == 10
    assert scale.attrition.counts[categories.STILL_OPEN] == 5


def test_a_scale_without_a_score_pairs_with_the_latest_follow_up_that_has_one(
    tell, scheme, commissioner, case_actors
):
    cases = tell([Story(None)] * 5)
    for case in cases:
        for time_point, occasion, score in (("baseline", 0, 4), ("review", 1, 6), ("exit", 0, 9)):
            record(case_actors, case, time_point, occasion, "ons4", dict.fromkeys(ONS4_ITEMS, score))
    for response in MeasureResponse.objects.filter(case__in=cases, time_point="exit"):
        del response.scores["happy"]
        response.save(update_fields=["scores"])
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code="ons4")

    scales = {
        report.scale.code: report
        for report in outcome_report(actor=commissioner, criteria=criteria, channel="test").scales
    }

    assert scales["happy"].overall.follow_up.mean == 6
    assert scales["satisfied"].overall.follow_up.mean == 9
    assert {report.n for report in scales.values()} == {5}
