"""Delivery through the real database task backend and `manage.py db_worker --batch`."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from linkwork.messaging import delivery
from linkwork.messaging.models import Channel, OutboxMessage, Status
from linkwork.messaging.outbox import outbox_enqueue, schedule_delivery

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def enqueue_text(key="text:1"):
    with transaction.atomic():
        return outbox_enqueue(
            kind="appointment_reminder",
            channel=Channel.SMS,
            dedupe_key=key,
            subject="Your appointment",
            body="See you on Monday.",
            to_address="07700900123",
        )


def test_a_notify_that_fails_three_times_receives_the_message_exactly_once(fake_notify):
    notify = fake_notify(fail_first=3)
    message = enqueue_text()

    run_worker()

    message.refresh_from_db()
    assert len(notify.requests) == 4
    assert len(notify.accepted) == 1
    path, body = notify.accepted[0]
    assert path == "/v2/notifications/sms"
    assert body["phone_number"] == "07700900123"
    assert body["reference"] == str(message.pk)
    assert message.status == Status.SENT
    assert message.attempts == 4
    assert message.provider_reference


def test_after_too_many_failures_the_message_is_failed_and_not_tried_again(fake_notify, settings):
    settings.MESSAGING_MAX_ATTEMPTS = 3
    notify = fake_notify(fail_first=10)
    message = enqueue_text()

    run_worker()
    run_worker()

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 3
    assert len(notify.requests) == 3
    assert "Try again" in message.last_error


def test_a_worker_killed_between_sending_and_marking_sent_never_sends_twice(
    fake_notify, settings, monkeypatch
):
    notify = fake_notify()
    message = enqueue_text()

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "mark_sent", killed)
        run_worker()
    assert len(notify.accepted) == 1
    message.refresh_from_db()
    assert message.status == Status.SENDING

    # Later: the lease has run out; the sweep and any stray task must not send it again.
    settings.MESSAGING_SENDING_LEASE_SECONDS = 0
    call_command("run_scheduled_jobs", "--only", "outbox_sweep", stdout=io.StringIO())
    with transaction.atomic():
        schedule_delivery(OutboxMessage.objects.get(pk=message.pk))
    run_worker()

    message.refresh_from_db()
    assert len(notify.requests) == 1
    assert message.status == Status.UNCERTAIN
    assert "check with the provider" in message.last_error


def test_a_rolled_back_change_leaves_no_outbox_row_and_sends_nothing(fake_notify):
    notify = fake_notify()

    @transaction.atomic
    def change_that_fails():
        enqueue_text()
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    run_worker()

    assert not OutboxMessage.objects.exists()
    assert notify.requests == []


def test_a_repeated_dedupe_key_does_not_duplicate(fake_notify):
    notify = fake_notify()

    first = enqueue_text(key="reminder:contact-1:2026-03-29")
    second = enqueue_text(key="reminder:contact-1:2026-03-29")
    run_worker()

    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(notify.accepted) == 1


def test_the_sweep_requeues_a_pending_message_whose_task_was_lost(fake_notify, settings):
    notify = fake_notify()
    message = OutboxMessage.objects.create(
        kind="appointment_reminder",
        channel=Channel.SMS,
        dedupe_key="lost",
        body="Hello",
        to_address="07700900123",
    )  # written without a task, as if the task row had been lost
    settings.MESSAGING_LOST_TASK_SECONDS = 0

    run_worker()
    assert notify.requests == []
    call_command("run_scheduled_jobs", "--only", "outbox_sweep", stdout=io.StringIO())
    run_worker()

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(notify.accepted) == 1
