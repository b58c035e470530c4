"""Delivering outbox messages: at most once to external channels.

1. Claim: one conditional UPDATE moves the row from pending to sending and commits, so no other
   worker can take it.
2. Send, outside any transaction.
3. Mark sent (or schedule a retry with exponential back-off, or mark failed after
   MESSAGING_MAX_ATTEMPTS).

If the worker dies between 2 and 3, the row stays "sending". The sweep marks such rows
"uncertain" after MESSAGING_SENDING_LEASE_SECONDS and never re-sends them by itself: only the
provider knows whether the message left, and an administrator checks and retries on purpose.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import channels
from .models import OutboxMessage, Status

logger = logging.getLogger(__name__)

ABANDONED = "The worker stopped while sending: check with the provider whether it arrived before retrying."


def backoff_seconds(attempts):
    """Wait before the next attempt: base, 2 x base, 4 x base, ... capped."""
    base = settings.MESSAGING_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.MESSAGING_RETRY_MAX_SECONDS)


def claim(message_id):
    """Move a due pending row to sending; True if this worker got it."""
    now = timezone.now()
    with transaction.atomic():
        claimed = OutboxMessage.objects.filter(
            pk=message_id, status=Status.PENDING, next_attempt_at__lte=now
        ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def mark_sent(message, provider_reference):
    """Record success; a secret in the message (a questionnaire link) is removed from the stored copy."""
    values = {
        "status": Status.SENT,
        "sent_at": timezone.now(),
        "provider_reference": provider_reference[:200],
    }
    secret = message.payload.get("redact")
    if secret:
        values["body"] = message.body.replace(secret, "[link removed once sent]")
        values["payload"] = {key: value for key, value in message.payload.items() if key != "redact"}
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(**values)


def _record_failure(message, error, *, retry):
    from .outbox import schedule_delivery

    with transaction.atomic():
        if retry and message.attempts < settings.MESSAGING_MAX_ATTEMPTS:
            next_attempt_at = timezone.now() + timedelta(seconds=backoff_seconds(message.attempts))
            OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
                status=Status.PENDING, next_attempt_at=next_attempt_at, last_error=str(error)[:2000]
            )
            schedule_delivery(message, run_after=next_attempt_at)
            return "retry"
        OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.FAILED, last_error=str(error)[:2000]
        )
        return "failed"


def _expire_lease(message_id):
    """A row left "sending" past its lease by a worker that died: uncertain, never re-sent."""
    lease = timezone.now() - timedelta(seconds=settings.MESSAGING_SENDING_LEASE_SECONDS)
    return OutboxMessage.objects.filter(pk=message_id, status=Status.SENDING, claimed_at__lt=lease).update(
        status=Status.UNCERTAIN, last_error=ABANDONED
    )


def deliver(message_id):
    if not claim(message_id):
        return "uncertain" if _expire_lease(message_id) else "skipped"
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        reference = channels.send(message)
    except channels.DeliveryUncertain as error:
        OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.UNCERTAIN, last_error=str(error)[:2000]
        )
        logger.warning("Outbox message %s: not known whether it was sent", message.pk)
        return "uncertain"
    except channels.DeliveryFailed as error:
        logger.warning("Outbox message %s: attempt %s failed: %s", message.pk, message.attempts, error)
        return _record_failure(message, error, retry=error.retry)
    except Exception as error:
        # A fault of ours, not the provider's: the message may have gone, so never re-send it by
        # itself; name the cause for the administrator, and let the worker log the traceback.
        OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.UNCERTAIN, last_error=f"Linkwork failed while sending ({type(error).__name__})"
        )
        raise
    mark_sent(message, reference)
    return "sent"


def sweep():
    """Mark abandoned "sending" rows uncertain and re-queue pending rows whose task was lost."""
    from .outbox import schedule_delivery

    now = timezone.now()
    lease = now - timedelta(seconds=settings.MESSAGING_SENDING_LEASE_SECONDS)
    uncertain = OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=lease).update(
        status=Status.UNCERTAIN, last_error=ABANDONED
    )
    lost_before = now - timedelta(seconds=settings.MESSAGING_LOST_TASK_SECONDS)
    requeued = 0
    with transaction.atomic():
        for message in OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lt=lost_before):
            schedule_delivery(message)
            requeued += 1
    return {"uncertain": uncertain, "requeued": requeued}
