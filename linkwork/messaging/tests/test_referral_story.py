"""The referrer sees the whole story: accepted, in support, support ended (with dates), and the messages back.

Casework and messaging add to the referral's story through referrals/extensions.py; these tests go
through the referrer's pages, as the GP would.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.core.models import AuditEvent
from linkwork.messaging.message_back import ACCEPTED, DISCHARGED
from linkwork.referrals.models import Referral
from linkwork.referrals.story import referral_stories
from linkwork.referrals.vocabulary import SNOMED_REFERRAL_ACCEPTED

from .message_back_setup import message_back
from .story_setup import accept, discharge, refer_to_ways_to_wellness, support, ways_to_wellness


@pytest.fixture
def scheme(world):
    return ways_to_wellness(world)


def list_page(client):
    return client.get(reverse("referrals:list")).content.decode()


def detail_page(client, referral):
    return client.get(reverse("referrals:detail", kwargs={"referral_id": referral.pk})).content.decode()


def test_the_story_goes_on_past_accepted_to_in_support_and_support_ended(world, case_actors, scheme):
    referral = refer_to_ways_to_wellness(world, case_actors, scheme)
    case = accept(world, case_actors, referral)
    referrer = case_actors["referrer"]

    def current():
        fresh = Referral.objects.get(pk=referral.pk)
        return referral_stories(actor=referrer, referrals=[fresh])[fresh.pk].current

    assert current().label == "Accepted"
    support(case_actors, case)
    assert (current().label, current().at.date()) == ("In support", timezone.localdate())
    discharge(case_actors, case)
    ended = current()
    assert (ended.label, ended.detail) == ("Support ended", "Goals achieved")
    assert ended.at == Referral.objects.get(pk=referral.pk).case.closed_at


def test_the_gps_list_says_support_ended_with_the_date_and_links_the_messages(
    world, case_actors, scheme, login
):
    case = support(
        case_actors, accept(world, case_actors, refer_to_ways_to_wellness(world, case_actors, scheme))
    )
    discharge(case_actors, case)
    client = login(world.users["referrer"])

    page = list_page(client)

    assert "Support ended" in page
    assert f"on {timezone.localdate().day} {timezone.localdate():%B %Y}: Goals achieved" in page
    assert "2 messages" in page
    assert "(2 new)" in page
    assert f"{reverse('referrals:detail', kwargs={'referral_id': case.referral.pk})}#messages" in page
    # The code is for the GP record, not the status line.
    assert SNOMED_REFERRAL_ACCEPTED not in page


def test_the_referral_page_shows_every_step_links_each_message_and_keeps_the_code_as_a_detail(
    world, case_actors, scheme, login
):
    case = support(
        case_actors, accept(world, case_actors, refer_to_ways_to_wellness(world, case_actors, scheme))
    )
    discharge(case_actors, case)
    client = login(world.users["referrer"])

    page = detail_page(client, case.referral)

    for step in (
        "Received",
        "Triaged",
        "Allocated to a link worker",
        "Accepted",
        "In support",
        "Support ended",
    ):
        assert re.search(rf">\s*{step}\s*</dt>", page), step
    for kind in (ACCEPTED, DISCHARGED):
        message = message_back(kind, case.referral)
        assert reverse("message_back:detail", kwargs={"message_id": message.pk}) in page
    details_start = page.index("Code for the GP record")
    assert page.index(SNOMED_REFERRAL_ACCEPTED) > details_start
    assert page.count(SNOMED_REFERRAL_ACCEPTED) == 1
    assert case.referral.reference in page


def test_each_message_links_back_to_its_referral(world, case_actors, scheme, login):
    case = support(
        case_actors, accept(world, case_actors, refer_to_ways_to_wellness(world, case_actors, scheme))
    )
    discharge(case_actors, case)
    client = login(world.users["referrer"])
    message = message_back(DISCHARGED, case.referral)

    page = client.get(reverse("message_back:detail", kwargs={"message_id": message.pk})).content.decode()

    assert reverse("referrals:detail", kwargs={"referral_id": case.referral.pk}) in page
    assert "Referral reference" in page
    assert case.referral.reference in page


def test_provider_staff_see_the_story_but_not_the_referrers_messages(world, case_actors, scheme, login):
    case = support(
        case_actors, accept(world, case_actors, refer_to_ways_to_wellness(world, case_actors, scheme))
    )
    discharge(case_actors, case)
    client = login(world.users["team_lead"])

    page = detail_page(client, case.referral)

    assert "Support ended" in page
    assert "Messages back about this referral" not in page
    assert (
        reverse("message_back:detail", kwargs={"message_id": message_back(DISCHARGED, case.referral).pk})
        not in page
    )


def test_another_practices_referrer_sees_neither_the_story_nor_the_messages(
    world, case_actors, scheme, login
):
    case = support(
        case_actors, accept(world, case_actors, refer_to_ways_to_wellness(world, case_actors, scheme))
    )
    discharge(case_actors, case)
    client = login(world.users["referrer_b"])

    response = client.get(reverse("referrals:detail", kwargs={"referral_id": case.referral.pk}))

    assert response.status_code == 404
    assert "Wendy Wellness" not in list_page(client)
    assert AuditEvent.objects.filter(action="referral.view", outcome=AuditEvent.Outcome.DENIED).exists()


def test_the_gps_list_runs_the_same_queries_for_one_referral_or_several(world, case_actors, scheme, login):
    client = login(world.users["referrer"])
    first = support(
        case_actors, accept(world, case_actors, refer_to_ways_to_wellness(world, case_actors, scheme))
    )
    discharge(case_actors, first)
    list_page(client)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as one:
        list_page(client)
    for number in range(3):
        referral = refer_to_ways_to_wellness(world, case_actors, scheme, given_name=f"Walter{'x' * number}")
        discharge(case_actors, support(case_actors, accept(world, case_actors, referral)))

    with CaptureQueriesContext(connection) as several:
        page = list_page(client)

    assert page.count("Support ended") == 4
    assert len(several.captured_queries) == len(one.captured_queries)
