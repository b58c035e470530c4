"""Reads for the messaging pages."""

from django.db.models import Count

from linkwork.core.services import audit_record
from linkwork.people.models import Person

from .models import Channel, ContactOptOut, OutboxMessage, Status

ADMIN_PAGE = 100
NOTIFICATIONS_PAGE = 50
ATTENTION = "attention"


def _notifications(actor):
    # Messages to an organisation's inbox (the messages back to referrers) have their own page. A
    # notification about someone the actor's organisation no longer sees is not shown.
    return OutboxMessage.objects.visible_to(actor).filter(
        channel=Channel.IN_APP,
        status=Status.SENT,
        recipient_user=actor.user,
        recipient_organisation__isnull=True,
    )


def notifications(*, actor) -> list[OutboxMessage]:
    """The actor's own in-app notifications, newest first; the people they name are audited as seen."""
    rows = list(_notifications(actor).order_by("-created_at", "id")[:NOTIFICATIONS_PAGE])
    people = sorted({str(row.person_id) for row in rows if row.person_id})
    if people:
        audit_record(actor=actor, action="notifications.view", details={"people": people})
    return rows


def unread_notifications(*, actor, limit=5) -> tuple[int, list[OutboxMessage]]:
    """How many notifications are unread and the newest few, for the home page; two queries."""
    unread = _notifications(actor).filter(read_at__isnull=True)
    rows = list(unread.order_by("-created_at", "id")[:limit])
    people = sorted({str(row.person_id) for row in rows if row.person_id})
    if people:
        audit_record(actor=actor, action="notifications.view", details={"people": people})
    return unread.count(), rows


def unread_count(*, actor) -> int:
    """Unread in-app notifications: one query, for the header."""
    return _notifications(actor).filter(read_at__isnull=True).count()


def messages_for_administration(*, actor, status=ATTENTION) -> list[OutboxMessage]:
    """Delivery state for administrators: failed and uncertain first, or any one status."""
    messages = OutboxMessage.objects.for_administration().select_related("recipient_organisation")
    messages = messages.needing_attention() if status == ATTENTION else messages.filter(status=status)
    return list(messages.order_by("-created_at", "id")[:ADMIN_PAGE])


def status_counts() -> dict[str, int]:
    """How many messages are in each status, in one query."""
    rows = OutboxMessage.objects.values("status").annotate(count=Count("id")).order_by()
    counts = {status: 0 for status in Status.values}
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def person_for_opt_out(*, actor, person_id):
    """The person (through the scope) and the channels they opted out of; the read is audited."""
    person = Person.objects.visible_to(actor).filter(pk=person_id).first()
    if person is None:
        audit_record(actor=actor, action="person.messages_view", person_id=person_id, denied=True)
        return None, set()
    audit_record(actor=actor, action="person.messages_view", target=person, person_id=person.pk)
    opted_out = set(
        ContactOptOut.objects.visible_to(actor).filter(person=person).values_list("channel", flat=True)
    )
    return person, opted_out
