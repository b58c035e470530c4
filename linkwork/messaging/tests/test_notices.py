"""Notifications that fire (issue 19, point 7): each moment someone must act writes an in-app notice
with a link to where they act; the header counts them and the home page shows them."""

import pytest
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.casework.services.risk import risk_flag_raise
from linkwork.messaging import delivery
from linkwork.messaging.models import Channel, OutboxMessage, Status
from linkwork.onward.services import onward_message_send, onward_referral_respond, onward_referral_send
from linkwork.testing.directory import directory_add, listing
from linkwork.testing.factories import actor_for


@pytest.fixture
def walking_group(world):
    record = listing("Benwell walking group", organisation_name="Walking Group A listings")
    (service,) = directory_add(
        record, owners={str(record["organisation"]["id"]): world.organisations["vcse_a"]}
    )
    return service


def notices(user):
    rows = OutboxMessage.objects.filter(
        channel=Channel.IN_APP, recipient_user=user, recipient_organisation__isnull=True
    ).order_by("created_at", "id")
    return [(row.kind, row.payload.get("href", "")) for row in rows]


def deliver_all():
    """What the worker does for each waiting message."""
    for pk in OutboxMessage.objects.filter(status=Status.PENDING).values_list("pk", flat=True):
        delivery.deliver(pk)


def test_each_moment_to_act_notifies_the_right_person_with_a_link(
    world,
    open_case,
    case_actors,
    walking_group,
):
    vcse = actor_for(world.users["vcse_coordinator"], world.organisations["vcse_a"], Role.VCSE_COORDINATOR)
    users = world.users
    contact_page = reverse("referrals:contact", kwargs={"referral_id": open_case.referral.pk})
    assert notices(users["link_worker"]) == [("allocation_new", contact_page)]
    referrer_notices = notices(users["referrer"])
    assert [kind for kind, _ in referrer_notices] == ["message_back_new"]
    assert referrer_notices[0][1].startswith("/messages-about-referrals/")

    onward = onward_referral_send(
        by=case_actors["link_worker"], case=open_case, service=walking_group, consent=True, summary="Walks"
    )
    inbox_page = reverse("onward:inbox_detail", kwargs={"onward_id": onward.pk})
    assert notices(users["vcse_coordinator"]) == [("onward_new", inbox_page)]

    onward_referral_respond(by=vcse, referral=onward, status="accepted")
    onward_message_send(by=vcse, referral=onward, text="See you on Monday")
    onward_list = reverse("onward:case_list", kwargs={"case_id": open_case.pk})
    assert notices(users["link_worker"])[1:] == [("onward_reply", onward_list), ("onward_reply", onward_list)]

    risk_flag_raise(by=case_actors["link_worker"], case=open_case, kind="risk_to_self", description="Low")
    risk_page = reverse("casework:risk", kwargs={"case_id": open_case.pk})
    assert notices(users["team_lead"]) == [("risk_raised", risk_page)]
    assert len(notices(users["link_worker"])) == 3  # no notice of what they did themselves


def test_the_header_counts_them_and_the_home_page_lists_them(client, login, world, open_case):
    deliver_all()
    login(world.users["link_worker"])

    home = client.get(reverse("home")).text

    assert "Notifications (1 unread)" in home
    assert "1 new notification" in home
    assert "New referral allocated to you: Cass Casey" in home
    page = client.get(reverse("messaging:notifications")).text
    assert reverse("referrals:contact", kwargs={"referral_id": open_case.referral.pk}) in page
