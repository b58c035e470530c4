"""Journey: a link worker finds an after-work walking group for someone who works days."""

import pytest
from playwright.sync_api import expect

from linkwork.accounts.models import Organisation, Role
from linkwork.testing.browser import assert_accessible, log_in
from linkwork.testing.directory import directory_add, listing, session
from linkwork.testing.factories import make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def link_worker_and_directory(db):
    provider = make_organisation(Organisation.Kind.PROVIDER, "Journey Links")
    make_user("journey.worker", organisation=provider, role=Role.LINK_WORKER)
    directory_add(
        listing(
            "After-work walking group",
            attendance="drop_in",
            sessions=[session("TU", "18:00", "19:30")],
            capacity_status="waiting_list",
            expected_wait_weeks=3,
        ),
        listing("Morning walking group", sessions=[session("WE", "10:00", "11:30")]),
        # As a council's feed lists it: Linkwork's own facts are not known.
        listing(
            "Debt advice",
            categories=("debt",),
            capacity_status="unknown",
            attendance="unknown",
            referral_method="unknown",
        ),
    )


def test_a_link_worker_finds_an_evening_walking_group(page, live_server, link_worker_and_directory):
    # Given a link worker, logged in
    log_in(page, live_server.url, "journey.worker")

    # When they open the directory, every service is listed
    page.get_by_role("link", name="Directory", exact=True).click()
    expect(page.get_by_role("heading", name="3 services")).to_be_visible()
    # The imported service's capacity says it is not known, rather than guessing
    results = page.get_by_role("list", name="Services found")
    expect(results.get_by_text("Not known", exact=True)).to_be_visible()
    assert_accessible(page)

    # When they search for walks after 5pm, only the evening group is found
    page.get_by_label("Search for a service").fill("walks")
    page.get_by_label("Has sessions after 5pm").check()
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 service")).to_be_visible()
    expect(page.get_by_text("Morning walking group")).to_have_count(0)
    assert_accessible(page)

    # And the service page shows when it meets and the wait
    page.get_by_role("link", name="After-work walking group").click()
    expect(page.get_by_text("Tuesdays, 18:00 to 19:30")).to_be_visible()
    expect(page.get_by_text("Waiting list: about 3 weeks").first).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def coordinator_with_a_stale_listing(db):
    group = make_organisation(Organisation.Kind.VCSE, "Journey Walkers")
    make_user("journey.vcse", organisation=group, role=Role.VCSE_COORDINATOR)
    record = listing("Riverside walk", organisation_name="Journey Walkers", last_verified_on=None)
    directory_add(record, owners={str(record["organisation"]["id"]): group})


def test_a_vcse_coordinator_puts_a_listing_on_a_waiting_list(
    page, live_server, coordinator_with_a_stale_listing
):
    # Given a VCSE coordinator whose listing has never been checked
    log_in(page, live_server.url, "journey.vcse")

    # When they open their services, they are asked to check it
    page.get_by_role("link", name="My services", exact=True).click()
    expect(page.get_by_text("1 listing has not been checked for six months")).to_be_visible()
    assert_accessible(page)

    # When they put it on a waiting list of four weeks
    page.get_by_role("link", name="Change Riverside walk").click()
    page.get_by_label("Waiting list").check()
    page.get_by_label("Expected wait, in weeks").fill("4")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()

    # Then the listing shows the wait and no longer needs checking
    expect(page.get_by_text("Riverside walk is saved and marked as checked today.")).to_be_visible()
    expect(page.get_by_text("Waiting list: about 4 weeks")).to_be_visible()
    expect(page.get_by_text("have not been checked")).to_have_count(0)
    assert_accessible(page)
