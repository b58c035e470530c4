from django.conf import settings
from django.db import models

from linkwork.core.models import TimeStampedModel

from ..vocabulary import TimePoint
from .cases import Case, CaseRecordQuerySet


class Assessment(TimeStampedModel):
    """A holistic assessment: each of the eight domains scored 1 to 5, at the start, reviews and the end."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    time_point = models.CharField(max_length=10, choices=TimePoint.choices)
    scores = models.JSONField(help_text="Domain code to score, 1 to 5, for all eight domains.")
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["assessed_on", "id"]
        indexes = [models.Index(fields=["case", "assessed_on"], name="assessment_case_date_idx")]
