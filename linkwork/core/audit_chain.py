"""The audit hash chain: each event seals its own fields and the hash of the event before it.

Editing a stored event changes its hash; deleting one breaks the next event's `previous_hash`.
`append_events` keeps the chain linear under concurrency: on PostgreSQL a transaction-scoped
advisory lock is held from reading the chain head to commit, and a unique `previous_hash` makes a
fork impossible even if that were bypassed. SQLite serialises writers already (IMMEDIATE mode).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connection

from .models import AuditEvent

# A fixed key for pg_advisory_xact_lock: "LWAUDIT" in ASCII, as a 64-bit integer.
_CHAIN_LOCK_KEY = 0x4C574155444954
_SEALED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "role",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "person_id",
    "request_id",
    "reason",
    "details",
)


def _canonical(value):
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if value is None or isinstance(value, (str, int, float, bool, dict, list)):
        return value
    return str(value)


def event_hash(event) -> str:
    """SHA-256 of the event's sealed fields and its previous hash, in a canonical JSON form.

    The client address is sealed when there is one; events written before it was recorded have none,
    so their hashes stay as they were.
    """
    payload = {name: _canonical(getattr(event, name)) for name in _SEALED_FIELDS}
    client = getattr(event, "client_address", "")  # the historical model of migration 0003 has none
    if client:
        payload["client_address"] = client
    payload["previous_hash"] = event.previous_hash
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def append_event(**fields) -> AuditEvent:
    """Insert one event at the head of the chain. Call inside a transaction."""
    return append_events([fields])[0]


def append_events(field_sets: list[dict]) -> list[AuditEvent]:
    """Insert events at the head of the chain in this order, in one statement. Call inside a transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    events = []
    for fields in field_sets:
        event = AuditEvent(previous_hash=head, **fields)
        event.hash = head = event_hash(event)
        events.append(event)
    # One INSERT numbers its rows in order, so ids follow the chain.
    return AuditEvent.objects.bulk_create(events)


@dataclass(frozen=True)
class ChainReport:
    count: int
    broken: AuditEvent | None = None
    problem: str = ""
    head: str = ""


def verify_chain(chunk_size: int = 2000) -> ChainReport:
    """Walk every event in order, streaming; stop at the first one whose seal or link is wrong."""
    previous = ""
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        if event.previous_hash != previous:
            return ChainReport(count, event, "the event before it is missing or was changed")
        if event.hash != event_hash(event):
            return ChainReport(count, event, "its contents were changed after it was written")
        previous = event.hash
        count += 1
    return ChainReport(count, head=previous)
