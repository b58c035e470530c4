"""The service's reply form shows only what each answer needs and offers sessions only after acceptance
(issue 19, point 11)."""

import re
from collections import Counter

from django.urls import reverse

from linkwork.onward.services import onward_referral_respond, onward_referral_send
from linkwork.testing.cases import contacted_referral_for


def duplicate_ids(html):
    return [
        element_id for element_id, count in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if count > 1
    ]


def test_before_acceptance_only_the_first_answers_are_offered_each_revealing_its_own_questions(
    client, login, world, open_case, case_actors, walking_group, vcse
):
    onward = onward_referral_send(
        by=case_actors["link_worker"], case=open_case, service=walking_group, consent=True, summary="Walks"
    )
    login(world.users["vcse_coordinator"])
    url = reverse("onward:inbox_detail", kwargs={"onward_id": onward.pk})

    waiting = client.get(url).text

    radios = re.findall(r'name="status" type="radio" value="([^"]+)"', waiting)
    assert radios == ["accepted", "on-hold", "rejected"]
    assert 'data-aria-controls="conditional-id_status-2"' in waiting  # the waiting list reveals its wait
    assert "Record session" not in waiting
    assert duplicate_ids(waiting) == []

    onward_referral_respond(by=vcse, referral=onward, status="accepted")
    accepted = client.get(url).text
    assert re.findall(r'name="status" type="radio" value="([^"]+)"', accepted) == ["on-hold", "failed"]
    assert "Record session" in accepted
    assert duplicate_ids(accepted) == []


def test_a_decline_takes_its_reason_from_its_own_question(
    client, login, world, open_case, case_actors, walking_group
):
    onward = onward_referral_send(
        by=case_actors["link_worker"], case=open_case, service=walking_group, consent=True, summary="Walks"
    )
    login(world.users["vcse_coordinator"])
    client.post(
        reverse("onward:respond", kwargs={"onward_id": onward.pk}),
        {
            "status": "rejected",
            "decline_reason": "other",
            "decline_detail": "We only meet in Leeds",
            "outcome": "x",
        },
    )
    onward.refresh_from_db()
    assert (onward.status, onward.status_reason, onward.outcome) == ("rejected", "We only meet in Leeds", "")


def test_the_contact_page_repeats_no_element_id(client, login, world, wellbeing, case_actors):
    referral = contacted_referral_for(world, wellbeing, case_actors, given_name="Di", family_name="Dee")
    login(world.users["link_worker"])

    page = client.get(reverse("referrals:contact", kwargs={"referral_id": referral.pk})).text

    assert "Their decision" in page
    assert "Log a contact attempt" in page
    assert duplicate_ids(page) == []
