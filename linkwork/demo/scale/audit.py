"""Audit events in bulk, continuing the hash chain from its current head.

Each event is sealed with `core.audit_chain.event_hash` in id order, exactly as `append_event`
would, so `manage.py verify_audit` walks the seeded trail like any other.
"""

import datetime

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from linkwork.core.audit_chain import event_hash
from linkwork.core.models import AuditEvent

from .synthetic import Weighted

# What staff do most, by share of the trail; each names the record it touches.
ACTIONS = Weighted(
    {
        ("case.view", "casework.case"): 30, ("person.view", "people.person"): 18,
        ("case.contact_record", "casework.case"): 14, ("referral.view", "referrals.referral"): 10,
        ("case.list", ""): 8, ("measure.record", "casework.case"): 6,
        ("person.search", ""): 5, ("referral.triage", "referrals.referral"): 4,
        ("referral.allocate", "referrals.referral"): 3, ("goal.progress", "casework.case"): 2,
    }
)  # fmt: skip
FIELDS = (
    "id", "occurred_at", "actor_id", "actor_label", "organisation_id", "role", "action", "outcome",
    "object_type", "object_id", "person_id", "request_id", "reason", "details", "previous_hash", "hash",
)  # fmt: skip


class _Event:
    """The sealed fields of one event, as `event_hash` reads them."""

    __slots__ = FIELDS

    def row(self):
        return tuple(getattr(self, name) for name in FIELDS)


def audit_seed(rng, *, writer, count, cases, usernames, start, now, batch=50_000):
    """`count` events spread evenly over [start, now], in time and id order, by case workers."""
    head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    next_id = (AuditEvent.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    step = (now - start) / max(count, 1)
    rows = []
    for number in range(count):
        case = cases[rng.randrange(len(cases))]
        made = case.made
        (action, object_type) = ACTIONS.pick(rng)
        event = _Event()
        event.id = next_id + number
        event.occurred_at = start + step * number + datetime.timedelta(microseconds=rng.randrange(1000))
        event.actor_id = made.link_worker
        event.actor_label = usernames[made.link_worker]
        event.organisation_id = made.provider
        event.role = "link_worker"
        event.action = action
        event.outcome = "denied" if action == "person.search" and rng.random() < 0.02 else "allowed"
        event.object_type = object_type
        event.object_id = _object_id(object_type, case)
        event.person_id = None if action in ("case.list", "person.search") else made.person_id
        event.request_id = f"{rng.getrandbits(64):016x}"
        event.reason = ""
        event.details = {}
        event.previous_hash = head
        event.hash = head = event_hash(event)
        rows.append(event.row())
        if len(rows) == batch:
            writer.write(AuditEvent, FIELDS, rows)
            rows = []
    writer.write(AuditEvent, FIELDS, rows)
    _reset_sequence()


def _object_id(object_type, case):
    return {
        "casework.case": str(case.id),
        "people.person": str(case.made.person_id),
        "referrals.referral": str(case.made.referral_id),
    }.get(object_type, "")


def _reset_sequence():
    """Explicit ids leave PostgreSQL's sequence behind: move it past them for the next append."""
    statements = connection.ops.sequence_reset_sql(no_style(), [AuditEvent])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
