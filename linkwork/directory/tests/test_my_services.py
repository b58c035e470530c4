"""/my-services/: a VCSE coordinator keeps their own organisation's listings current, and no one else's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.directory.models import Service
from linkwork.directory.selectors import service_search
from linkwork.directory.services import service_listing_confirm, service_listing_update
from linkwork.testing.auth import sign_in
from linkwork.testing.directory import directory_add, listing
from linkwork.testing.factories import actor_for

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2025, 1, 1)


@pytest.fixture
def listings(world):
    """Two listings kept by VCSE A (one stale), one by nobody."""
    own = listing("Walking group", organisation_name="Walking Group A", last_verified_on=LONG_AGO)
    fresh = listing("Nordic walking", organisation_name="Walking Group A")
    other = listing("Debt advice", organisation_name="Money Advice")
    owner = {str(own["organisation"]["id"]): world.organisations["vcse_a"]}
    return dict(zip(("own", "fresh", "other"), directory_add(own, fresh, other, owners=owner), strict=True))


@pytest.fixture
def coordinator(world):
    return actor_for(world.users[Role.VCSE_COORDINATOR], world.organisations["vcse_a"], Role.VCSE_COORDINATOR)


def test_the_page_lists_only_the_organisations_own_listings_and_prompts_for_stale_ones(
    client, world, listings
):
    sign_in(client, world.users[Role.VCSE_COORDINATOR])

    html = client.get(reverse("my_services:list")).content.decode()

    assert "Walking group" in html
    assert "Nordic walking" in html
    assert "Debt advice" not in html
    assert "1 listing has not been checked for six months" in html
    assert "Last checked: 1 January 2025" in html


@pytest.mark.parametrize("role", [Role.REFERRER, Role.LINK_WORKER, Role.TEAM_LEAD, Role.COMMISSIONER])
def test_only_vcse_coordinators_manage_listings(client, world, listings, role):
    sign_in(client, world.users[role])

    assert client.get(reverse("my_services:list")).status_code == 403
    assert (
        client.get(reverse("my_services:edit", kwargs={"service_id": listings["own"].pk})).status_code == 403
    )


def test_another_organisations_listing_is_not_found(client, world, listings):
    sign_in(client, world.users[Role.VCSE_COORDINATOR])
    other = {"service_id": listings["other"].pk}

    assert client.get(reverse("my_services:edit", kwargs=other)).status_code == 404
    assert client.post(reverse("my_services:confirm", kwargs=other)).status_code == 404
    assert Service.objects.get(pk=listings["other"].pk).last_verified_on == timezone.localdate()


def test_changing_capacity_shows_at_once_to_link_workers_and_counts_as_checked(client, world, listings):
    sign_in(client, world.users[Role.VCSE_COORDINATOR])
    form = {
        "capacity_status": "waiting_list",
        "expected_wait_weeks": "6",
        "status": "active",
        "attendance": "booked",
        "referral_method": "through_linkwork",
        "description": "Gentle walks.",
        "alert": "No walk on 24 December.",
        "minimum_age": "50",
        "maximum_age": "",
        "target_groups": ["older_people"],
    }

    response = client.post(reverse("my_services:edit", kwargs={"service_id": listings["own"].pk}), form)

    service = Service.objects.get(pk=listings["own"].pk)
    assert response.status_code == 302
    assert (service.capacity_label, service.minimum_age, service.target_groups) == (
        "Waiting list: about 6 weeks",
        50,
        ["older_people"],
    )
    assert service.last_verified_on == timezone.localdate()
    assert list(service_search(capacity=("waiting_list",))) == [service]
    event = AuditEvent.objects.get(action="directory.listing_update")
    assert (event.object_id, event.role) == (str(service.pk), Role.VCSE_COORDINATOR)


def test_a_waiting_list_needs_its_wait_and_other_statuses_drop_it(client, world, listings):
    sign_in(client, world.users[Role.VCSE_COORDINATOR])
    url = reverse("my_services:edit", kwargs={"service_id": listings["own"].pk})
    form = {
        "capacity_status": "waiting_list",
        "status": "active",
        "attendance": "booked",
        "referral_method": "through_linkwork",
        "description": "Gentle walks.",
    }

    refused = client.post(url, form)
    client.post(url, form | {"capacity_status": "has_capacity", "expected_wait_weeks": "4"})

    assert "Enter about how many weeks people wait" in refused.content.decode()
    assert Service.objects.get(pk=listings["own"].pk).expected_wait_weeks is None


def test_ages_the_wrong_way_round_are_refused_on_the_field(client, world, listings):
    sign_in(client, world.users[Role.VCSE_COORDINATOR])
    form = {
        "capacity_status": "has_capacity",
        "status": "active",
        "attendance": "booked",
        "referral_method": "through_linkwork",
        "description": "Gentle walks.",
        "minimum_age": "60",
        "maximum_age": "40",
    }

    response = client.post(reverse("my_services:edit", kwargs={"service_id": listings["own"].pk}), form)

    assert "The maximum age must be the same as or more than the minimum age." in response.content.decode()
    assert Service.objects.get(pk=listings["own"].pk).minimum_age is None


def test_confirming_a_stale_listing_clears_the_warning_for_link_workers(client, world, listings):
    sign_in(client, world.users[Role.VCSE_COORDINATOR])

    response = client.post(reverse("my_services:confirm", kwargs={"service_id": listings["own"].pk}))

    service = Service.objects.get(pk=listings["own"].pk)
    assert response.status_code == 302
    assert not service.is_stale()
    assert AuditEvent.objects.filter(action="directory.listing_confirm", object_id=str(service.pk)).exists()


def test_the_listing_service_changes_only_what_an_owner_may(coordinator, listings):
    with pytest.raises(DomainError, match="name"):
        service_listing_update(by=coordinator, service=listings["own"], values={"name": "Renamed"})


def test_confirming_twice_on_one_day_writes_once(coordinator, listings):
    service_listing_confirm(by=coordinator, service=listings["own"])

    assert service_listing_confirm(by=coordinator, service=listings["own"]) == []
    assert AuditEvent.objects.filter(action="directory.listing_confirm").count() == 1


def test_vcse_coordinators_are_offered_my_services_and_others_are_not(client, world):
    for role, offered in ((Role.VCSE_COORDINATOR, True), (Role.LINK_WORKER, False)):
        sign_in(client, world.users[role])

        assert (">My services</a>" in client.get(reverse("home")).content.decode()) is offered
