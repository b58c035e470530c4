"""Journey: a referrer sets up their second factor, finds a person, logs out, and logs in again with a code."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from linkwork.accounts.models import Organisation, Role
from linkwork.testing.browser import assert_accessible, enter_code, log_in
from linkwork.testing.factories import PASSWORD, make_organisation, make_person, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def referrer_with_a_patient(db):
    practice = make_organisation(name="Journey Surgery")
    other = make_organisation(name="Elsewhere Surgery")
    make_user("journey.referrer", organisation=practice, role=Role.REFERRER, first_name="Jo", last_name="Ray")
    make_person(practice, given_name="Mary", family_name="Seacole", nhs_number="9434765919")
    make_person(other, given_name="Hidden", family_name="Seacole")
    return practice


def _code_now(key: bytes) -> str:
    """What the person's authenticator app shows now for the key they typed in."""
    token = TOTP(key)
    token.time = time.time()
    return f"{token.token():06d}"


def test_a_referrer_logs_in_finds_their_patient_and_logs_out(page, live_server, referrer_with_a_patient):
    # Given a referrer at the login page
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)

    # When they get the password wrong, they are told so plainly
    page.get_by_label("Username").fill("journey.referrer")
    page.get_by_role("textbox", name="Password").fill("wrong-password-here")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Enter a correct username and password")).to_be_visible()
    assert_accessible(page)

    # When they log in properly for the first time, they set up an authenticator app
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Set up your security code")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to add Linkwork to your authenticator app")).to_be_visible()
    # And until the code is entered, the page shows nothing of the account but a way to log out
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_text("Jo Ray")).to_have_count(0)
    expect(page.get_by_text("Journey Surgery")).to_have_count(0)
    assert_accessible(page)
    typed = page.locator("#setup-key").inner_text().replace(" ", "")
    key = b32decode(typed + "=" * (-len(typed) % 8))
    page.get_by_label("Code from the app").fill(_code_now(key))
    page.get_by_role("button", name="Continue").click()

    # Then they are shown ten backup codes, once
    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    expect(page.locator(".lw-backup-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("button", name="I have saved my codes").click()

    # And their home page says where they are and what to do
    expect(page.get_by_role("heading", name=re.compile("Hello, Jo Ray"))).to_be_visible()
    expect(page.get_by_text("Journey Surgery").first).to_be_visible()
    assert_accessible(page)

    # When they search by NHS number, they find their own patient and nobody else's
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 person found")).to_be_visible()
    page.get_by_role("button", name="Search").focus()
    assert_accessible(page)
    page.get_by_label("NHS number").fill("")
    page.get_by_label("Last name").fill("Seacole")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="SEACOLE, Mary")).to_be_visible()
    expect(page.get_by_text("Hidden")).to_have_count(0)

    # And opening the record shows it, with the NHS number in 3-3-4 form
    page.get_by_role("link", name="SEACOLE, Mary").click()
    expect(page.get_by_text("NHS number 943 476 5919")).to_be_visible()
    assert_accessible(page)

    # Then logging out returns them to the login page, and the record is closed to them
    record_url = page.url
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to Linkwork")).to_be_visible()
    page.goto(record_url)
    expect(page.get_by_role("heading", name="Log in to Linkwork")).to_be_visible()

    # And next time, the password alone does not open the record: the app's code is asked for
    page.get_by_label("Username").fill("journey.referrer")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    expect(page.get_by_role("link", name="People", exact=True)).to_have_count(0)
    expect(page.get_by_text("Journey Surgery")).to_have_count(0)
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code is not right").first).to_be_visible()
    assert_accessible(page)
    page.wait_for_timeout(1100)  # a wrong code makes the next try wait a second
    enter_code(page, TOTPDevice.objects.get(user__username="journey.referrer"))
    expect(page.get_by_text("NHS number 943 476 5919")).to_be_visible()


def test_pages_fetch_nothing_from_other_hosts(page, live_server, referrer_with_a_patient):
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )

    log_in(page, live_server.url, "journey.referrer")
    page.get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()

    assert outside == []
    assert Organisation.objects.count() == 2


def test_the_accessibility_check_catches_a_real_violation(page):
    page.set_content('<html lang="en"><title>t</title><main><img src="data:,"><a href="#"></a></main></html>')

    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_after_ten_wrong_passwords_logging_in_is_paused_with_a_plain_page(
    page, live_server, referrer_with_a_patient
):
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(10):
        page.get_by_label("Username").fill("journey.referrer")
        page.get_by_role("textbox", name="Password").fill("wrong-password-here")
        page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="You cannot log in for now")).to_be_visible()
    expect(page.get_by_text("Wait 5 minutes")).to_be_visible()
    assert_accessible(page)
