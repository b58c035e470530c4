"""Scheduled jobs, run by `manage.py run_scheduled_jobs` (docs/messaging.md gives the cron line).

Every job is idempotent: each message's dedupe_key names the job, the object and the due date, so
running a job twice, or every few minutes, sends nothing twice. Jobs read other apps' models and
their pure selector functions; they run as the system, over every organisation.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Membership, Organisation, Role
from linkwork.casework.limits import WEEKS_WARNING, attended_sessions, session_limit
from linkwork.casework.models import Case, Contact
from linkwork.casework.retention import retention_apply
from linkwork.casework.selectors.assessments import next_review_due
from linkwork.casework.selectors.caseload import NO_CONTACT_WEEKS
from linkwork.casework.vocabulary import Attendance
from linkwork.core.context import Actor
from linkwork.directory import vocabulary as directory_vocabulary
from linkwork.directory.models import Service
from linkwork.onward.models import OnwardReferral
from linkwork.onward.vocabulary import OnwardStatus

from . import delivery, wording
from .handlers import appointment_message
from .notices import staff_notice

REVIEW_NOTICE_DAYS = 7


@dataclass
class JobResult:
    name: str
    queued: int = 0
    notes: list = field(default_factory=list)


def _open_cases():
    return Case.objects.filter(status=Case.Status.OPEN).select_related(
        "person", "link_worker", "provider", "referral__scheme"
    )


def reviews_due(today):
    result = JobResult("reviews_due")
    for case in _open_cases().annotate(latest_assessed_on=Max("assessments__assessed_on")).iterator():
        due = next_review_due(case, case.latest_assessed_on)
        if due is None or due > today + datetime.timedelta(days=REVIEW_NOTICE_DAYS):
            continue
        result.queued += staff_notice(
            "review_due",
            user=case.link_worker,
            person=case.person,
            dedupe_key=f"review_due:{case.pk}:{due.isoformat()}",
            href=reverse("casework:assessments", kwargs={"case_id": case.pk}),
            person_name=case.person.full_name,
            due=due,
        )
    return result


def no_contact(today):
    weeks = NO_CONTACT_WEEKS  # the caseload's own "no contact" rule, so the two never disagree
    result = JobResult("no_contact")
    booked = Contact.objects.filter(
        case=OuterRef("pk"), attendance=Attendance.BOOKED, occurs_at__gte=timezone.now()
    )
    cases = (
        _open_cases()
        .annotate(
            last_attended=Max("contacts__occurs_at", filter=Q(contacts__attendance=Attendance.ATTENDED))
        )
        .filter(~Exists(booked), last_attended__isnull=False)
    )
    for case in cases.iterator():
        last = timezone.localdate(case.last_attended)
        if (today - last).days < weeks * 7:
            continue
        result.queued += staff_notice(
            "no_contact",
            user=case.link_worker,
            person=case.person,
            dedupe_key=f"no_contact:{case.pk}:{last.isoformat()}",
            href=reverse("casework:case", kwargs={"case_id": case.pk}),
            person_name=case.person.full_name,
            weeks=(today - last).days // 7,
            last=last,
        )
    return result


def limits_approaching(today):
    """Session or time limits near (one session left; within WEEKS_WARNING weeks), not yet extended."""
    result = JobResult("limits_approaching")
    cases = _open_cases().filter(extension_reason="").annotate(attended=attended_sessions())
    for case in cases.iterator():
        scheme = case.referral.scheme
        notices = []
        sessions = session_limit(case, case.attended)
        if sessions.needs_action:
            notices.append((sessions.text, f"sessions:{case.attended}"))
        if scheme.duration_cap_weeks:
            ends = timezone.localdate(case.opened_at) + datetime.timedelta(weeks=scheme.duration_cap_weeks)
            if today >= ends - datetime.timedelta(weeks=WEEKS_WARNING):
                notices.append(
                    (f"{scheme.duration_cap_weeks} weeks end on {wording.london_date(ends)}", f"weeks:{ends}")
                )
        for limit, due in notices:
            result.queued += staff_notice(
                "limit_approaching",
                user=case.link_worker,
                person=case.person,
                dedupe_key=f"limit_approaching:{case.pk}:{due}",
                href=reverse("casework:case", kwargs={"case_id": case.pk}),
                person_name=case.person.full_name,
                limit=limit,
            )
    return result


def onward_replies_overdue(today):
    result = JobResult("onward_replies_overdue")
    overdue = OnwardReferral.objects.filter(
        status=OnwardStatus.REQUESTED, respond_by__lt=today
    ).select_related("case__person", "case__link_worker", "service")
    for onward in overdue.iterator():
        result.queued += staff_notice(
            "onward_no_reply",
            user=onward.case.link_worker,
            person=onward.case.person,
            dedupe_key=f"onward_no_reply:{onward.pk}:{onward.respond_by.isoformat()}",
            href=reverse("onward:case_list", kwargs={"case_id": onward.case_id}),
            person_name=onward.case.person.full_name,
            service=onward.service.name,
            respond_by=onward.respond_by,
        )
    return result


def listings_due_for_verification(today):
    result = JobResult("listings_due_for_verification")
    stale_before = today - datetime.timedelta(days=directory_vocabulary.STALE_AFTER_DAYS)
    services = (
        Service.objects.listed()
        .filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=stale_before))
        .filter(organisation__owner__isnull=False)
        .select_related("organisation")
    )
    coordinators = {}
    for membership in Membership.objects.active().filter(role=Role.VCSE_COORDINATOR).select_related("user"):
        coordinators.setdefault(membership.organisation_id, []).append(membership.user)
    for service in services.iterator():
        checked = service.last_verified_on.isoformat() if service.last_verified_on else "never"
        for user in coordinators.get(service.organisation.owner_id, []):
            result.queued += staff_notice(
                "listing_verification_due",
                user=user,
                dedupe_key=f"listing_verification_due:{service.pk}:{user.pk}:{checked}",
                href=reverse("my_services:list"),
                service=service.name,
                last_checked=service.last_verified_on,
            )
    return result


def retention(today):
    """Anonymise the people past their schemes' retention period (casework/retention.py, ADR 0010) and
    tell administrators how many, once a day. Running it again finds nobody left to anonymise."""
    result = JobResult("retention")
    counts = retention_apply(by=Actor.system(), today=today)
    anonymised = counts.get("people", 0)
    result.notes = [f"{name}: {count}" for name, count in sorted(counts.items())]
    if not anonymised:
        return result
    administrators = Membership.objects.active().filter(
        role=Role.ADMINISTRATOR, organisation__kind=Organisation.Kind.HOST
    )
    for membership in administrators.select_related("user"):
        result.queued += staff_notice(
            "retention_applied",
            user=membership.user,
            dedupe_key=f"retention_applied:{membership.user_id}:{today:%Y-%m-%d}",
            total=anonymised,
        )
    return result


def appointment_reminders(today):
    """A reminder the day before each booked appointment, by the person's chosen method."""
    result = JobResult("appointment_reminders")
    tomorrow = today + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=wording.LONDON)
    end = start + datetime.timedelta(days=1)
    contacts = Contact.objects.filter(
        attendance=Attendance.BOOKED, occurs_at__gte=start, occurs_at__lt=end, case__status=Case.Status.OPEN
    ).select_related("case__person", "case__referral", "case__link_worker", "case__provider")
    for contact in contacts.iterator():
        key = f"appointment_reminder:{contact.pk}:{contact.occurs_at.isoformat()}"
        message = appointment_message("appointment_reminder", contact, key)
        result.queued += bool(message is not None and message.just_created)
    return result


def outbox_sweep(today):
    counts = delivery.sweep()
    return JobResult("outbox_sweep", notes=[f"{name}: {count}" for name, count in counts.items()])


JOBS = {
    job.__name__: job
    for job in (
        outbox_sweep,
        appointment_reminders,
        reviews_due,
        no_contact,
        limits_approaching,
        onward_replies_overdue,
        listings_due_for_verification,
        retention,
    )
}


def run_jobs(*, only=None, today=None) -> list[JobResult]:
    today = today or timezone.localdate()
    results = []
    for name, job in JOBS.items():
        if only and name not in only:
            continue
        if job is retention:
            # Retention commits batch by batch, so one long transaction does not hold its locks.
            results.append(job(today))
            continue
        with transaction.atomic():
            results.append(job(today))
    return results
