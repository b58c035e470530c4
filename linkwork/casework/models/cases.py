from django.conf import settings
from django.db import models
from django.db.models import Q

from linkwork.accounts.models import Organisation, Role
from linkwork.core.models import PublicIdModel
from linkwork.core.scoping import ScopedQuerySet
from linkwork.people.models import Person
from linkwork.referrals.models import Referral

from ..vocabulary import DischargeReason

CASE_ROLES = frozenset({Role.LINK_WORKER, Role.TEAM_LEAD})


class CaseQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        """Cases of the actor's provider, for its link workers and team leads only."""
        if actor is None or actor.role not in CASE_ROLES:
            return self.none()
        return self.filter(provider_id=actor.organisation_id, person__in=Person.objects.visible_to(actor))

    def open(self):
        return self.filter(status=Case.Status.OPEN)

    def worked_by(self, user):
        return self.filter(Q(link_worker=user) | Q(second_worker=user))


class Case(PublicIdModel):
    """An episode of support: one per accepted referral. Re-referral opens a new case."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    link_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    second_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="second_cases"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    what_matters = models.TextField(blank=True, help_text="What matters to the person, in their own words.")
    # Support past the scheme's session or time limit needs a recorded reason (link-worker discretion).
    extension_reason = models.TextField(blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=20, choices=DischargeReason.choices, blank=True)
    discharge_summary = models.TextField(blank=True)
    # Incremented on every edit of the case's own text, so a stale edit is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "id"]
        indexes = [
            models.Index(fields=["provider", "status", "opened_at"], name="case_provider_status_idx"),
            models.Index(fields=["link_worker", "status", "opened_at"], name="case_worker_status_idx"),
        ]

    def __str__(self):
        return f"Case for {self.person}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class CaseRecordQuerySet(ScopedQuerySet):
    """Anything recorded on a case is visible exactly when the case is."""

    def visible_to(self, actor):
        return self.filter(case__in=Case.objects.visible_to(actor))
