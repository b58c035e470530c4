import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from linkwork.core.scoping import ScopedQuerySet
from linkwork.people.models import Person


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    IN_APP = "in_app", "In Linkwork"
    FHIR = "fhir", "FHIR message"


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    UNCERTAIN = "uncertain", "Not known if sent"
    CANCELLED = "cancelled", "Cancelled"


class OutboxMessageQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        """Messages about a person the actor's organisation may see, or addressed to the actor about nobody."""
        if actor is None or actor.user is None:
            return self.none()
        return self.filter(
            Q(person__in=Person.objects.visible_to(actor)) | Q(person__isnull=True, recipient_user=actor.user)
        )

    def needing_attention(self):
        return self.filter(status__in=[Status.FAILED, Status.UNCERTAIN])

    def for_administration(self):
        """Every message, without its words or address: what an administrator may see."""
        return self.only(
            "id",
            "kind",
            "channel",
            "status",
            "attempts",
            "next_attempt_at",
            "last_error",
            "provider_reference",
            "sent_at",
            "created_at",
            "recipient_organisation",
        )


class ContactOptOutQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        return self.filter(person__in=Person.objects.visible_to(actor))


class OutboxMessage(models.Model):
    """One outgoing message, written in the same transaction as the change that causes it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The same key twice means the same message: the second enqueue returns the first row.
    dedupe_key = models.CharField(max_length=255, unique=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_address = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When a worker claimed the row; a row still "sending" long after this is "uncertain".
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    provider_reference = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_due_idx"),
            models.Index(
                fields=["recipient_user", "-created_at"],
                name="outbox_unread_idx",
                condition=Q(channel="in_app", read_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_channel_display()}, {self.get_status_display()})"

    def get_kind_display(self):
        return self.kind.replace("_", " ").capitalize()


class ContactOptOut(models.Model):
    """The person asked not to receive automatic messages (reminders, links) by a channel.

    People have no opt-out field of their own, so the messaging app keeps it. Staff still contact
    the person by hand; only automatic messages stop.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ContactOptOutQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "channel"], name="one_opt_out_per_channel"),
        ]

    def __str__(self):
        return f"No automatic {self.get_channel_display().lower()}s"
