"""Choosing the follow-up: latest, exit or one review, in the query, the figures, the methods and the API."""

import random
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.casework.models import Case
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.outcomes.models import MeasureResponse
from linkwork.outcomes.services.responses import MeasureAnswers, measure_not_completed, measures_record
from linkwork.reporting.evaluation.follow_up import EXIT, LATEST, REVIEW, FollowUp, parse_follow_up
from linkwork.reporting.evaluation.selectors import (
    instrument_scales,
    outcome_report,
    report_criteria,
    scored_cases,
)
from linkwork.reporting.evaluation.tables import methods, outcome_tables
from linkwork.testing.factories import actor_for

from .conftest import HEALTH, Story, choices
from .test_scored_cases import random_responses, value

pytestmark = pytest.mark.django_db


def expected_pair(case, instrument, scale, follow_up: FollowUp):
    """The pair by the rule in words: first completed baseline with a score, then the latest chosen
    follow-up with a score on or after it."""
    responses = [
        r
        for r in MeasureResponse.objects.filter(
            case=case, instrument=instrument, status="completed"
        ).order_by("completed_on", "created_at")
        if scale in r.scores
    ]
    baselines = [r for r in responses if r.time_point == "baseline"]
    if not baselines:
        return None, None
    baseline = baselines[0]
    chosen = [
        r
        for r in responses
        if r.time_point != "baseline"
        and (follow_up.kind == LATEST or r.time_point == follow_up.kind)
        and (follow_up.kind != REVIEW or r.occasion == follow_up.review)
    ]
    later = chosen[-1] if chosen and chosen[-1].completed_on >= baseline.completed_on else None
    return float(baseline.scores[scale]["raw"]), float(later.scores[scale]["raw"]) if later else None


@pytest.mark.parametrize("follow_up", [FollowUp(EXIT), FollowUp(REVIEW, 2), FollowUp(LATEST)])
def test_the_query_pairs_the_chosen_follow_up_only(tell, instruments, follow_up):
    tell([Story(None)] * 12)
    instrument = instruments["ons4"]
    cases = list(Case.objects.all())
    random_responses(cases, instrument, random.Random(7))  # noqa: S311 - test data

    scored = scored_cases(Case.objects.all(), instrument, instrument_scales(instrument), follow_up)

    scores = scored.scales["happy"]
    found = Counter(zip(map(value, scores.baseline), map(value, scores.follow_up), strict=True))
    assert found == Counter(expected_pair(case, instrument, "happy", follow_up) for case in cases)


@pytest.fixture
def commissioner(world):
    return actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)


def _record(worker, case, time_point, occasion, health):
    measures_record(
        by=worker,
        case=case,
        time_point=time_point,
        occasion=occasion,
        measures=[MeasureAnswers(HEALTH, {"health": health})],
        completed_on=timezone.localdate(),
    )


def test_exit_and_a_chosen_review_change_the_pairs_and_the_methods_say_so(
    tell, scheme, commissioner, case_actors
):
    worker = case_actors["link_worker"]
    cases = tell([Story(50, 60)] * 6)  # review 1 at 60 for everyone
    for case in cases[:5]:
        _record(worker, case, "review", 2, 70)
        _record(worker, case, "exit", 0, 80)
    measure_not_completed(
        by=worker, case=cases[5], code=HEALTH, time_point="exit", occasion=0, status="declined", reason="No"
    )

    def report(follow_up):
        criteria = report_criteria(
            actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH, follow_up=follow_up
        )
        return outcome_report(actor=commissioner, criteria=criteria, channel="test")

    latest, at_exit, first_review = report(None), report("exit"), report("review-1")

    assert (latest.scales[0].n, latest.scales[0].overall.follow_up.mean) == (6, pytest.approx(460 / 6))
    assert (at_exit.scales[0].n, at_exit.scales[0].overall.change.mean) == (5, 30)
    assert at_exit.scales[0].attrition.counts["Follow-up declined"] == 1
    assert (first_review.scales[0].n, first_review.scales[0].overall.change.mean) == (6, 10)
    assert first_review.scales[0].attrition.counts["Follow-up declined"] == 0
    assert "end-of-support (exit) measure only" in methods(at_exit)[0]
    assert outcome_tables(first_review)[0].title == "Change from baseline to review 1"
    assert AuditEvent.objects.filter(action="report.outcomes", details__follow_up="exit").count() == 1


def test_a_follow_up_not_offered_is_refused_with_a_clear_message(commissioner, scheme, instruments):
    for bad in ("review-0", "review-x", "later", "review-100"):
        with pytest.raises(DomainError) as refused:
            report_criteria(
                actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH, follow_up=bad
            )
        assert refused.value.field == "follow_up"
    assert parse_follow_up("review-12") == FollowUp(REVIEW, 12)


def test_the_page_and_the_api_take_the_choice(tell, scheme, world, login, client, token_for):
    tell([Story(50, 60)] * 5)
    page = login(world.users["commissioner"])

    shown = page.get(reverse("reporting:outcomes"), choices(scheme, follow_up="exit")).content.decode()
    refused = page.get(reverse("reporting:outcomes"), choices(scheme, follow_up="review-99")).content.decode()
    api = client.get(
        reverse("api:reports_outcomes"),
        {"scheme": scheme.slug, "instrument": HEALTH, "follow_up": "review-1"},
        HTTP_AUTHORIZATION=f"Bearer {token_for('commissioner')}",
    )
    bad_api = client.get(
        reverse("api:reports_outcomes"),
        {"scheme": scheme.slug, "instrument": HEALTH, "follow_up": "soon"},
        HTTP_AUTHORIZATION=f"Bearer {token_for('commissioner')}",
    )

    assert "Change from baseline to the end of support" in shown
    assert "Choose the follow-up from the list" in refused
    assert api.json()["follow_up"] == "review-1"
    assert api.json()["tables"][0]["rows"][0]["n"] == 5
    assert bad_api.status_code == 422
