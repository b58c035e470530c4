import pytest

from linkwork.outcomes.definitions import load_shipped, validate_definition
from linkwork.outcomes.scoring import ScoringError, score_answers


def all_items(code, score):
    return {item["linkId"]: score for item in load_shipped(code)["item"]}


def score(code, answers, **kwargs):
    return score_answers(load_shipped(code), answers, **kwargs)


def test_ons4_reports_four_separate_scores_and_no_total():
    result = score("ons4", {"satisfied": 7, "worthwhile": 9, "happy": 4, "anxious": 6})

    assert {code: scale.raw for code, scale in result.scales.items()} == {
        "satisfied": 7,
        "worthwhile": 9,
        "happy": 4,
        "anxious": 6,
    }
    assert {code: scale.band for code, scale in result.scales.items()} == {
        "satisfied": "high",
        "worthwhile": "very_high",
        "happy": "low",
        "anxious": "high",
    }
    assert result.scales["anxious"].direction == "higher_is_worse"
    assert result.scales["happy"].direction == "higher_is_better"


def test_ons_loneliness_is_one_item():
    assert score("ons_loneliness", {"lonely": 5}).scales["lonely"].raw == 5


def test_ucla_loneliness_adds_its_three_items():
    assert score("ucla_loneliness_3", {"1": 1, "2": 3, "3": 2}).scales["total"].raw == 6
    assert score("ucla_loneliness_3", all_items("ucla_loneliness_3", 3)).scales["total"].raw == 9


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"), (27, "severe")],
)  # fmt: skip
def test_phq9_totals_and_bands_at_the_band_edges(total, band):
    result = score("phq9", _spread("phq9", total, keep_zero="9"))

    assert (result.scales["total"].raw, result.scales["total"].band) == (total, band)


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
     (15, "severe"), (21, "severe")],
)  # fmt: skip
def test_gad7_totals_and_bands_at_the_band_edges(total, band):
    result = score("gad7", _spread("gad7", total))

    assert (result.scales["total"].raw, result.scales["total"].band) == (total, band)


def _spread(code, total, keep_zero=None):
    """Answers of 0 to 3 adding up to `total`, leaving `keep_zero` at 0 when possible."""
    link_ids = [item["linkId"] for item in load_shipped(code)["item"]]
    order = [link_id for link_id in link_ids if link_id != keep_zero] + ([keep_zero] if keep_zero else [])
    answers = {}
    for link_id in order:
        answers[link_id] = min(3, total - sum(answers.values()))
    return answers


def test_phq9_item_9_above_0_raises_the_risk_flag():
    answers = all_items("phq9", 0)

    assert score("phq9", answers).flags == ()
    assert score("phq9", {**answers, "9": 1}).flags == ("risk_item",)


@pytest.mark.parametrize(("raw", "metric"), [(7, 7.00), (21, 19.25), (22, 19.98), (35, 35.00)])
def test_swemwbs_converts_raw_to_metric_with_the_published_table(raw, metric):
    answers = {str(n): 1 for n in range(1, 8)}
    for link_id in answers:
        answers[link_id] += min(4, raw - sum(answers.values()))

    total = score("swemwbs", answers).scales["total"]

    assert (total.raw, total.converted, total.reported) == (raw, metric, metric)


def test_wemwbs_adds_fourteen_items():
    assert score("wemwbs", all_items("wemwbs", 1)).scales["total"].raw == 14
    assert score("wemwbs", all_items("wemwbs", 5)).scales["total"].raw == 70


def test_eq5d5l_reports_each_dimension_and_the_vas_without_an_index():
    answers = {
        "mobility": 1,
        "self_care": 1,
        "usual_activities": 2,
        "pain_discomfort": 3,
        "anxiety_depression": 4,
    }

    result = score("eq5d5l", {**answers, "vas": 65})

    assert {code: scale.raw for code, scale in result.scales.items()} == {**answers, "vas": 65}
    assert "total" not in result.scales
    assert result.scales["vas"].direction == "higher_is_better"


def test_the_campaign_to_end_loneliness_tool_scores_strongly_disagree_as_4():
    assert score("cel_loneliness", {"1": 4, "2": 4, "3": 0}).scales["total"].raw == 8


def test_people_i_can_turn_to_counts_0_to_12_with_higher_more_connected():
    answers = {
        "talk": 2,
        "practical_help": 1,
        "emergency": 0,
        "enjoy_together": 2,
        "would_notice": 1,
        "turn_to_you": 2,
    }

    result = score("people_to_turn_to", answers)

    assert result.scales["total"].raw == 8
    assert result.scales["total"].direction == "higher_is_better"
    assert score("people_to_turn_to", all_items("people_to_turn_to", 2)).scales["total"].raw == 12
    with pytest.raises(ScoringError):
        score("people_to_turn_to", {**answers, "talk": 3})
    with pytest.raises(ScoringError):
        score("people_to_turn_to", {key: value for key, value in answers.items() if key != "talk"})


def test_the_holistic_assessment_reports_each_domain():
    result = score("holistic_assessment", {**all_items("holistic_assessment", 3), "money": 1})

    assert len(result.scales) == 8
    assert result.scales["money"].raw == 1


def test_health_today_takes_0_to_100():
    assert score("health_today", {"health": 100}).scales["health"].raw == 100
    with pytest.raises(ScoringError, match="item health cannot be 101; it must be 0 to 100"):
        score("health_today", {"health": 101})


def test_anxious_or_low_today_is_one_item_from_1_to_5_where_higher_is_worse():
    result = score("anxiety_depression_today", {"anxious_or_low": 4})

    assert result.scales["anxious_or_low"].raw == 4
    assert result.scales["anxious_or_low"].direction == "higher_is_worse"
    with pytest.raises(ScoringError, match="anxious_or_low"):
        score("anxiety_depression_today", {"anxious_or_low": 0})


def test_gp_use_asks_visits_at_baseline_and_change_at_exit():
    baseline = score("gp_use", {"visits_last_4_weeks": 6}, time_point="baseline")
    exit_ = score("gp_use", {"change_since_start": 1}, time_point="exit")

    assert baseline.scales["visits_last_4_weeks"].raw == 6
    assert exit_.scales["change_since_start"].raw == 1
    with pytest.raises(ScoringError, match="item visits_last_4_weeks cannot be 51"):
        score("gp_use", {"visits_last_4_weeks": 51}, time_point="baseline")
    with pytest.raises(ScoringError, match="say which"):
        score("gp_use", {"visits_last_4_weeks": 6})


REVERSED_TEST_DEFINITION = {
    "resourceType": "Questionnaire",
    "url": "https://linkwork.example/fhir/Questionnaire/reversed-test",
    "name": "reversed_test",
    "title": "Reversed test",
    "status": "draft",
    "copyright": "Test only.",
    "item": [
        {
            "linkId": link_id,
            "text": f"Test item {link_id}",
            "type": "choice",
            "answerOption": [{"valueCoding": {"code": str(n)}, "ordinalValue": n} for n in range(1, 6)],
        }
        for link_id in ("a", "b")
    ],
    "scoring": {
        "licence": "open",
        "direction": "higher_is_better",
        "meaningful_change": 1,
        "report_items_separately": False,
        "reversed": ["b"],
        "scales": [{"code": "total", "items": ["a", "b"], "range": [2, 10]}],
    },
}


def test_a_reversed_item_is_scored_from_the_other_end():
    validate_definition(REVERSED_TEST_DEFINITION)

    result = score_answers(REVERSED_TEST_DEFINITION, {"a": 5, "b": 2})

    assert result.item_scores == {"a": 5, "b": 4}
    assert result.scales["total"].raw == 9


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {**all_items("phq9", 0), "9": 4},
            "PHQ-9 depression: item 9 cannot be 4; it must be one of 0, 1, 2, 3.",
        ),
        ({**all_items("phq9", 0), "9": None}, "PHQ-9 depression: item 9 has no answer."),
        ({**all_items("phq9", 0), "10": 1}, "PHQ-9 depression: there is no item '10'."),
        ({**all_items("phq9", 0), "3": "2"}, "PHQ-9 depression: item 3 needs a whole number, not '2'."),
    ],
)
def test_out_of_range_missing_and_unknown_items_are_refused_by_name(answers, message):
    with pytest.raises(ScoringError) as refused:
        score("phq9", answers)

    assert refused.value.message == message


def test_a_missing_item_of_a_licensed_instrument_is_named():
    answers = all_items("swemwbs", 3)
    del answers["5"]

    with pytest.raises(ScoringError, match="item 5 has no answer"):
        score("swemwbs", answers)
