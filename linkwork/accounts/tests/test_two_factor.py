"""The second sign-in step: enrolment, codes, backup codes, throttling and the demo's shown code."""

import re
import time
from base64 import b32decode
from binascii import unhexlify

import pytest
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts.models import Role, User
from linkwork.accounts.two_factor import backup_codes_issue, code_verify
from linkwork.core.models import AuditEvent
from linkwork.testing.auth import current_code, known_app_device
from linkwork.testing.factories import PASSWORD, make_organisation, make_user


@pytest.fixture
def worker(db):
    return make_user("two.factor", organisation=make_organisation(name="2FA Practice"), role=Role.REFERRER)


def password_step(client, next_url="/"):
    return client.post(
        reverse("accounts:login") + f"?next={next_url}", {"username": "two.factor", "password": PASSWORD}
    )


def code_from_page(device_key_text: str) -> str:
    """What an authenticator app shows for the key typed from the set-up page."""
    typed = device_key_text.replace(" ", "")
    return _code_at(b32decode(typed + "=" * (-len(typed) % 8)), time.time())


def _code_at(key: bytes, when: float) -> str:
    token = TOTP(key)
    token.time = when
    return f"{token.token():06d}"


def test_a_first_sign_in_sets_up_an_app_then_shows_ten_backup_codes_once(client, worker, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    response = password_step(client, next_url="/people/")
    setup = client.get(response["Location"], follow=True)
    page = setup.content.decode()
    secret = re.search(r'id="setup-key">([A-Z2-7 ]+)<', page).group(1)

    assert setup.redirect_chain[-1][0] == reverse("accounts:two_factor_setup") + "?next=%2Fpeople%2F"
    assert "<svg" in page
    assert 'aria-label="QR code to add Linkwork to your authenticator app"' in page
    assert client.get(reverse("people:list"))["Location"].startswith(reverse("accounts:two_factor_setup"))

    wrong = client.post(setup.redirect_chain[-1][0], {"code": "000000", "next": "/people/"})
    assert "That code is not right" in wrong.content.decode()
    time_machine.shift(1.1)  # the wrong code makes the next try wait one second
    confirmed = client.post(setup.redirect_chain[-1][0], {"code": code_from_page(secret), "next": "/people/"})

    assert confirmed["Location"] == reverse("accounts:backup_codes") + "?next=%2Fpeople%2F"
    codes_page = client.get(confirmed["Location"]).content.decode()
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", codes_page)
    assert len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=worker).count() == 10
    assert client.get(confirmed["Location"])["Location"] == "/people/"  # shown once only
    assert client.get(reverse("people:list")).status_code == 200
    assert TOTPDevice.objects.get(user=worker).confirmed
    assert AuditEvent.objects.filter(action="two_factor.enrol").count() == 1


def test_a_returning_user_enters_the_code_from_their_app(client, worker):
    device = known_app_device(worker)
    password_step(client)

    assert client.get(reverse("home"))["Location"] == reverse("accounts:two_factor") + "?next=%2F"
    response = client.post(reverse("accounts:two_factor"), {"code": current_code(device), "next": "/"})

    assert response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200


def test_a_code_cannot_be_used_twice(client, worker):
    device = known_app_device(worker)
    code = current_code(device)
    password_step(client)
    client.post(reverse("accounts:two_factor"), {"code": code})
    client.post(reverse("accounts:logout"))

    password_step(client)
    response = client.post(reverse("accounts:two_factor"), {"code": code})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()


def test_a_backup_code_works_once_instead_of_the_app(client, worker):
    known_app_device(worker)
    password_step(client)
    code = backup_codes_issue(user=worker)[0]

    accepted = client.post(reverse("accounts:two_factor"), {"code": code.upper(), "next": "/"})
    client.post(reverse("accounts:logout"))
    password_step(client)
    reused = client.post(reverse("accounts:two_factor"), {"code": code})

    assert accepted["Location"] == "/"
    assert "That code is not right" in reused.content.decode()
    assert StaticToken.objects.filter(device__user=worker).count() == 9


def test_wrong_codes_are_throttled_so_codes_cannot_be_guessed(client, worker):
    device = known_app_device(worker)
    password_step(client)

    first = client.post(reverse("accounts:two_factor"), {"code": "000000"})
    right_but_too_soon = client.post(reverse("accounts:two_factor"), {"code": current_code(device)})

    assert "That code is not right" in first.content.decode()
    assert "Too many wrong codes. Wait" in right_but_too_soon.content.decode()
    assert client.get(reverse("home")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_the_session_key_changes_when_the_second_factor_is_proved(client, worker):
    device = known_app_device(worker)
    password_step(client)
    before = client.session.session_key

    client.post(reverse("accounts:two_factor"), {"code": current_code(device)})

    assert client.session.session_key != before


def test_the_code_page_does_not_send_people_to_another_site(client, worker):
    device = known_app_device(worker)
    password_step(client)

    response = client.post(
        reverse("accounts:two_factor"), {"code": current_code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("home")


@override_settings(DEBUG=True, LINKWORK_DEMO_SHOW_CODE=True)
def test_the_demo_shows_the_current_code_only_when_asked_to_while_debugging(client, worker):
    device = known_app_device(worker)
    password_step(client)

    page = client.get(reverse("accounts:two_factor")).content.decode()

    now = time.time()
    shown = re.search(r"Demo only: the current code is (\d{6})", page).group(1)
    assert shown in {_code_at(unhexlify(device.key), now), _code_at(unhexlify(device.key), now - 30)}
    with override_settings(DEBUG=False):
        assert "Demo only" not in client.get(reverse("accounts:two_factor")).content.decode()


def test_showing_the_demo_code_without_debug_is_a_system_check_error():
    with override_settings(DEBUG=False, LINKWORK_DEMO_SHOW_CODE=True):
        errors = [message.id for message in run_checks()]
    with override_settings(DEBUG=True, LINKWORK_DEMO_SHOW_CODE=True):
        debugging = [message.id for message in run_checks()]

    assert "linkwork.accounts.E001" in errors
    assert "linkwork.accounts.E001" not in debugging


def test_a_code_can_be_checked_again_for_a_sensitive_step_without_touching_the_session(worker, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    device = known_app_device(worker)

    wrong = code_verify(user=worker, code="000000")
    too_soon = code_verify(user=worker, code=current_code(device))
    time_machine.shift(1.1)
    right = code_verify(user=worker, code=current_code(device))

    assert wrong.startswith("That code is not right")
    assert too_soon.startswith("Too many wrong codes")
    assert right == ""


def test_the_test_app_works_out_a_fresh_code_after_a_code_was_accepted_a_step_late(worker):
    """Browser journeys sign the same person in twice; a code accepted a step late moves the device's
    drift, and the next code worked out must still be one the device has not used."""
    device = known_app_device(worker)
    step_now = int(time.time() - device.t0) // device.step
    device.drift = -1
    device.last_t = step_now - 1
    device.save()

    assert device.verify_token(current_code(device))
    assert device.verify_token(current_code(device))


def test_the_code_pages_show_nothing_of_the_account_until_both_factors_pass(client, db):
    organisation = make_organisation(name="Quietwater Practice")
    make_user(
        "quiet.user", organisation=organisation, role=Role.REFERRER, first_name="Rosalind", last_name="Quill"
    )
    client.post(reverse("accounts:login"), {"username": "quiet.user", "password": PASSWORD})
    set_up = client.get(reverse("accounts:two_factor_setup")).content.decode()
    known_app_device(User.objects.get(username="quiet.user"))
    code_page = client.get(reverse("accounts:two_factor")).content.decode()

    for page in (set_up, code_page):
        assert "Log out" in page
        for shown in (
            "Rosalind",
            "Quill",
            "quiet.user",
            "Quietwater",
            "Referrer",
            "Change password",
            "Referrals",
        ):
            assert shown not in page
