"""Named batches of cases brought in from a service's history, so a report can be restricted to one."""

from django.db import models
from django.utils import timezone

from linkwork.accounts.models import Organisation
from linkwork.schemes.models import Scheme

from .cases import Case

BATCH_NAME_LENGTH = 120


class ImportBatch(models.Model):
    """One run of `import_history` under a name: the cases it brought in, for one scheme and provider.

    Running the same file again under the same name adds nothing (its records are skipped) and
    reuses the batch; cases stay in the batch they first came in with.
    """

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="import_batches")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="import_batches")
    name = models.CharField(max_length=BATCH_NAME_LENGTH)
    imported_at = models.DateTimeField(default=timezone.now)
    cases = models.ManyToManyField(Case, related_name="import_batches", blank=True)

    class Meta:
        ordering = ["-imported_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "provider", "name"], name="import_batch_name_once"),
        ]

    def __str__(self):
        return self.name
