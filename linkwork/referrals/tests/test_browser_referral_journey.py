"""Journey: a GP refers, the team lead triages and allocates, the link worker records a failed and
a successful contact, the person accepts, and the GP sees "Accepted"."""

import pytest
from playwright.sync_api import expect

from linkwork.testing.browser import assert_accessible, fill_date, log_in

from .conftest import aged

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def menu(page, name):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True)


def test_gp_refers_team_lead_allocates_link_worker_contacts_person_accepts(page, live_server, scheme, world):
    dob = aged(58)
    # Given a GP referrer at practice A
    log_in(page, live_server.url, "referrer")
    menu(page, "Referrals").click()
    page.get_by_role("link", name="Refer someone").click()
    assert_accessible(page)

    # When they refer Ada, who has COPD and is lonely
    page.get_by_label("Ways to Wellness").check()
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    fill_date(page, dob)
    page.get_by_label("Postcode").fill("NE4 9ZZ")
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_label("Loneliness or isolation").check()
    page.get_by_label("Chronic obstructive pulmonary disease (COPD)").check()
    page.get_by_label("The person agrees to this referral").check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referral sent to Ways to Wellness")).to_be_visible()
    expect(page.get_by_text("Received", exact=True).first).to_be_visible()
    assert_accessible(page)

    # Then the team lead triages it as light and allocates it to the suggested link worker
    log_in(page, live_server.url, "team_lead")
    menu(page, "Triage").click()
    page.get_by_role("link", name="Ada Lovelace").click()
    assert_accessible(page)
    page.get_by_label("Light touch").check()
    expect(page.get_by_role("radio", name="link_worker")).to_be_checked()  # the suggested best fit
    page.get_by_role("button", name="Triage and allocate").click()
    expect(page.get_by_text("triaged and allocated")).to_be_visible()

    # And the link worker records a failed call, then a successful one, and Ada accepts
    log_in(page, live_server.url, "link_worker")
    menu(page, "Referrals").click()
    page.get_by_role("link", name="Ada Lovelace").click()
    page.get_by_label("No answer").check()
    page.get_by_role("button", name="Save attempt").click()
    expect(page.get_by_text("Contact attempt recorded.")).to_be_visible()
    page.get_by_label("Spoke with the person").check()
    page.get_by_role("button", name="Save attempt").click()
    expect(page.get_by_text("Now record whether they accept support")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, they accept").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Ada Lovelace accepted: their case is open.")).to_be_visible()

    # Then the GP sees that Ada accepted, with the SNOMED CT code
    log_in(page, live_server.url, "referrer")
    menu(page, "Referrals").click()
    expect(page.get_by_role("row", name="Ada Lovelace").get_by_text("Accepted")).to_be_visible()
    page.get_by_role("link", name="Ada Lovelace").click()
    # The code for the GP record is a detail, opened on request, not part of the status
    page.get_by_text("Code for the GP record").click()
    expect(page.get_by_text("871731000000106")).to_be_visible()
    assert_accessible(page)
