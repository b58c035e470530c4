"""The diary (issue 19, point 8): appointments by day and week, move and cancel, the team's diary,
and a private, revocable calendar feed that names nobody."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.casework.services.contacts import appointment_move, contact_record
from linkwork.casework.services.diary import diary_feed_issue
from linkwork.core.errors import DomainError, StaleEdit
from linkwork.messaging.models import OutboxMessage
from linkwork.testing.cases import open_case_for

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)  # a Monday


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def book(case, actor, when, **extra):
    return contact_record(
        by=actor, case=case, occurs_at=when, mode="phone", place="remote", attendance="booked", **extra
    )


def test_moving_an_appointment_checks_the_time_and_the_version_and_tells_the_person_again(
    clock, open_case, case_actors
):
    worker = case_actors["link_worker"]
    open_case.person.email = "cass@example.org"
    open_case.person.preferred_contact_method = "email"
    open_case.person.save()
    appointment = book(open_case, worker, NOW + datetime.timedelta(days=2))
    later = NOW + datetime.timedelta(days=3)

    with pytest.raises(DomainError):
        appointment_move(
            by=worker, contact=appointment, occurs_at=NOW - datetime.timedelta(hours=1), expected_version=1
        )
    appointment_move(by=worker, contact=appointment, occurs_at=later, expected_version=1)
    with pytest.raises(StaleEdit):
        appointment_move(
            by=worker, contact=appointment, occurs_at=later + datetime.timedelta(hours=1), expected_version=1
        )

    appointment.refresh_from_db()
    assert appointment.occurs_at == later  # the stale move changed nothing
    confirmations = OutboxMessage.objects.filter(kind="appointment_confirmation", person=open_case.person)
    assert confirmations.count() == 2  # booked, then moved


def test_the_week_shows_the_workers_appointments_and_cancelling_takes_one_off(
    clock, client, login, world, open_case, case_actors
):
    appointment = book(open_case, case_actors["link_worker"], NOW + datetime.timedelta(days=1, hours=2))
    login(world.users["link_worker"])

    week = client.get(reverse("casework:diary"), {"day": "2026-03-04"}).text
    assert "Week of 2 March 2026" in week
    assert "Cass Casey" in week
    day = client.get(reverse("casework:diary"), {"view": "day", "day": "2026-03-02"}).text
    assert "Cass Casey" not in day  # the appointment is on Tuesday

    url = reverse(
        "casework:appointment_cancel", kwargs={"case_id": open_case.pk, "contact_id": appointment.pk}
    )
    client.post(url, {"version": appointment.version})
    appointment.refresh_from_db()
    assert appointment.attendance == "cancelled"
    assert "Cass Casey" not in client.get(reverse("casework:diary"), {"day": "2026-03-04"}).text


def test_the_team_diary_shows_every_workers_appointments_in_a_fixed_number_of_queries(
    clock, client, login, world, wellbeing, case_actors, open_case
):
    book(open_case, case_actors["link_worker"], NOW + datetime.timedelta(hours=3))
    login(world.users["team_lead"])
    url = reverse("casework:team_diary")
    with CaptureQueriesContext(connection) as few:
        assert "Cass Casey" in client.get(url).text
    for number in range(3):
        case = open_case_for(world, wellbeing, case_actors, family_name=f"Extra{number}")
        book(case, case_actors["link_worker"], NOW + datetime.timedelta(days=number, hours=4))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).text
    assert "Cass Extra2" in page
    assert len(many) == len(few)


def test_the_calendar_feed_names_nobody_and_stops_when_revoked(
    clock, client, login, world, open_case, case_actors
):
    book(open_case, case_actors["link_worker"], NOW + datetime.timedelta(days=1), duration_minutes=45)
    token = diary_feed_issue(by=case_actors["link_worker"])
    feed_url = reverse("casework:diary_feed", kwargs={"token": token})

    calendar = client.get(feed_url)

    assert calendar["Content-Type"].startswith("text/calendar")
    text = calendar.content.decode()
    assert "SUMMARY:C.C.: phone" in text
    assert "DTSTART:20260303T090000Z" in text
    assert "DTEND:20260303T094500Z" in text
    assert reverse("casework:case", kwargs={"case_id": open_case.pk}) in text
    for identifying in ("Cass", "Casey", open_case.person.date_of_birth.isoformat()):
        assert identifying not in text

    login(world.users["link_worker"])
    client.post(reverse("casework:diary_feed_manage"), {"action": "revoke"})
    assert client.get(feed_url).status_code == 404
    assert client.get(reverse("casework:diary_feed", kwargs={"token": "guess"})).status_code == 404


def test_a_new_address_replaces_the_old_one(open_case, case_actors, client):
    first = diary_feed_issue(by=case_actors["link_worker"])
    second = diary_feed_issue(by=case_actors["link_worker"])
    assert client.get(reverse("casework:diary_feed", kwargs={"token": first})).status_code == 404
    assert client.get(reverse("casework:diary_feed", kwargs={"token": second})).status_code == 200
