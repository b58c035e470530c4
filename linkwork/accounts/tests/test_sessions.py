"""Sessions end after 30 minutes idle and 12 hours after signing in, whatever the activity."""

import time

import pytest
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.accounts.sessions import LAST_ACTIVE_AT, SIGNED_IN_AT
from linkwork.testing.factories import make_organisation, make_user


@pytest.fixture
def signed_in(login, db):
    return login(make_user("session.user", organisation=make_organisation(), role=Role.REFERRER))


def _shift(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_signing_in_records_when_the_session_started(signed_in):
    started = signed_in.session[SIGNED_IN_AT]

    assert abs(started - time.time()) < 5
    assert signed_in.session[LAST_ACTIVE_AT] == started


def test_thirty_minutes_without_activity_signs_the_person_out_and_says_why(signed_in):
    _shift(signed_in, **{LAST_ACTIVE_AT: 30 * 60 + 1, SIGNED_IN_AT: 40 * 60})

    response = signed_in.get(reverse("people:list"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "You were signed out after 30 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in signed_in.session


def test_activity_keeps_the_session_open(signed_in):
    _shift(signed_in, **{LAST_ACTIVE_AT: 29 * 60, SIGNED_IN_AT: 60 * 60})

    assert signed_in.get(reverse("home")).status_code == 200
    assert time.time() - signed_in.session[LAST_ACTIVE_AT] < 5
    assert signed_in.get(reverse("home")).status_code == 200


def test_twelve_hours_after_signing_in_the_session_ends_even_if_active(signed_in):
    _shift(signed_in, **{LAST_ACTIVE_AT: 10, SIGNED_IN_AT: 12 * 60 * 60})

    response = signed_in.get(reverse("home"), follow=True)

    assert "You were signed out because you had been signed in for 12 hours" in response.content.decode()
    assert "_auth_user_id" not in signed_in.session


def test_a_session_with_no_start_time_is_not_trusted(signed_in):
    session = signed_in.session
    del session[SIGNED_IN_AT]
    session.save()

    assert signed_in.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))
