from django.conf import settings
from django.db import models

from linkwork.core.models import TimeStampedModel

from ..vocabulary import SupportCategory
from .cases import Case, CaseRecordQuerySet


class DirectSupport(TimeStampedModel):
    """Help the link worker gave directly (a benefits form, a housing application), and how long it took."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="direct_support")
    provided_on = models.DateField()
    category = models.CharField(max_length=20, choices=SupportCategory.choices)
    minutes = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["provided_on", "id"]
