"""Suggested services: ranked by the person's needs, low-scoring areas and goals, with reasons and cautions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.casework.domains import DOMAINS
from linkwork.casework.services.assessments import assessment_record
from linkwork.casework.services.goals import goal_create
from linkwork.onward.suggestions import suggested_services
from linkwork.testing.auth import sign_in
from linkwork.testing.directory import directory_add, listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(open_case, case_actors):
    """Referred for loneliness (see open_case_for); money scored 1 at the start; a goal about money."""
    scores = {domain.code: 4 for domain in DOMAINS} | {"money": 1}
    assessment_record(
        by=case_actors["link_worker"],
        case=open_case,
        assessed_on=timezone.localdate(),
        time_point="baseline",
        scores=scores,
    )
    goal_create(
        by=case_actors["link_worker"], case=open_case, domain="money", description="Get on top of the bills"
    )
    return open_case


def test_services_are_ranked_with_their_reasons_and_what_may_not_suit(assessed):
    directory_add(
        listing("Befriending calls", categories=("befriending",)),
        listing(
            "Debt advice", categories=("debt_money",), capacity_status="waiting_list", expected_wait_weeks=6
        ),
        listing("Over-60s coffee club", categories=("community_activities",), minimum_age=60),
        listing("Pottery class", categories=("arts",)),
    )

    suggestions = {s.service.name: s for s in suggested_services(assessed)}

    assert "Pottery class" not in suggestions
    assert suggestions["Befriending calls"].reasons == [
        "Referred for: loneliness or isolation",
        "Taking people now",
    ]
    assert suggestions["Debt advice"].reasons == ["Money scored 1 of 5", "Goal: Get on top of the bills"]
    assert any("6 weeks" in caution for caution in suggestions["Debt advice"].cautions)
    assert (
        suggestions["Over-60s coffee club"].cautions[0]
        == "Aged 50: the service is for people aged 60 and over"
    )
    ranked = [s.service.name for s in suggested_services(assessed)]
    assert ranked.index("Over-60s coffee club") == len(ranked) - 1


def test_suggestions_run_a_fixed_number_of_queries(assessed):
    directory_add(listing("Befriending calls 1", categories=("befriending",)))
    with CaptureQueriesContext(connection) as few:
        suggested_services(assessed)
    directory_add(
        *[listing(f"Befriending calls {n}", categories=("befriending", "arts")) for n in range(2, 9)]
    )
    with CaptureQueriesContext(connection) as many:
        assert len(suggested_services(assessed)) == 8

    assert len(many) == len(few)


def test_the_refer_page_shows_the_suggestions(client, world, assessed):
    directory_add(listing("Befriending calls", categories=("befriending",)))
    sign_in(client, world.users["link_worker"])

    page = client.get(reverse("onward:new", kwargs={"case_id": assessed.pk}))

    assert "Suggested for Cass" in page.text
    assert "Referred for: loneliness or isolation" in page.text
