import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(TimeStampedModel):
    """Records reached by URL carry a random UUID so ids reveal nothing and cannot be guessed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def about(self, person_ids):
        """Events about these people: by `person_id`, or a list or search that showed them.

        Two index lookups joined by UNION, so the cost follows the people's history, not the trail.
        """
        direct = self.model.objects.filter(person_id__in=person_ids).order_by().values("pk")
        shown = AuditAppearance.objects.filter(person_id__in=person_ids).values("event_id")
        return self.filter(pk__in=direct.union(shown))


class AuditEvent(models.Model):
    """One read or change of protected data, written in the same transaction as the act itself."""

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", "Allowed"
        DENIED = "denied", "Denied"

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=32)
    action = models.CharField(max_length=64)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.ALLOWED)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # No foreign key: the trail must outlive the person's record after erasure.
    person_id = models.UUIDField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # Where the request came from, through the trusted proxies (core/client_address.py); "" outside one.
    client_address = models.CharField(max_length=64, blank=True, default="", db_default="")
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    # The hash chain (core/audit_chain.py): tamper evidence that `verify_audit` checks.
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["person_id", "-occurred_at"], name="audit_person_idx"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_idx"),
        ]
        # Two events claiming the same predecessor would fork the chain.
        constraints = [models.UniqueConstraint(fields=["previous_hash"], name="audit_chain_linear")]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.outcome}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")


def people_shown(details) -> list[uuid.UUID]:
    """The people a list or search showed, as it named them in `details["people"]`, each once."""
    return sorted({uuid.UUID(str(person_id)) for person_id in details.get("people", ())})


class AuditAppearanceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit appearances cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit appearances cannot be deleted.")


class AuditAppearance(models.Model):
    """A person shown by a list or search event: `people_shown(event.details)`, one row each.

    Derived from the sealed event and written in its transaction, so "who has seen this person"
    is an index lookup rather than a text match over every event's details (ADR 0011).
    """

    pk = models.CompositePrimaryKey("person_id", "event")
    person_id = models.UUIDField()
    # Events are never deleted, so the key needs no index of its own.
    event = models.ForeignKey(
        AuditEvent, on_delete=models.PROTECT, related_name="appearances", db_index=False
    )

    objects = AuditAppearanceQuerySet.as_manager()

    def __str__(self):
        return f"{self.person_id} in audit event {self.event_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit appearances cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit appearances cannot be deleted.")
