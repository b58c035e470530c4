"""Reads of the messages back to a referrer: their organisation's, about people they referred.

A GP practice (or agency) sees the messages about referrals it made, and nothing else: the scope is
the message's recipient organisation, and the person must still be visible to the organisation
through its legitimate relationship (the referral). Every read is audited.
"""

from django.urls import reverse

from linkwork.core.services import audit_record
from linkwork.people.models import Person
from linkwork.referrals.extensions import ReferralLink
from linkwork.referrals.rules import can_refer

from .message_back import KINDS, TITLES
from .models import Channel, OutboxMessage, Status

INBOX_PAGE = 50


def _messages_for(actor):
    if not can_refer(actor):
        return OutboxMessage.objects.none()
    return OutboxMessage.objects.filter(
        channel=Channel.IN_APP,
        kind__in=KINDS,
        recipient_organisation_id=actor.organisation_id,
        person__in=Person.objects.visible_to(actor),
        # Retention blanked what these said (messaging/erasure.py): nothing is left to show.
        person__anonymised_at__isnull=True,
    ).exclude(status=Status.CANCELLED)


def referrer_inbox(*, actor) -> list[OutboxMessage]:
    """The organisation's messages back, newest first; one query whatever the number of rows."""
    rows = list(_messages_for(actor).order_by("-created_at", "id")[:INBOX_PAGE])
    audit_record(
        actor=actor, action="message_back.inbox", details={"messages": [str(row.pk) for row in rows]}
    )
    return rows


def referrer_message(*, actor, message_id, purpose="view") -> OutboxMessage | None:
    """One message back, if the actor's organisation received it; every attempt is audited."""
    message = _messages_for(actor).filter(pk=message_id).first()
    action = f"message_back.{purpose}"
    if message is None:
        audit_record(actor=actor, action=action, details={"message": str(message_id)}, denied=True)
        return None
    audit_record(actor=actor, action=action, target=message, person_id=message.person_id)
    return message


def referral_message_links(actor, referrals) -> dict:
    """{referral pk: [ReferralLink to each message back about it]}, for the referrer's pages; one query.

    Only the actor's organisation's own messages (as in the inbox); nothing for anyone else.
    """
    keys = {
        f"message_back:{referral.pk}:{kind}:{Channel.IN_APP}": referral.pk
        for referral in referrals
        for kind in KINDS
    }
    links = {}
    for message in (
        _messages_for(actor)
        .filter(dedupe_key__in=keys)
        .only("pk", "kind", "created_at", "read_at", "dedupe_key")
    ):
        links.setdefault(keys[message.dedupe_key], []).append(
            ReferralLink(
                text=TITLES[message.kind],
                href=reverse("message_back:detail", kwargs={"message_id": message.pk}),
                at=message.created_at,
                is_new=message.read_at is None,
            )
        )
    return links
