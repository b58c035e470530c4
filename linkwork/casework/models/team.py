from django.conf import settings
from django.db import models

from linkwork.core.models import TimeStampedModel

from ..vocabulary import HandoverKind
from .cases import Case, CaseRecordQuerySet


class Handover(TimeStampedModel):
    """A transfer to another link worker, or a second worker added or removed, with a note."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    kind = models.CharField(max_length=24, choices=HandoverKind.choices)
    from_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]


class SupervisionNote(TimeStampedModel):
    """A team lead's supervision note about a case, discussed with its link worker."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supervision_notes")
    link_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
