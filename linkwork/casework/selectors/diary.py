"""The diary: booked appointments day by day, for a link worker, a team, or a private calendar feed."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from linkwork.accounts.models import Membership
from linkwork.core.context import Actor
from linkwork.core.services import audit_record

from ..models import Case, Contact, DiaryFeed
from ..services.diary import feed_token_hash
from ..vocabulary import Attendance

FEED_DAYS_BEFORE = 30
FEED_DAYS_AFTER = 365


@dataclass
class DiaryDay:
    day: datetime.date
    appointments: list


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _appointments(cases, start: datetime.date, days: int):
    """Appointments (not cancelled) of these cases in the days from `start`, soonest first: one query."""
    return (
        Contact.objects.filter(case__in=cases)
        .exclude(attendance=Attendance.CANCELLED)
        .filter(
            occurs_at__gte=_local_midnight(start),
            occurs_at__lt=_local_midnight(start + datetime.timedelta(days=days)),
        )
        .select_related("case__person", "case__link_worker")
        .order_by("occurs_at", "id")
    )


def diary_days(*, actor, workers, start: datetime.date, days: int) -> list[DiaryDay]:
    """The workers' appointments day by day (every day shown, empty ones too); the read is audited."""
    cases = Case.objects.visible_to(actor).filter(Q(link_worker__in=workers) | Q(second_worker__in=workers))
    appointments = list(_appointments(cases, start, days))
    audit_record(
        actor=actor,
        action="diary.view",
        details={
            "from": start.isoformat(),
            "days": days,
            "people": sorted({str(contact.case.person_id) for contact in appointments}),
        },
    )
    by_day = {start + datetime.timedelta(days=offset): [] for offset in range(days)}
    for contact in appointments:
        by_day[timezone.localdate(contact.occurs_at)].append(contact)
    return [DiaryDay(day, rows) for day, rows in by_day.items()]


def diary_feed_open(*, token: str):
    """The feed's owner and their booked appointments, or None for an unknown or revoked address.

    The secret is the credential: the feed acts as its owner in the organisation it was issued for, and
    only while they still work there. Each read is audited as theirs.
    """
    feed = (
        DiaryFeed.objects.filter(token_hash=feed_token_hash(token), revoked_at__isnull=True)
        .select_related("user", "organisation")
        .first()
    )
    membership = (
        Membership.objects.active().filter(user=feed.user, organisation=feed.organisation).first()
        if feed
        else None
    )
    if membership is None:
        return None
    actor = Actor(user=feed.user, organisation=feed.organisation, role=membership.role)
    today = timezone.localdate()
    cases = Case.objects.visible_to(actor).filter(status=Case.Status.OPEN).worked_by(feed.user)
    start = today - datetime.timedelta(days=FEED_DAYS_BEFORE)
    appointments = list(
        _appointments(cases, start, FEED_DAYS_BEFORE + FEED_DAYS_AFTER).filter(attendance=Attendance.BOOKED)
    )
    audit_record(
        actor=actor,
        action="diary.feed_read",
        details={"people": sorted({str(contact.case.person_id) for contact in appointments})},
    )
    return appointments


def diary_feed_live(*, actor) -> DiaryFeed | None:
    return DiaryFeed.objects.filter(
        user=actor.user, organisation_id=actor.organisation_id, revoked_at__isnull=True
    ).first()


def diary_appointment(*, actor, case_id, contact_id):
    """One appointment of a case the actor may see, or None."""
    return (
        Contact.objects.filter(case__in=Case.objects.visible_to(actor), case_id=case_id, pk=contact_id)
        .select_related("case__person", "case__provider", "case__referral")
        .first()
    )
