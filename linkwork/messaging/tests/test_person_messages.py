"""Messages to the person: by their chosen method, only where safe, never after they opt out."""

import datetime

import pytest
from django.utils import timezone

from linkwork.casework.services.contacts import contact_record
from linkwork.messaging import delivery
from linkwork.messaging.models import Channel, ContactOptOut, OutboxMessage, Status
from linkwork.messaging.wording import london_date, london_time
from linkwork.outcomes.models import QuestionnaireLink
from linkwork.outcomes.services.links import questionnaire_link_issue, token_digest
from linkwork.people.models import Person
from linkwork.referrals.models import Referral

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def prefers(case, method, **safe):
    Person.objects.filter(pk=case.person_id).update(
        preferred_contact_method=method, phone="07700900123", email="cass@example.org"
    )
    if safe:
        Referral.objects.filter(pk=case.referral_id).update(**safe)
    case.person.refresh_from_db()
    case.referral.refresh_from_db()


def to_person(**filters):
    """Messages to the person themselves (the referrer's message back is another helper's)."""
    return OutboxMessage.objects.filter(
        kind__in=["appointment_confirmation", "questionnaire_link"], **filters
    )


def book(case, actor, when):
    return contact_record(
        by=actor, case=case, occurs_at=when, mode="face_to_face", place="cafe", attendance="booked"
    )


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        # The clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
        (datetime.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "Sunday 29 March 2026 at 12:30am"),
        (datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "Sunday 29 March 2026 at 2:30am"),
        (datetime.datetime(2026, 3, 29, 10, 0, tzinfo=UTC), "Sunday 29 March 2026 at 11am"),
        (datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Sunday 25 October 2026 at 1:30am"),
        (datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "Sunday 25 October 2026 at 1:30am"),
        (datetime.datetime(2026, 10, 25, 12, 15, tzinfo=UTC), "Sunday 25 October 2026 at 12:15pm"),
        (datetime.datetime(2026, 10, 24, 23, 30, tzinfo=UTC), "Sunday 25 October 2026 at 12:30am"),
    ],
)
def test_times_are_shown_on_the_london_clock_either_side_of_the_clock_changes(moment, shown):
    assert london_time(moment) == shown


def test_a_date_is_the_london_date():
    assert london_date(datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "Wednesday 1 July 2026"


def test_booking_sends_a_confirmation_by_text_in_london_time(open_case, case_actors):
    prefers(open_case, "text")
    when = datetime.datetime(2027, 3, 28, 12, 0, tzinfo=UTC)  # the clocks went forward that morning

    contact = book(open_case, case_actors["link_worker"], when)

    message = to_person().get()
    assert message.kind == "appointment_confirmation"
    assert message.channel == Channel.SMS
    assert message.to_address == "07700900123"
    assert message.person_id == open_case.person_id
    assert "Sunday 28 March 2027 at 1pm" in message.body
    assert message.dedupe_key == f"appointment_confirmation:{contact.pk}:{when.isoformat()}"


def test_booking_sends_email_to_someone_who_chose_email(open_case, case_actors):
    prefers(open_case, "email")

    book(open_case, case_actors["link_worker"], timezone.now() + datetime.timedelta(days=3))

    assert to_person().get().channel == Channel.EMAIL


@pytest.mark.parametrize(
    ("method", "safe"),
    [
        ("text", {"safe_to_text": False}),
        ("email", {"safe_to_write": False}),
        ("phone", {}),  # staff phone them: nothing automatic
        ("letter", {}),
    ],
)
def test_nothing_is_sent_where_it_is_not_their_choice_or_not_safe(open_case, case_actors, method, safe):
    prefers(open_case, method, **safe)

    book(open_case, case_actors["link_worker"], timezone.now() + datetime.timedelta(days=3))

    assert not to_person().exists()


def test_an_opt_out_is_honoured(open_case, case_actors):
    prefers(open_case, "text")
    ContactOptOut.objects.create(person=open_case.person, channel=Channel.SMS)

    book(open_case, case_actors["link_worker"], timezone.now() + datetime.timedelta(days=3))

    assert not to_person().exists()


def test_an_opt_out_of_email_does_not_stop_texts(open_case, case_actors):
    prefers(open_case, "text")
    ContactOptOut.objects.create(person=open_case.person, channel=Channel.EMAIL)

    book(open_case, case_actors["link_worker"], timezone.now() + datetime.timedelta(days=3))

    assert to_person().get().channel == Channel.SMS


def test_issuing_a_questionnaire_link_sends_it_and_the_sent_copy_forgets_the_token(
    open_case, case_actors, instruments, fake_notify
):
    notify = fake_notify()
    prefers(open_case, "text")

    link, token = questionnaire_link_issue(
        by=case_actors["link_worker"], case=open_case, time_point="baseline", occasion=0, codes=["ons4"]
    )

    message = to_person().get(kind="questionnaire_link")
    assert f"/q/{token}/" in message.body
    assert message.dedupe_key == f"questionnaire_link:{link.pk}"
    assert QuestionnaireLink.objects.get(pk=link.pk).token_digest == token_digest(token)

    assert delivery.deliver(message.pk) == "sent"

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert token in notify.accepted[0][1]["personalisation"]["body"]
    assert token not in message.body
    assert "redact" not in message.payload
    assert "[link removed once sent]" in message.body


def test_a_questionnaire_link_is_not_sent_to_someone_who_opted_out(open_case, case_actors, instruments):
    prefers(open_case, "email")
    ContactOptOut.objects.create(person=open_case.person, channel=Channel.EMAIL)

    questionnaire_link_issue(
        by=case_actors["link_worker"], case=open_case, time_point="baseline", occasion=0, codes=["ons4"]
    )

    assert not to_person().exists()
