from django.conf import settings
from django.db import models

from linkwork.accounts.models import Organisation
from linkwork.core.models import PublicIdModel
from linkwork.core.scoping import ScopedQuerySet
from linkwork.people.models import Person
from linkwork.referrals.models import Referral


class CaseQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        return self.filter(person__in=Person.objects.visible_to(actor), provider_id=actor.organisation_id)


class Case(PublicIdModel):
    """An episode of support: one per accepted referral. Re-referral opens a new case."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    link_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "id"]

    def __str__(self):
        return f"Case for {self.person}"
