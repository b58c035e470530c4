from django.conf import settings
from django.db import models

from linkwork.core.models import TimeStampedModel
from linkwork.core.scoping import ScopedQuerySet

from ..vocabulary import GoalStatus
from .cases import Case, CaseRecordQuerySet


class Goal(TimeStampedModel):
    """A goal in the person's own words, linked to an assessment domain, with small steps."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(max_length=30)
    description = models.TextField()
    steps = models.TextField(blank=True)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]


class GoalProgressQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        return self.filter(goal__in=Goal.objects.visible_to(actor))


class GoalProgress(TimeStampedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    note = models.TextField()
    status = models.CharField(max_length=20, choices=GoalStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = GoalProgressQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
