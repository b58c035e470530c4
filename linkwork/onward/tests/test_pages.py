"""Onward referral pages: the link worker refers from the case, the service answers from its inbox,
and the service never sees what the person did not agree to share."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.onward.models import OnwardReferral
from linkwork.onward.services import onward_attendance_record, onward_referral_respond, onward_referral_send
from linkwork.referrals.models import Referral
from linkwork.testing.auth import sign_in
from linkwork.testing.cases import open_case_for
from linkwork.testing.factories import valid_nhs_number

pytestmark = pytest.mark.django_db

SECRET_CONDITION = "epilepsy"
SECRET_DETAIL = "Sentinel: private health detail"


def referred(world, scheme, case_actors, service, **shares):
    nhs_number = valid_nhs_number()
    case = open_case_for(world, scheme, case_actors, nhs_number=nhs_number, family_name="Sentinel")
    Referral.objects.filter(pk=case.referral_id).update(
        conditions=[SECRET_CONDITION], needs_details=SECRET_DETAIL
    )
    referral = onward_referral_send(
        by=case_actors["link_worker"],
        case=case,
        service=service,
        consent=True,
        summary="Keen to walk",
        **shares,
    )
    return referral, nhs_number


def test_the_link_worker_finds_the_service_and_sends_with_consent(client, world, open_case, walking_group):
    sign_in(client, world.users["link_worker"])
    new = reverse("onward:new", kwargs={"case_id": open_case.pk})

    found = client.get(new, {"q": "walking"})
    refused = client.post(f"{new}?service={walking_group.pk}", {"summary": "Keen to walk"})
    sent = client.post(f"{new}?service={walking_group.pk}", {"summary": "Keen to walk", "consent": "on"})

    assert "Benwell walking group" in found.text
    assert "The person must agree to the referral before it is sent" in refused.text
    assert sent.status_code == 302
    assert OnwardReferral.objects.get().summary == "Keen to walk"


def test_the_service_never_sees_the_nhs_number_or_health_details_without_agreement(
    client, world, wellbeing, case_actors, walking_group
):
    referral, nhs_number = referred(world, wellbeing, case_actors, walking_group)
    sign_in(client, world.users["vcse_coordinator"])

    pages = [
        client.get(reverse("onward:inbox")),
        client.get(reverse("onward:inbox_detail", kwargs={"onward_id": referral.pk})),
    ]

    assert "Sentinel" in pages[1].text  # the person's name, so the service can contact them
    for page in pages:
        assert nhs_number not in page.text.replace(" ", "")
        assert "Epilepsy" not in page.text
        assert SECRET_DETAIL not in page.text


def test_with_agreement_the_service_sees_what_was_agreed(
    client, world, wellbeing, case_actors, walking_group
):
    referral, nhs_number = referred(
        world, wellbeing, case_actors, walking_group, share_nhs_number=True, share_health_details=True
    )
    sign_in(client, world.users["vcse_coordinator"])

    page = client.get(reverse("onward:inbox_detail", kwargs={"onward_id": referral.pk}))

    assert nhs_number in page.text.replace(" ", "")
    assert "Epilepsy" in page.text
    assert SECRET_DETAIL in page.text


def test_the_service_answers_from_its_inbox_and_the_link_worker_sees_it(
    client, world, open_case, case_actors, walking_group
):
    referral = onward_referral_send(
        by=case_actors["link_worker"], case=open_case, service=walking_group, consent=True, summary="Keen"
    )
    sign_in(client, world.users["vcse_coordinator"])
    respond = reverse("onward:respond", kwargs={"onward_id": referral.pk})

    bad = client.post(respond, {"status": "on-hold", "expected_wait_weeks": "many"}, follow=True)
    client.post(respond, {"status": "on-hold", "expected_wait_weeks": "6"})
    sign_in(client, world.users["link_worker"])
    case_page = client.get(reverse("onward:case_list", kwargs={"case_id": open_case.pk}))

    assert "Give the expected wait as a number of weeks" in bad.text
    assert "On a waiting list" in case_page.text
    assert "expected wait about 6 weeks" in case_page.text


def test_an_unanswered_referral_reaches_the_caseload_after_its_reply_date(
    client, world, open_case, case_actors, walking_group
):
    referral = onward_referral_send(
        by=case_actors["link_worker"], case=open_case, service=walking_group, consent=True, summary="Keen"
    )
    OnwardReferral.objects.filter(pk=referral.pk).update(
        respond_by=timezone.localdate() - timezone.timedelta(days=1)
    )
    sign_in(client, world.users["link_worker"])

    page = client.get(reverse("casework:caseload"))

    assert "No reply from Benwell walking group" in page.text


def test_the_inbox_and_the_case_list_run_a_fixed_number_of_queries(
    client, world, wellbeing, case_actors, walking_group
):
    referred(world, wellbeing, case_actors, walking_group)
    sign_in(client, world.users["vcse_coordinator"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("onward:inbox"))
    for _ in range(6):
        referred(world, wellbeing, case_actors, walking_group)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("onward:inbox"))

    assert len(many) == len(few)


def test_the_case_list_and_timeline_show_each_step_in_a_fixed_number_of_queries(
    client, world, open_case, case_actors, walking_group, vcse
):
    referral = onward_referral_send(
        by=case_actors["link_worker"], case=open_case, service=walking_group, consent=True, summary="Keen"
    )
    sign_in(client, world.users["link_worker"])
    url = reverse("onward:case_list", kwargs={"case_id": open_case.pk})
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    onward_referral_respond(by=vcse, referral=referral, status="accepted")
    for _ in range(3):
        onward_attendance_record(by=vcse, referral=referral, attended_on=timezone.localdate())
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    timeline = client.get(reverse("casework:case", kwargs={"case_id": open_case.pk}))

    assert len(many) == len(few)
    assert "3 sessions attended" in page.text
    assert "Onward referral to Benwell walking group: accepted" in timeline.text
