"""Recording measures on a case: scored by the rules, all or nothing, idempotent, scoped, risk-aware."""

import datetime

import pytest
from django.utils import timezone

from linkwork.casework.models import RiskFlag
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.outcomes.models import MeasureResponse
from linkwork.outcomes.services.responses import MeasureAnswers, measure_not_completed, measures_record
from linkwork.testing.concurrency import run_at_once

pytestmark = pytest.mark.django_db

ONS4_START = {"satisfied": 3, "worthwhile": 4, "happy": 3, "anxious": 7}
PHQ9_NONE = {str(n): 0 for n in range(1, 10)}


def record(case, actor, measures, time_point="baseline", occasion=0, **extra):
    return measures_record(
        by=actor,
        case=case,
        time_point=time_point,
        occasion=occasion,
        measures=measures,
        completed_on=extra.pop("completed_on", timezone.localdate()),
        **extra,
    )


def test_a_session_records_each_measure_with_its_scores_and_audits_it(open_case, case_actors, instruments):
    swemwbs_raw_21 = {"1": 3, "2": 3, "3": 3, "4": 3, "5": 3, "6": 3, "7": 3}
    responses = record(
        open_case,
        case_actors["link_worker"],
        [MeasureAnswers("swemwbs", swemwbs_raw_21), MeasureAnswers("health_today", {"health": 55})],
    )

    swemwbs, health = responses
    assert swemwbs.scores["total"] == {"raw": 21, "converted": 19.25, "band": None}
    assert swemwbs.answers == swemwbs_raw_21
    assert health.scores["health"]["raw"] == 55
    assert (swemwbs.status, swemwbs.completed_by, swemwbs.recorded_by) == (
        "completed",
        "in_session",
        case_actors["link_worker"].user,
    )
    audited = AuditEvent.objects.filter(action="measure.record", person_id=open_case.person_id)
    assert audited.count() == 2


def test_one_invalid_answer_saves_none_of_the_occasions_measures(open_case, case_actors, instruments):
    with pytest.raises(DomainError, match="item health cannot be 101"):
        record(
            open_case,
            case_actors["link_worker"],
            [MeasureAnswers("ons4", ONS4_START), MeasureAnswers("health_today", {"health": 101})],
        )

    assert not MeasureResponse.objects.exists()


def test_an_unanswered_item_is_refused_by_name(open_case, case_actors, instruments):
    with pytest.raises(DomainError, match="item anxious has no answer"):
        record(
            open_case, case_actors["link_worker"], [MeasureAnswers("ons4", {**ONS4_START, "anxious": None})]
        )


def test_the_same_submit_twice_records_once(open_case, case_actors, instruments):
    first = record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)])
    again = record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)])

    assert [r.pk for r in again] == [r.pk for r in first]
    assert MeasureResponse.objects.count() == 1


def test_different_answers_for_a_recorded_occasion_are_refused(open_case, case_actors, instruments):
    record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)])

    with pytest.raises(DomainError, match="already recorded for this time point"):
        record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", {**ONS4_START, "happy": 9})])

    assert MeasureResponse.objects.get().answers == ONS4_START


def test_reviews_are_numbered_and_the_start_has_no_number(open_case, case_actors, instruments):
    with pytest.raises(DomainError, match="Reviews are numbered from 1"):
        record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)], "review", 0)
    with pytest.raises(DomainError, match="Reviews are numbered from 1"):
        record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)], "baseline", 2)

    record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)], "review", 1)
    record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)], "review", 2)
    assert MeasureResponse.objects.filter(time_point="review").count() == 2


def test_a_date_in_the_future_or_before_the_case_is_refused(open_case, case_actors, instruments):
    today = timezone.localdate()
    for day, message in (
        (today + datetime.timedelta(days=1), "must be today or in the past"),
        (today - datetime.timedelta(days=400), "cannot be before the case opened"),
    ):
        with pytest.raises(DomainError, match=message):
            record(
                open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)], completed_on=day
            )
    assert not MeasureResponse.objects.exists()


def test_another_providers_worker_and_a_referrer_cannot_record(open_case, case_actors, instruments):
    for name in ("link_worker_b", "referrer"):
        with pytest.raises(DomainError, match="Only the case's link workers or a team lead"):
            record(open_case, case_actors[name], [MeasureAnswers("ons4", ONS4_START)])
    assert not MeasureResponse.objects.exists()


def test_phq9_question_9_above_0_raises_a_risk_flag_on_the_case_at_once(open_case, case_actors, instruments):
    record(open_case, case_actors["link_worker"], [MeasureAnswers("phq9", {**PHQ9_NONE, "9": 1})])

    flag = RiskFlag.objects.get(case=open_case)
    assert flag.kind == "risk_to_self"
    assert flag.cleared_at is None
    assert "question 9" in flag.description
    assert "Several days" in flag.description
    assert flag.raised_by == case_actors["link_worker"].user


def test_phq9_question_9_at_0_raises_no_flag(open_case, case_actors, instruments):
    record(open_case, case_actors["link_worker"], [MeasureAnswers("phq9", {**PHQ9_NONE, "2": 3})])

    assert not RiskFlag.objects.filter(case=open_case).exists()


def test_a_declined_measure_needs_a_reason_and_counts_as_done(open_case, case_actors, instruments):
    actor = case_actors["link_worker"]
    with pytest.raises(DomainError, match="Give the reason"):
        measure_not_completed(
            by=actor,
            case=open_case,
            code="ons4",
            time_point="baseline",
            occasion=0,
            status="declined",
            reason=" ",
        )

    declined = measure_not_completed(
        by=actor,
        case=open_case,
        code="ons4",
        time_point="baseline",
        occasion=0,
        status="declined",
        reason="Did not want to talk about mood today",
    )

    assert (declined.status, declined.answers, declined.scores) == ("declined", {}, {})
    with pytest.raises(DomainError, match="already recorded"):
        record(open_case, actor, [MeasureAnswers("ons4", ONS4_START)])


def test_a_closed_case_takes_no_more_measures(open_case, case_actors, instruments):
    open_case.status = open_case.Status.CLOSED
    open_case.save()

    with pytest.raises(DomainError, match="This case is closed"):
        record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)])


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_record_one_measure(open_case, case_actors, instruments):
    results, errors = run_at_once(
        lambda: record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)]),
        lambda: record(open_case, case_actors["link_worker"], [MeasureAnswers("ons4", ONS4_START)]),
    )

    assert errors == []
    assert MeasureResponse.objects.count() == 1
    assert results[0][0].pk == results[1][0].pk
