"""Demo messages: a few delivered, and one failed for the administrators' Messages page to retry.

Written as history (already delivered or failed), not queued, so seeding sends nothing. Seeds by
fixed dedupe keys, so running the seed again changes nothing.
"""

import datetime

from django.utils import timezone

from linkwork.accounts.models import User
from linkwork.casework.models import Case
from linkwork.messaging import wording
from linkwork.messaging.models import Channel, OutboxMessage, Status

LINK_WORKER = "pcn.linkworker"


def messaging_seed(*, link_worker_username=LINK_WORKER) -> int:
    """Create the demo messages that do not exist yet; returns how many were created."""
    worker = User.objects.filter(username=link_worker_username).first()
    case = (
        Case.objects.filter(link_worker=worker, status=Case.Status.OPEN)
        .select_related("person", "provider")
        .order_by("opened_at", "pk")
        .first()
    )
    if worker is None or case is None:
        return 0
    person, now = case.person, timezone.now()
    when = (now + datetime.timedelta(days=2)).replace(hour=10, minute=30, second=0, microsecond=0)
    confirmation = wording.render(
        "appointment_confirmation",
        name=person.given_name,
        worker=worker.get_full_name() or worker.username,
        provider=case.provider.name,
        when=when,
    )
    review = wording.render("review_due", person_name=person.full_name, due=timezone.localdate(now))
    rows = [
        (
            "demo:confirmation:sent",
            "appointment_confirmation",
            Channel.SMS,
            Status.SENT,
            confirmation,
            "07700900001",
            "",
        ),
        (
            "demo:confirmation:email",
            "appointment_confirmation",
            Channel.EMAIL,
            Status.SENT,
            confirmation,
            "demo@example.org",
            "",
        ),
        ("demo:review_due", "review_due", Channel.IN_APP, Status.SENT, review, "", ""),
        (
            "demo:reminder:failed",
            "appointment_reminder",
            Channel.SMS,
            Status.FAILED,
            confirmation,
            "07700900002",
            "GOV.UK Notify: 500 - Internal server error (demo)",
        ),
    ]
    created = 0
    for key, kind, channel, status, (subject, body), address, error in rows:
        _, made = OutboxMessage.objects.get_or_create(
            dedupe_key=key,
            defaults={
                "kind": kind,
                "channel": channel,
                "status": status,
                "subject": subject,
                "body": body,
                "person": person,
                "recipient_user": worker if channel == Channel.IN_APP else None,
                "to_address": address,
                "attempts": 5 if status == Status.FAILED else 1,
                "last_error": error,
                "sent_at": now if status == Status.SENT else None,
            },
        )
        created += made
    return created
