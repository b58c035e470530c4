"""The audit service: the one way to record who read or changed protected data."""

import contextvars
import functools
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from .audit_chain import append_events
from .client_address import current_client_address
from .context import Actor, current_request_id
from .errors import StaleEdit
from .models import AuditAppearance, AuditEvent, people_shown


def _object_reference(target):
    if target is None:
        return "", ""
    meta = target._meta
    return f"{meta.app_label}.{meta.model_name}", str(target.pk)


_deferred_events = contextvars.ContextVar("linkwork_deferred_audit", default=None)


def audit_record(
    *,
    actor: Actor,
    action: str,
    target=None,
    person_id=None,
    denied: bool = False,
    reason: str = "",
    details: dict | None = None,
) -> AuditEvent | None:
    """Write one audit event inside the caller's transaction (or its own if there is none).

    A list or search names the people it showed in `details["people"]`; each gets an appearance row.
    Inside `audit_deferred()` the event is written when that block ends, and None is returned.
    """
    object_type, object_id = _object_reference(target)
    user = actor.user
    fields = {
        "occurred_at": timezone.now(),
        "actor": user,
        "actor_label": user.get_username() if user is not None else actor.role,
        "organisation": actor.organisation,
        "role": actor.role,
        "action": action,
        "outcome": AuditEvent.Outcome.DENIED if denied else AuditEvent.Outcome.ALLOWED,
        "object_type": object_type,
        "object_id": object_id,
        "person_id": person_id,
        "request_id": current_request_id(),
        "client_address": current_client_address(),
        "reason": reason,
        "details": details or {},
    }
    pending = _deferred_events.get()
    if pending is not None:
        marker = functools.partial(_still_to_commit)
        transaction.on_commit(marker)
        pending.append((fields, marker))
        return None
    return _write([fields])[0]


def _still_to_commit():
    """An on-commit callback that does nothing: while Django still holds it, its event's work is not undone."""


@contextmanager
def audit_deferred():
    """Hold the block's audit events and write them together as it ends, inside the caller's transaction.

    The audit chain's lock is then taken at the end of the change rather than at its first event, so
    concurrent changes wait on each other only for the writing and the commit. Nothing is written if
    the block raises, and an event recorded inside a savepoint that is rolled back (an inner atomic
    block whose error was caught) is dropped with it, as it would have been had it been written.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise TransactionManagementError("audit_deferred() must run inside a transaction (atomic block).")
    if _deferred_events.get() is not None:
        yield
        return
    pending = []
    token = _deferred_events.set(pending)
    try:
        yield
    finally:
        _deferred_events.reset(token)
    # Django forgets the on-commit callbacks of a savepoint when it is rolled back.
    still_due = {id(callback) for _savepoints, callback, _robust in connection.run_on_commit}
    kept = [fields for fields, marker in pending if id(marker) in still_due]
    if kept:
        _write(kept)


def _write(field_sets: list[dict]) -> list[AuditEvent]:
    # No savepoint: an event that cannot be written must undo the act it records, not be skipped.
    with transaction.atomic(savepoint=False):
        events = append_events(field_sets)
        AuditAppearance.objects.bulk_create(
            AuditAppearance(event=event, person_id=person_id)
            for event in events
            for person_id in people_shown(event.details)
        )
    return events


def save_if_changed(instance, values: dict) -> list[str]:
    """Set `values`, validate, and save only if the row is new or something really changed.

    Returns the names of the fields that changed, so callers audit real changes only.
    """
    before = _field_values(instance)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    after = _field_values(instance)
    changes = sorted(name for name in after if after[name] != before.get(name))
    if instance._state.adding or changes:
        instance.save()
    return changes


def _field_values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def update_if_unchanged(instance, *, expected_version: int, values: dict):
    """Apply `values` only if the row still has `expected_version`, in one atomic UPDATE.

    Two people editing the same record: the first save wins; the second raises StaleEdit carrying
    the first person's saved version, and nothing is overwritten. `values` are validated first.
    """
    model = type(instance)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    updated = model._base_manager.filter(pk=instance.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(model._base_manager.get(pk=instance.pk))
    instance.refresh_from_db()
    return instance
