"""Audit events in bulk, continuing the hash chain from its current head.

Each event is sealed with `core.audit_chain.event_hash` in id order, exactly as `append_event`
would, so `manage.py verify_audit` walks the seeded trail like any other. Lists and searches name
what they showed as the product's do, and the people they showed get their appearance rows.
"""

import datetime
from collections import defaultdict

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from linkwork.core.audit_chain import event_hash
from linkwork.core.models import AuditAppearance, AuditEvent, people_shown

from .synthetic import Weighted

# What staff do most, by share of the trail; each names the record it touches.
ACTIONS = Weighted(
    {
        ("case.view", "casework.case"): 27, ("person.view", "people.person"): 17,
        ("case.contact_record", "casework.case"): 14, ("referral.view", "referrals.referral"): 10,
        ("case.list", ""): 8, ("measure.record", "casework.case"): 6,
        ("person.search", ""): 5, ("person.list", ""): 4, ("referral.triage", "referrals.referral"): 4,
        ("referral.allocate", "referrals.referral"): 3, ("goal.progress", "casework.case"): 2,
    }
)  # fmt: skip
# Rows on one page of the caseload and of the people list (casework and people selectors).
LIST_PAGE = 25
APPEARANCE_FIELDS = ("person_id", "event")
_LISTS = frozenset({"case.list", "person.search", "person.list"})
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
    caseloads = defaultdict(list)
    for case in cases:
        caseloads[case.made.link_worker].append(case)
    rows, appearances = [], []
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
        event.person_id = None if action in _LISTS else made.person_id
        event.request_id = f"{rng.getrandbits(64):016x}"
        event.reason = ""
        event.details = _details(rng, action, event.outcome, case, caseloads[made.link_worker])
        event.previous_hash = head
        event.hash = head = event_hash(event)
        rows.append(event.row())
        appearances += [(person_id, event.id) for person_id in people_shown(event.details)]
        if len(rows) == batch:
            writer.write(AuditEvent, FIELDS, rows)
            writer.write(AuditAppearance, APPEARANCE_FIELDS, appearances)
            rows, appearances = [], []
    writer.write(AuditEvent, FIELDS, rows)
    writer.write(AuditAppearance, APPEARANCE_FIELDS, appearances)
    _reset_sequence()


def _details(rng, action, outcome, case, caseload):
    """What the product's list and search events record: the cases or people they showed."""
    if action == "person.search":
        found = [str(case.made.person_id)] if outcome == "allowed" else []
        return {"criteria": ["nhs_number"], "people": found}
    if action not in _LISTS:
        return {}
    shown = rng.sample(caseload, min(LIST_PAGE, len(caseload)))
    people = list(dict.fromkeys(str(other.made.person_id) for other in shown))
    if action == "case.list":
        return {"cases": [str(other.id) for other in shown], "people": people}
    return {"page": 1, "people": people}


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
