from django.conf import settings
from django.db import models
from django.db.models import Q

from linkwork.accounts.models import Organisation, Role
from linkwork.casework.models import Case
from linkwork.core.models import PublicIdModel
from linkwork.core.scoping import ScopedQuerySet
from linkwork.directory.models import Service

from .vocabulary import FINAL, DeclineReason, OnwardStatus


class OnwardReferralQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        """The case's provider staff see their cases' referrals; the receiving VCSE sees those sent to it."""
        if actor is None or actor.organisation_id is None:
            return self.none()
        if actor.role == Role.VCSE_COORDINATOR:
            return self.filter(organisation_id=actor.organisation_id)
        return self.filter(case__in=Case.objects.visible_to(actor))

    def waiting(self):
        return self.exclude(status__in=FINAL)


class OnwardReferral(PublicIdModel):
    """A case's referral to a community service, followed until the service reports how it went.

    Only what the person agreed to share travels with it: the NHS number and health details stay
    behind unless `share_nhs_number` / `share_health_details` say otherwise.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="onward_referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="onward_referrals")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="onward_referrals_received",
        help_text="The Linkwork organisation that keeps the service's listing and answers referrals.",
    )
    status = models.CharField(max_length=20, choices=OnwardStatus.choices, default=OnwardStatus.REQUESTED)
    status_reason = models.TextField(blank=True)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    expected_wait_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    consent_recorded_at = models.DateTimeField()
    share_nhs_number = models.BooleanField(default=False)
    share_health_details = models.BooleanField(default=False)
    summary = models.TextField(help_text="What the service needs to know, agreed with the person.")
    respond_by = models.DateField()
    sessions_attended = models.PositiveSmallIntegerField(default=0)
    outcome = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = OnwardReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="onward_inbox_idx"),
            models.Index(fields=["case", "created_at"], name="onward_case_idx"),
        ]
        constraints = [
            # One open referral of a case to a service: a double submit cannot send two.
            models.UniqueConstraint(
                fields=["case", "service"],
                condition=~Q(status__in=sorted(FINAL)),
                name="onward_one_open_per_service",
            )
        ]

    def __str__(self):
        return f"{self.service} for {self.case_id}"

    @property
    def is_final(self):
        return self.status in FINAL


class OnwardEventQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        return self.filter(referral__in=OnwardReferral.objects.visible_to(actor))


class OnwardEvent(PublicIdModel):
    """One step in a referral's history: a status change, an attended session, or a message."""

    class Kind(models.TextChoices):
        STATUS = "status", "Status"
        ATTENDANCE = "attendance", "Attendance"
        MESSAGE = "message", "Message"

    referral = models.ForeignKey(OnwardReferral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=OnwardStatus.choices, blank=True)
    text = models.TextField(blank=True)
    attended_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    objects = OnwardEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
