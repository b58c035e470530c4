"""Lock-out after repeated failed sign-ins (django-axes), with no clue whether an account exists."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.testing.factories import PASSWORD, make_organisation, make_user


@pytest.fixture
def worker(db):
    return make_user("lock.worker", organisation=make_organisation(name="Lock Practice"), role=Role.REFERRER)


def attempt(client, username, password="wrong-password-here", address="10.0.0.1"):  # noqa: S107
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _page(response):
    return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]+"', "", response.content.decode())


def test_the_settings_lock_after_ten_failures_in_five_minutes_by_account_and_by_address():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 5 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username"], ["ip_address"]]


def test_ten_wrong_passwords_lock_the_account_even_with_the_right_password(client, worker):
    for number in range(9):
        assert attempt(client, "lock.worker", address=f"10.0.0.{number}").status_code == 200

    tenth = attempt(client, "lock.worker", address="10.0.1.1")
    right_password = attempt(client, "lock.worker", password=PASSWORD, address="10.0.2.2")

    assert tenth.status_code == right_password.status_code == 429
    assert "You cannot log in for now" in right_password.content.decode()
    assert "Wait 5 minutes" in right_password.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_username_is_locked_out_with_exactly_the_same_page(client, worker):
    for _ in range(10):
        attempt(client, "lock.worker", address="10.0.0.1")
        attempt(client, "nobody.here", address="10.0.0.2")

    known = attempt(client, "lock.worker", address="10.0.0.3")
    unknown = attempt(client, "nobody.here", address="10.0.0.4")

    assert known.status_code == unknown.status_code == 429
    assert _page(known) == _page(unknown)


def test_one_address_trying_many_accounts_is_locked_out(client, worker):
    for number in range(10):
        attempt(client, f"guess{number}", address="10.9.9.9")

    response = attempt(client, "lock.worker", password=PASSWORD, address="10.9.9.9")
    elsewhere = attempt(client, "lock.worker", password=PASSWORD, address="10.1.1.1")

    assert response.status_code == 429
    assert elsewhere.status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, worker):
    for _ in range(9):
        attempt(client, "lock.worker")
    assert attempt(client, "lock.worker", password=PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    assert attempt(client, "lock.worker").status_code == 200
    assert not AccessAttempt.objects.filter(username="lock.worker", failures_since_start__gte=2).exists()


PROXY = "10.0.0.1"


def through_the_proxy(client, username, *, client_address, password="wrong-password-here"):  # noqa: S107
    """A sign-in as the reverse proxy passes it on: from the proxy's address, the client's in X-Forwarded-For."""
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        headers={"X-Forwarded-For": client_address},
    )


@override_settings(LINKWORK_TRUSTED_PROXIES=[PROXY])
def test_behind_the_proxy_one_client_guessing_many_accounts_cannot_lock_everyone_out(client, worker):
    for number in range(10):
        through_the_proxy(client, f"guess{number}", client_address="198.51.100.7")

    guesser = through_the_proxy(client, "lock.worker", password=PASSWORD, client_address="198.51.100.7")
    colleague = through_the_proxy(client, "lock.worker", password=PASSWORD, client_address="203.0.113.9")

    assert guesser.status_code == 429
    assert colleague.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


@override_settings(LINKWORK_TRUSTED_PROXIES=[PROXY])
def test_a_client_cannot_escape_the_lock_out_by_writing_its_own_forwarded_header(client, worker):
    for number in range(10):
        # The client sends its own X-Forwarded-For; the proxy appends the address it really came from.
        through_the_proxy(client, f"guess{number}", client_address=f"192.0.2.{number}, 198.51.100.7")

    assert (
        through_the_proxy(client, "lock.worker", password=PASSWORD, client_address="198.51.100.7").status_code
        == 429
    )


def test_without_trusted_proxies_a_forwarded_header_is_ignored(client, worker):
    for number in range(10):
        through_the_proxy(client, f"guess{number}", client_address=f"192.0.2.{number}")

    assert (
        through_the_proxy(client, "lock.worker", password=PASSWORD, client_address="203.0.113.9").status_code
        == 429
    )
