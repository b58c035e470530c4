"""Journey: a person on a phone refers themselves, fixes a mistake, and is told what happens next."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect

from linkwork.referrals.models import Referral
from linkwork.schemes.services import scheme_apply_preset, scheme_public_contact_set
from linkwork.testing.browser import assert_accessible, fill_date
from linkwork.testing.factories import SYSTEM

from .conftest import aged

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def wellbeing(world):
    cache.clear()
    org = world.organisations
    scheme = scheme_apply_preset(
        by=SYSTEM,
        preset="wellbeing-coordinator",
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )
    return scheme_public_contact_set(by=SYSTEM, scheme=scheme, phone="0113 496 0000", email="")


def fill_in(page, born):
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    fill_date(page, born)
    page.get_by_label("Postcode").fill("LS1 4AP")
    page.get_by_label("Your GP practice").select_option(label="Practice A")
    page.get_by_label("Phone number").fill("07700 900982")
    page.get_by_label("Text message", exact=True).check()
    page.get_by_label("Writing to you by post").check()
    page.get_by_label("Loneliness or isolation").check()
    page.get_by_label("Anything else you'd like us to know (optional)").fill("Evenings suit me best.")


@override_settings(LINKWORK_SELF_REFERRAL_MIN_SECONDS=0)
def test_a_person_on_a_phone_refers_themselves(page, live_server, wellbeing):
    # Given a person on a phone-sized screen at the public front door, who chooses their service
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/self-referral/")
    expect(page.get_by_role("heading", name="Refer yourself for social prescribing")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Refer yourself to Wellbeing coordinator service").click()
    expect(
        page.get_by_role("heading", name="Refer yourself to Wellbeing coordinator service")
    ).to_be_visible()
    expect(page.get_by_text("call NHS 111 and choose option 2")).to_be_visible()
    expect(page.get_by_label("Leave this empty")).to_have_attribute("tabindex", "-1")
    assert_accessible(page)

    # When they send it without agreeing, the error summary says so and takes them to the box
    fill_in(page, aged(30))
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tick the box to agree").click()
    expect(
        page.get_by_label("I agree to the service contacting me and keeping these details")
    ).to_be_focused()
    assert Referral.objects.count() == 0

    # And when they tick it with the keyboard and send again
    page.keyboard.press("Space")
    page.get_by_role("button", name="Send my request").click()

    # Then they are told what happens next, without their details on the page
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    expect(page.get_by_text("A link worker will contact you")).to_be_visible()
    expect(page.get_by_text("Lovelace")).to_have_count(0)
    # With a reference they can quote and how to reach the service
    referral = Referral.objects.get()
    expect(page.locator(".nhsuk-panel strong")).to_have_text(referral.reference)
    expect(page.get_by_role("link", name="0113 496 0000")).to_be_visible()
    assert_accessible(page)
    assert (referral.source, referral.person.preferred_contact_method) == ("self", "text")
    assert (referral.safe_to_text, referral.safe_to_write) == (True, False)


@override_settings(LINKWORK_SELF_REFERRAL_MIN_SECONDS=0)
def test_the_form_works_without_javascript(browser, live_server, wellbeing):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/self-referral/{wellbeing.slug}/")

    fill_in(page, aged(30))
    page.get_by_label("I agree to the service contacting me and keeping these details").check()
    page.get_by_role("button", name="Send my request").click()

    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    assert Referral.objects.count() == 1
    context.close()
