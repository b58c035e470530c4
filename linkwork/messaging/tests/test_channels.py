"""Channels and retry policy, one delivery at a time (the worker itself is in test_worker.py)."""

import datetime
from pathlib import Path

import pytest
import requests
from django.core import mail
from django.utils import timezone

from linkwork.messaging import delivery
from linkwork.messaging.models import Channel, OutboxMessage, Status

pytestmark = pytest.mark.django_db


def row(channel=Channel.EMAIL, to="cass@example.org", **fields):
    return OutboxMessage.objects.create(
        kind="appointment_confirmation",
        channel=channel,
        dedupe_key=f"test:{channel}:{to}",
        subject="Your appointment",
        body="See you on Monday.",
        to_address=to,
        **fields,
    )


def test_email_goes_through_djangos_email_backend():
    message = row()

    assert delivery.deliver(message.pk) == "sent"

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cass@example.org"]
    assert mail.outbox[0].subject == "Your appointment"
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_fault_of_linkworks_while_sending_leaves_the_message_uncertain_and_names_it(monkeypatch):
    message = row()

    def broken(_message):
        raise RuntimeError("a bug")

    monkeypatch.setattr(delivery.channels, "send", broken)
    with pytest.raises(RuntimeError):
        delivery.deliver(message.pk)

    message.refresh_from_db()
    assert (message.status, message.last_error) == (
        Status.UNCERTAIN,
        "Linkwork failed while sending (RuntimeError)",
    )


def test_email_can_go_through_notify(settings, fake_notify):
    notify = fake_notify()
    settings.MESSAGING_EMAIL_PROVIDER = "notify"

    assert delivery.deliver(row().pk) == "sent"

    assert mail.outbox == []
    path, body = notify.accepted[0]
    assert path == "/v2/notifications/email"
    assert body["email_address"] == "cass@example.org"
    assert body["personalisation"] == {"subject": "Your appointment", "body": "See you on Monday."}


def test_the_template_for_a_kind_wins_over_the_default(settings, fake_notify):
    notify = fake_notify()
    settings.NOTIFY_TEMPLATES = {"sms": {"default": "default-id", "appointment_confirmation": "kind-id"}}

    delivery.deliver(row(Channel.SMS, "07700900123").pk)

    assert notify.accepted[0][1]["template_id"] == "kind-id"


def test_a_refusal_from_notify_fails_at_once_without_retrying(fake_notify):
    notify = fake_notify(fail_first=1, fail_status=400)
    message = row(Channel.SMS, "not-a-number")

    assert delivery.deliver(message.pk) == "failed"

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert len(notify.requests) == 1


def test_a_server_error_is_retried_later_with_growing_waits(settings, fake_notify):
    fake_notify(fail_first=5)
    settings.MESSAGING_RETRY_BASE_SECONDS = 60
    message = row(Channel.SMS, "07700900123")

    before = timezone.now()
    assert delivery.deliver(message.pk) == "retry"

    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert message.next_attempt_at >= before + datetime.timedelta(seconds=60)
    # Not due yet: a second run now does nothing.
    assert delivery.deliver(message.pk) == "skipped"


def test_back_off_doubles_and_is_capped(settings):
    settings.MESSAGING_RETRY_BASE_SECONDS = 60
    settings.MESSAGING_RETRY_MAX_SECONDS = 600

    assert [delivery.backoff_seconds(n) for n in range(1, 6)] == [60, 120, 240, 480, 600]


def test_no_answer_from_notify_in_time_is_uncertain_not_retried(settings, fake_notify, monkeypatch):
    fake_notify()
    message = row(Channel.SMS, "07700900123")

    def timed_out(*args, **kwargs):
        raise requests.ReadTimeout("read timed out")

    monkeypatch.setattr(requests.Session, "request", timed_out)

    assert delivery.deliver(message.pk) == "uncertain"
    message.refresh_from_db()
    assert message.status == Status.UNCERTAIN
    assert delivery.deliver(message.pk) == "skipped"


def test_unreachable_notify_is_retried(settings, fake_notify):
    notify = fake_notify()
    notify.stop()  # nothing listens on the port any more
    message = row(Channel.SMS, "07700900123")

    assert delivery.deliver(message.pk) == "retry"


def test_in_app_messages_are_delivered_by_being_marked_sent():
    message = row(Channel.IN_APP, "")

    assert delivery.deliver(message.pk) == "sent"

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert mail.outbox == []


def test_nothing_uses_fail_silently_true():
    source = Path(__file__).resolve().parents[2]
    offenders = [
        str(path)
        for path in source.rglob("*.py")
        if "fail_silently=True" in path.read_text() and "tests" not in path.parts
    ]
    assert offenders == []


def test_locally_without_notify_texts_are_printed_by_the_worker(settings, capsys):
    settings.MESSAGING_SMS_PROVIDER = "console"

    assert delivery.deliver(row(Channel.SMS, "07700900123").pk) == "sent"

    assert "Text message to 07700900123:\nSee you on Monday." in capsys.readouterr().out
