"""Writes for the messaging pages: retrying a message, reading notifications, recording an opt-out."""

from django.db import transaction
from django.utils import timezone

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from . import rules
from .models import Channel, ContactOptOut, OutboxMessage, Status
from .outbox import schedule_delivery

RETRYABLE = (Status.FAILED, Status.UNCERTAIN)
OPT_OUT_CHANNELS = (Channel.SMS, Channel.EMAIL)


@transaction.atomic
def outbox_retry(*, by: Actor, message_id) -> OutboxMessage:
    """Send a failed or uncertain message again, on purpose, with a fresh set of attempts."""
    if not rules.can_manage_messages(by):
        raise DomainError("Only an administrator can retry a message")
    message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
    if message is None:
        raise DomainError("There is no such message")
    if message.status not in RETRYABLE:
        raise DomainError(
            f"This message is {message.get_status_display().lower()}: only failed or uncertain ones can be retried"
        )
    previous = message.status
    message.status = Status.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.claimed_at = None
    message.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_at"])
    schedule_delivery(message)
    audit_record(
        actor=by,
        action="outbox.retry",
        target=message,
        person_id=message.person_id,
        details={"previous_status": previous, "kind": message.kind},
    )
    return message


@transaction.atomic
def notifications_mark_read(*, by: Actor) -> int:
    """Mark every unread notification of the actor's read."""
    return (
        OutboxMessage.objects.visible_to(by)
        .filter(
            channel=Channel.IN_APP,
            recipient_user=by.user,
            recipient_organisation__isnull=True,
            read_at__isnull=True,
        )
        .update(read_at=timezone.now())
    )


@transaction.atomic
def contact_opt_out_set(*, by: Actor, person, channels) -> list[str]:
    """Record which automatic-message channels the person does not want; returns what changed."""
    if not rules.can_record_opt_out(by):
        raise DomainError("Only link workers and team leads can record how a person wants to be contacted")
    wanted_off = {channel for channel in channels if channel in OPT_OUT_CHANNELS}
    current = set(ContactOptOut.objects.filter(person=person).values_list("channel", flat=True))
    added, removed = sorted(wanted_off - current), sorted(current - wanted_off)
    for channel in added:
        ContactOptOut.objects.create(person=person, channel=channel, recorded_by=by.user)
    if removed:
        ContactOptOut.objects.filter(person=person, channel__in=removed).delete()
    if added or removed:
        audit_record(
            actor=by,
            action="person.messages_opt_out",
            target=person,
            person_id=person.pk,
            details={"opted_out": added, "opted_back_in": removed},
        )
    return added + removed
