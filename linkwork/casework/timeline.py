"""The case timeline: every feature contributes entries; the case page merges them by time."""

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str  # the feature it came from, e.g. "contact", "goal", "risk"
    title: str
    detail: str = ""
    href: str = ""


def as_datetime(day: datetime.date) -> datetime.datetime:
    """A date-only event placed at midday local time, so it sorts sensibly among timed ones."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
