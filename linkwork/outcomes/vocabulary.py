"""Coded lists for outcome measures, in Linkwork's own words."""

from django.db import models

from linkwork.casework.vocabulary import TimePoint


class MeasureStatus(models.TextChoices):
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "The person chose not to answer"
    SKIPPED = "skipped", "Not asked"


class CompletedBy(models.TextChoices):
    IN_SESSION = "in_session", "With the link worker"
    PAPER = "paper", "Entered from a paper form"
    SECURE_LINK = "secure_link", "By the person, through a secure link"


class Verdict(models.TextChoices):
    IMPROVED = "improved", "Improved"
    NO_RELIABLE_CHANGE = "no_reliable_change", "No reliable change"
    WORSE = "worse", "Worse"
    NOT_JUDGED = "not_judged", "Changed, with no published threshold to judge it"


def occasion_label(time_point: str, occasion: int) -> str:
    """ "Start of support", "Review 2", "End of support"."""
    if time_point == TimePoint.REVIEW:
        return f"Review {occasion}"
    return TimePoint(time_point).label
