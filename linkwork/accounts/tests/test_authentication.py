import html
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth.management.commands import createsuperuser
from django.core.management import call_command
from django.urls import reverse

from linkwork.accounts.models import Organisation, Role, User
from linkwork.testing.auth import current_code, known_app_device
from linkwork.testing.factories import PASSWORD, make_organisation, make_user


@pytest.fixture
def referrer(db):
    return make_user("gp.referrer", organisation=make_organisation(name="Login Practice"), role=Role.REFERRER)


def test_logging_in_asks_for_the_code_then_lands_on_the_home_page_for_the_role(client, referrer):
    device = known_app_device(referrer)

    password_step = client.post(
        reverse("accounts:login"), {"username": "gp.referrer", "password": PASSWORD}, follow=True
    )
    code_step = client.post(password_step.redirect_chain[-1][0], {"code": current_code(device)}, follow=True)

    assert password_step.redirect_chain[-1][0] == reverse("accounts:two_factor") + "?next=%2F"
    assert code_step.redirect_chain[-1][0] == reverse("home")
    html = code_step.content.decode()
    assert "Login Practice" in html
    assert "Refer people whose health is held back" in html


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(client, referrer):
    unknown = client.post(reverse("accounts:login"), {"username": "nobody", "password": PASSWORD})
    wrong = client.post(
        reverse("accounts:login"), {"username": "gp.referrer", "password": "not-the-password"}
    )

    assert unknown.status_code == wrong.status_code == 200
    assert "Enter a correct username and password" in unknown.content.decode()
    assert _without_tokens(unknown) == _without_tokens(wrong).replace('value="gp.referrer"', 'value="nobody"')


def _without_tokens(response):
    """The page as the person sees it, less the per-request CSRF token and script nonce."""
    return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]+"', "", response.content.decode())


def test_the_session_key_changes_at_login(client, referrer):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key

    client.post(reverse("accounts:login"), {"username": "gp.referrer", "password": PASSWORD})

    assert client.session.session_key != before


def test_logging_out_needs_a_post_and_ends_the_session(login, referrer):
    client = login(referrer)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_changing_the_password_checks_the_old_one_and_the_rules(login, referrer):
    client = login(referrer)
    url = reverse("accounts:password_change")

    wrong_old = client.post(url, {"old_password": "nope", "new_password1": "x", "new_password2": "x"})
    too_short = client.post(
        url, {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"}
    )
    too_common = client.post(
        url, {"old_password": PASSWORD, "new_password1": "password1234", "new_password2": "password1234"}
    )
    like_the_username = client.post(
        url, {"old_password": PASSWORD, "new_password1": "gp.referrer1", "new_password2": "gp.referrer1"}
    )
    changed = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-phrase-42",
            "new_password2": "a-much-longer-phrase-42",
        },
    )

    assert "Your old password was entered incorrectly" in wrong_old.content.decode()
    assert "This password is too short. It must contain at least 12 characters." in _text(too_short)
    assert "This password is too common." in _text(too_common)
    assert "The password is too similar to the username." in _text(like_the_username)
    assert changed.status_code == 302
    referrer.refresh_from_db()
    assert referrer.check_password("a-much-longer-phrase-42")


def test_passwords_are_hashed_with_argon2_outside_tests():
    from linkwork.config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.AUTH_USER_MODEL == "accounts.User"


def _text(response):
    return html.unescape(response.content.decode())


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_creating_an_administrator_from_the_command_line_applies_the_same_password_rules(db, monkeypatch):
    passwords = iter(["password1234", "password1234", "a-much-longer-phrase-42", "a-much-longer-phrase-42"])
    answers = iter(["new.admin", "new.admin@example.org", "n"])  # username, email, then: bypass the rules? no
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda prompt="": next(passwords))
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    errors = io.StringIO()

    call_command("createsuperuser", stdin=_Terminal(), stdout=io.StringIO(), stderr=errors)

    assert "This password is too common." in errors.getvalue()
    assert User.objects.get(username="new.admin").check_password("a-much-longer-phrase-42")


def test_a_user_without_an_active_membership_is_told_what_to_do(login, db):
    client = login(make_user("lonely"))

    response = client.get(reverse("home"))

    assert response.status_code == 403
    assert "Ask your team lead or your organisation's administrator" in response.content.decode()


def test_a_membership_in_a_closed_organisation_gives_no_access(login, referrer):
    Organisation.objects.filter(name="Login Practice").update(is_active=False)
    client = login(referrer)

    assert client.get(reverse("home")).status_code == 403
