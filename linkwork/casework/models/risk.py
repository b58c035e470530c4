from django.conf import settings
from django.db import models

from linkwork.core.models import TimeStampedModel

from ..vocabulary import RiskKind
from .cases import Case, CaseRecordQuerySet


class RiskFlagQuerySet(CaseRecordQuerySet):
    def raised(self):
        return self.filter(cleared_at__isnull=True)


class RiskFlag(TimeStampedModel):
    """A risk or safeguarding concern shown on every page of the case until cleared with a reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_flags")
    kind = models.CharField(max_length=20, choices=RiskKind.choices)
    description = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when Linkwork raised it from the person's own answer to a questionnaire.",
    )
    raised_at = models.DateTimeField()
    escalated_to = models.TextField(blank=True, help_text="Who it was escalated to, and what they said.")
    escalated_at = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clear_reason = models.TextField(blank=True)

    objects = RiskFlagQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["case", "cleared_at"], name="riskflag_case_open_idx")]

    @property
    def raised_by_name(self):
        return self.raised_by.display_name if self.raised_by else "Linkwork, from the person's answers"
