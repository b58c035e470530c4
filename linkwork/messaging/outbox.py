"""Writing to the outbox: the one way any part of Linkwork sends a message.

`outbox_enqueue` is called inside the transaction of the change that causes the message, so the
row commits or rolls back with it; delivery is scheduled with `transaction.on_commit`, so a task
never runs for a row that does not exist.
"""

from django.db import IntegrityError, transaction

from .models import OutboxMessage


def outbox_enqueue(
    *,
    kind,
    channel,
    dedupe_key,
    subject="",
    body="",
    payload=None,
    person=None,
    recipient_user=None,
    recipient_organisation=None,
    to_address="",
) -> OutboxMessage:
    """Write one outgoing message; a repeated `dedupe_key` returns the first row and schedules nothing.

    The returned row's `just_created` says which happened.
    """
    existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        existing.just_created = False
        return existing
    try:
        # A savepoint, so a concurrent insert of the same key does not break the caller's transaction.
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                channel=channel,
                dedupe_key=dedupe_key,
                subject=subject[:200],
                body=body,
                payload=payload or {},
                person=person,
                recipient_user=recipient_user,
                recipient_organisation=recipient_organisation,
                to_address=to_address,
            )
    except IntegrityError:
        existing = OutboxMessage.objects.get(dedupe_key=dedupe_key)
        existing.just_created = False
        return existing
    message.just_created = True
    schedule_delivery(message)
    return message


def schedule_delivery(message, *, run_after=None):
    """Queue the delivery task once the current transaction commits."""
    from .tasks import deliver_message

    message_id = str(message.pk)

    def enqueue():
        task = deliver_message.using(run_after=run_after) if run_after is not None else deliver_message
        task.enqueue(message_id)

    transaction.on_commit(enqueue)
