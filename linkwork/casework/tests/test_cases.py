import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.casework.models import Case, Contact
from linkwork.casework.selectors.caseload import caseload_cursor_parse
from linkwork.casework.services.cases import case_discharge, case_extend
from linkwork.casework.services.contacts import contact_mark, contact_record
from linkwork.core.errors import DomainError, StaleEdit
from linkwork.core.models import AuditEvent
from linkwork.testing.auth import sign_in
from linkwork.testing.cases import open_case_for


def record(actor, case, attendance="attended", when=None, **extra):
    when = when or timezone.now() - datetime.timedelta(hours=1)
    return contact_record(
        by=actor, case=case, occurs_at=when, mode="face_to_face", place="cafe", attendance=attendance, **extra
    )


def test_recording_a_contact_is_audited(open_case, case_actors):
    contact = record(
        case_actors["link_worker"], open_case, duration_minutes=45, note="Talked about the walking group"
    )

    assert contact.duration_minutes == 45
    assert AuditEvent.objects.filter(action="case.contact_record", person_id=open_case.person_id).exists()


def test_a_contact_that_happened_cannot_be_in_the_future_and_a_booking_cannot_be_past(open_case, case_actors):
    with pytest.raises(DomainError, match="cannot be in the future"):
        record(case_actors["link_worker"], open_case, when=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="must be in the future"):
        record(case_actors["link_worker"], open_case, attendance="booked")
    assert not Contact.objects.exists()


def test_a_booked_appointment_is_marked_later_and_a_stale_mark_is_refused(open_case, case_actors):
    booked = record(
        case_actors["link_worker"],
        open_case,
        attendance="booked",
        when=timezone.now() + datetime.timedelta(minutes=5),
    )
    Contact.objects.filter(pk=booked.pk).update(occurs_at=timezone.now() - datetime.timedelta(minutes=5))
    booked.refresh_from_db()

    contact_mark(
        by=case_actors["link_worker"], contact=booked, attendance="did_not_attend", expected_version=1
    )
    with pytest.raises(StaleEdit) as stale:
        contact_mark(by=case_actors["team_lead"], contact=booked, attendance="attended", expected_version=1)

    assert stale.value.current.attendance == "did_not_attend"
    assert Contact.objects.get(pk=booked.pk).attendance == "did_not_attend"


def test_the_session_limit_needs_a_recorded_reason_to_go_past(open_case, case_actors):
    for _ in range(6):
        record(case_actors["link_worker"], open_case)

    with pytest.raises(DomainError, match="This would be session 7: the scheme's limit is 6"):
        record(case_actors["link_worker"], open_case)
    with pytest.raises(DomainError, match="Say why"):
        case_extend(
            by=case_actors["link_worker"], case=open_case, reason=" ", expected_version=open_case.version
        )
    case = case_extend(
        by=case_actors["link_worker"],
        case=open_case,
        reason="Bereaved last week; two more sessions",
        expected_version=open_case.version,
    )
    record(case_actors["link_worker"], case)

    assert case.contacts.filter(attendance="attended").count() == 7


def test_discharge_closes_the_case_cancels_future_bookings_and_refuses_more_records(open_case, case_actors):
    record(
        case_actors["link_worker"],
        open_case,
        attendance="booked",
        when=timezone.now() + datetime.timedelta(days=3),
    )

    case = case_discharge(
        by=case_actors["link_worker"],
        case=open_case,
        reason="goals_achieved",
        summary="Joined the walking group; feels less alone.",
        expected_version=open_case.version,
    )

    assert (case.status, case.discharge_reason) == (Case.Status.CLOSED, "goals_achieved")
    assert case.contacts.get().attendance == "cancelled"
    with pytest.raises(DomainError, match="closed"):
        record(case_actors["link_worker"], case)


def test_a_re_referral_opens_a_new_case_with_the_history_visible(client, world, wellbeing, case_actors):
    first = open_case_for(world, wellbeing, case_actors, nhs_number="9434765919")
    case_discharge(
        by=case_actors["link_worker"],
        case=first,
        reason="moved_on",
        summary="Moved on to a group.",
        expected_version=first.version,
    )
    second = open_case_for(world, wellbeing, case_actors, nhs_number="9434765919")
    sign_in(client, world.users["link_worker"])

    html = client.get(reverse("casework:case", kwargs={"case_id": second.pk})).content.decode()

    assert (second.person_id, second.pk != first.pk) == (first.person_id, True)
    assert "Other episodes of support" in html
    assert str(first.pk) in html


def test_only_the_cases_workers_or_a_team_lead_record_on_it(open_case, case_actors, world):
    with pytest.raises(DomainError, match="Only the case's link workers"):
        record(case_actors["link_worker_b"], open_case)


def test_the_case_page_records_a_contact_on_one_screen(client, world, open_case):
    sign_in(client, world.users["link_worker"])
    today = timezone.localdate()

    response = client.post(
        reverse("casework:case", kwargs={"case_id": open_case.pk}),
        {
            "attendance": "did_not_attend",
            "day_day": today.day,
            "day_month": today.month,
            "day_year": today.year,
            "time": "00:01",
            "mode": "phone",
            "place": "remote",
            "note": "No answer at the agreed time",
        },
    )

    assert response.status_code == 302
    assert open_case.contacts.get().attendance == "did_not_attend"


def test_the_case_page_shows_bad_input_clearly_and_saves_nothing(client, world, open_case):
    sign_in(client, world.users["link_worker"])

    response = client.post(
        reverse("casework:case", kwargs={"case_id": open_case.pk}),
        {
            "attendance": "attended",
            "day_day": "31",
            "day_month": "2",
            "day_year": "2026",
            "time": "25:00",
            "mode": "phone",
            "place": "remote",
        },
    )

    html = response.content.decode()
    assert "Date must be a real date" in html
    assert "Enter a time on the 24-hour clock" in html
    assert not Contact.objects.exists()


def test_case_pages_are_closed_to_other_providers_and_other_roles(client, world, open_case):
    url = reverse("casework:case", kwargs={"case_id": open_case.pk})
    for user, status in (
        ("link_worker_b", 404),
        ("referrer", 403),
        ("vcse_coordinator", 403),
        ("commissioner", 403),
    ):
        sign_in(client, world.users[user])
        assert client.get(url).status_code == status, user


def test_caseload_and_case_pages_run_a_fixed_number_of_queries(
    client, world, wellbeing, case_actors, open_case
):
    sign_in(client, world.users["link_worker"])
    caseload, case_url = (
        reverse("casework:caseload"),
        reverse("casework:case", kwargs={"case_id": open_case.pk}),
    )
    record(case_actors["link_worker"], open_case)

    with CaptureQueriesContext(connection) as caseload_few, CaptureQueriesContext(connection):
        client.get(caseload)
    with CaptureQueriesContext(connection) as case_few:
        client.get(case_url)
    for number in range(8):
        other = open_case_for(world, wellbeing, case_actors, family_name=f"More{number}")
        record(case_actors["link_worker"], other)
        record(case_actors["link_worker"], open_case, attendance="did_not_attend")
    with CaptureQueriesContext(connection) as caseload_many:
        client.get(caseload)
    with CaptureQueriesContext(connection) as case_many:
        client.get(case_url)

    assert len(caseload_many) == len(caseload_few)
    assert len(case_many) == len(case_few)


def test_the_caseload_shows_the_next_action_and_pages_by_keyset(
    client, world, wellbeing, case_actors, open_case
):
    sign_in(client, world.users["link_worker"])

    html = client.get(reverse("casework:caseload")).content.decode()

    assert "Book the first appointment" in html
    assert open_case.person.full_name in html


def test_a_team_lead_sees_complexity_weighted_caseloads(client, world, open_case):
    sign_in(client, world.users["team_lead"])

    html = client.get(reverse("casework:team_caseload")).content.decode()

    assert "link_worker" in html
    assert ">2</td>" in html  # one open standard case weighs 2


@pytest.mark.parametrize(
    "after",
    [
        "",
        "no-separator",
        "yesterday_77559ba0-0063-40a5-9661-16e9e1d0e9f0",
        "2026-11-20T10:00:00+00:00_not-a-uuid",
    ],
)
def test_a_malformed_caseload_cursor_starts_at_the_first_page(after):
    assert caseload_cursor_parse(after) is None


def test_a_caseload_cursor_reads_back_as_written():
    opened, case_id = timezone.now(), uuid.uuid4()

    assert caseload_cursor_parse(f"{opened.isoformat()}_{case_id}") == (opened, case_id)
