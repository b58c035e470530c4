"""The audit service: the one way to record who read or changed protected data."""

from django.db import transaction

from .context import Actor, current_request_id
from .models import AuditEvent


def _object_reference(target):
    if target is None:
        return "", ""
    meta = target._meta
    return f"{meta.app_label}.{meta.model_name}", str(target.pk)


def audit_record(
    *,
    actor: Actor,
    action: str,
    target=None,
    person_id=None,
    denied: bool = False,
    reason: str = "",
    details: dict | None = None,
) -> AuditEvent:
    """Write one audit event inside the caller's transaction (or its own if there is none)."""
    object_type, object_id = _object_reference(target)
    user = actor.user
    with transaction.atomic():
        return AuditEvent.objects.create(
            actor=user,
            actor_label=user.get_username() if user is not None else "system",
            organisation=actor.organisation,
            role=actor.role,
            action=action,
            outcome=AuditEvent.Outcome.DENIED if denied else AuditEvent.Outcome.ALLOWED,
            object_type=object_type,
            object_id=object_id,
            person_id=person_id,
            request_id=current_request_id(),
            reason=reason,
            details=details or {},
        )


def field_changes(instance, before: dict) -> dict:
    """The concrete fields whose values differ from `before` (a snapshot from `field_values`)."""
    after = field_values(instance)
    return {name: after[name] for name in after if after[name] != before.get(name)}


def field_values(instance) -> dict:
    """A comparable snapshot of a model instance's concrete field values."""
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
