from django.conf import settings
from django.db import models

from linkwork.core.models import TimeStampedModel

from ..vocabulary import Attendance, ContactMode, ContactPlace
from .cases import Case, CaseRecordQuerySet


class ContactQuerySet(CaseRecordQuerySet):
    def sessions(self):
        """Contacts that count towards the scheme's session limit."""
        return self.filter(attendance=Attendance.ATTENDED)


class Contact(TimeStampedModel):
    """A contact or appointment with the person; booked ones are marked attended or not later."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    occurs_at = models.DateTimeField()
    mode = models.CharField(max_length=16, choices=ContactMode.choices)
    place = models.CharField(max_length=20, choices=ContactPlace.choices)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    attendance = models.CharField(max_length=16, choices=Attendance.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["occurs_at", "id"]
        indexes = [models.Index(fields=["case", "occurs_at"], name="contact_case_time_idx")]
