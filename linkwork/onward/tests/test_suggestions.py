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
    assert "Over-60s coffee club" not in suggestions  # aged 50: its age limit leaves them out
    ranked = [s.service.name for s in suggested_services(assessed)]
    assert ranked == ["Debt advice", "Befriending calls"]  # money scored 1 of 5 and a goal outweigh


def placed_at(record, latitude, longitude, postcode):
    location = record["service_at_locations"][0]["location"]
    location.update(latitude=latitude, longitude=longitude)
    location["addresses"][0]["postal_code"] = postcode
    return record


def test_a_newcastle_man_with_money_worries_is_offered_the_nearby_debt_service_first(assessed):
    person = assessed.person
    person.postcode, person.sex = "NE4 9ZA", "male"
    person.save()
    directory_add(
        placed_at(listing("Tyneside debt advice", categories=("debt_money",)), 54.973, -1.648, "NE4 9ZQ"),
        placed_at(listing("Leeds debt clinic", categories=("debt_money",)), 53.779, -1.557, "LS11 9ZD"),
        placed_at(
            listing("Women's wellbeing circle", categories=("befriending",), target_groups=["women_only"]),
            54.975,
            -1.640,
            "NE4 9ZR",
        ),
        placed_at(
            listing("Memory cafe", categories=("befriending",), target_groups=["older_people"]),
            54.975,
            -1.640,
            "NE4 9ZR",
        ),
        placed_at(listing("Befriending calls", categories=("befriending",)), 54.993, -1.684, "NE5 9ZA"),
    )

    suggestions = suggested_services(assessed)

    names = [suggestion.service.name for suggestion in suggestions]
    assert names[0] == "Tyneside debt advice"
    assert "Leeds debt clinic" not in names  # about 130 km away
    assert "Women's wellbeing circle" not in names  # its target group excludes him
    assert suggestions[0].distance_km == pytest.approx(0.1, abs=0.1)
    memory_cafe = next(suggestion for suggestion in suggestions if suggestion.service.name == "Memory cafe")
    assert "Aimed at older people (they are 50)" in memory_cafe.cautions


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
    assert "postcode is not known" in page.text
