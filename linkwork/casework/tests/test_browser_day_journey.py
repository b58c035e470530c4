"""Journey: the link worker's and team lead's day without seams (issue 19). A GP refers a Newcastle man
with money worries; the team lead triages with a note; the link worker is notified, contacts him, lands
on his case (with the triage note and his phone), is offered the nearby debt service first, books an
appointment that shows in the diary and the calendar feed, and discharges him with each goal's outcome.
Every page is checked with axe and for raw codes (assert_accessible)."""

import datetime
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.casework.tests.assessment_fixtures import scheme_for
from linkwork.messaging import delivery
from linkwork.messaging.models import OutboxMessage, Status
from linkwork.people.models import Person
from linkwork.testing.browser import assert_accessible, fill_date, log_in
from linkwork.testing.directory import directory_add, listing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def placed(name, categories, latitude, longitude, postcode, **fields):
    record = listing(name, categories=categories, organisation_name="Walking Group A listings", **fields)
    location = record["service_at_locations"][0]["location"]
    location.update(latitude=latitude, longitude=longitude)
    location["addresses"][0]["postal_code"] = postcode
    return record


def deliver_waiting_messages():
    """What the task worker does in the background under `make run`."""
    for pk in OutboxMessage.objects.filter(status=Status.PENDING).values_list("pk", flat=True):
        delivery.deliver(pk)


def menu(page, name):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True)


def test_the_whole_day_from_referral_to_discharge(page, live_server, world):
    # A long journey across four roles (about 30 s): the issue asks for the whole day in one.
    scheme_for(world)
    directory_add(
        placed("Tyneside debt advice", ("debt_money",), 54.973, -1.648, "NE4 9ZQ"),
        placed("Leeds debt clinic", ("debt_money",), 53.779, -1.557, "LS11 9ZD"),
        placed("Women's circle", ("befriending",), 54.975, -1.640, "NE4 9ZR", target_groups=["women_only"]),
    )
    born = timezone.localdate().replace(year=timezone.localdate().year - 58, month=1, day=1)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    # A GP refers him, with his sex and ethnic group
    log_in(page, live_server.url, "referrer")
    page.goto(live_server.url + reverse("referrals:new"))
    page.get_by_label("Ways to Wellness").check()
    page.get_by_label("First name").fill("Derek")
    page.get_by_label("Last name").fill("Armstrong")
    fill_date(page, born)
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Ethnic group (optional)").select_option(label="White: British")
    page.get_by_label("Postcode").fill("NE4 9ZA")
    page.get_by_label("Phone number").fill("07700 900458")
    page.get_by_label("Money worries or debt").check()
    page.get_by_label("Chronic obstructive pulmonary disease (COPD)").check()
    page.get_by_label("The person agrees to this referral").check()
    page.get_by_label("They agree the service may tell me what happened").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referral sent to Ways to Wellness")).to_be_visible()
    assert_accessible(page)
    person = Person.objects.get(family_name="Armstrong")
    assert person.registered_practice == world.organisations["practice_a"]

    # The team lead triages him as complex, with a note, and allocates him
    log_in(page, live_server.url, "team_lead")
    menu(page, "Triage").click()
    page.get_by_role("link", name="Derek Armstrong").click()
    expect(page.get_by_text("Weighted caseload: open cases, counting light 1 and complex 3.")).to_be_visible()
    page.get_by_label("Complex").check()
    page.get_by_label("Triage note (optional)").fill("Bailiff letters: start with money advice.")
    assert_accessible(page)
    page.get_by_role("button", name="Triage and allocate").click()
    expect(page.get_by_text("triaged and allocated")).to_be_visible()

    # The link worker is notified, follows the notice, reaches him and he accepts: on to his case
    deliver_waiting_messages()
    log_in(page, live_server.url, "link_worker")
    expect(menu(page, "Notifications (1 unread)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="New referral allocated to you: Derek Armstrong").click()
    page.get_by_label("Spoke with the person").check()
    page.get_by_role("button", name="Save attempt").click()
    page.get_by_label("Yes, they accept").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Derek Armstrong accepted: their case is open.")).to_be_visible()
    expect(page.get_by_text("Bailiff letters: start with money advice.").first).to_be_visible()
    expect(page.get_by_text("07700 900458")).to_be_visible()
    expect(page.get_by_text("Contact attempt: phone call, spoke with the person")).to_be_visible()
    assert_accessible(page)
    case_url = page.url

    # Suggestions put the nearby debt service first, with its distance; Leeds and the women's group are left out
    page.get_by_role("link", name="Onward referrals", exact=True).click()
    page.get_by_role("button", name="Refer to a service").click()
    suggestions = page.locator(".lw-suggestion .nhsuk-card__heading")
    expect(suggestions.first).to_have_text("Tyneside debt advice")
    expect(page.get_by_text("km from their postcode").first).to_be_visible()
    expect(page.get_by_text("Leeds debt clinic")).to_have_count(0)
    expect(page.get_by_text("Women's circle")).to_have_count(0)
    assert_accessible(page)

    # He is booked in for tomorrow, which shows in the diary and in the calendar feed
    page.goto(case_url)
    page.get_by_label("Book it for later").check()
    fill_date(page, tomorrow)
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("Face to face").check()
    page.get_by_label("GP practice").check()
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact recorded.")).to_be_visible()
    page.goto(f"{live_server.url}{reverse('casework:diary')}?day={tomorrow.isoformat()}")
    expect(page.get_by_role("link", name="Derek Armstrong", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add your diary to your phone or calendar").click()
    page.get_by_role("button", name="Make a calendar address").click()
    address = page.locator("code").inner_text()
    assert_accessible(page)
    calendar = page.request.get(live_server.url + urlparse(address).path).text()
    assert "SUMMARY:D.A.: face to face" in calendar
    assert "Derek" not in calendar

    # At discharge each goal's outcome is asked, and the letter to the GP reports it
    page.goto(case_url)
    page.get_by_role("link", name="Goals", exact=True).click()
    add = page.locator("#add-goal details")
    if add.get_attribute("open") is None:
        page.get_by_text("Add a goal", exact=True).click()
    page.get_by_role("group", name="Which part of life is this goal about?").get_by_label(
        "Money", exact=True
    ).check()
    page.get_by_label("The goal, in their words").fill("Pay off the rent arrears")
    page.get_by_role("button", name="Add goal").click()
    page.get_by_role("link", name="Overview", exact=True).click()
    page.get_by_role("link", name="discharge").click()
    page.get_by_label("Goals achieved").check()
    page.get_by_role("group", name="Pay off the rent arrears").get_by_label("Achieved", exact=True).check()
    page.get_by_label("Summary of the support and what changed").fill(
        "Arrears cleared with the debt service."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Discharge").click()
    expect(page.get_by_text("Derek Armstrong discharged.")).to_be_visible()
    letter = OutboxMessage.objects.get(kind="case_discharged", channel="in_app", person=person)
    assert letter.payload["support_given"]["goals"] == [
        {"area": "Money", "goal": "Pay off the rent arrears", "status": "Achieved"}
    ]

    # The GP hears of it in their notifications, on the home page
    deliver_waiting_messages()
    log_in(page, live_server.url, "referrer")
    expect(page.get_by_text("new notification")).to_be_visible()
    assert_accessible(page)
