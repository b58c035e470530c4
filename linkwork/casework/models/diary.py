from django.conf import settings
from django.db import models
from django.db.models import Q


class DiaryFeed(models.Model):
    """A link worker's private calendar address. Only a hash of its secret is kept; revoking it (or
    issuing a new one) ends the old address at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_diary_feed",
            ),
        ]

    def __str__(self):
        return f"Diary feed of {self.user}"
