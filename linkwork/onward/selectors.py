"""Reads of onward referrals, for the case's link worker and for the receiving service's inbox.

The receiving service sees the person through `ForService`: contact details, the agreed summary and
only what the person agreed to share. It never receives the Person object itself.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from linkwork.casework.selectors.caseload import NextAction
from linkwork.casework.timeline import TimelineEntry
from linkwork.core.dates import age_on
from linkwork.core.services import audit_record

from .models import OnwardEvent, OnwardReferral
from .vocabulary import OnwardStatus

INBOX_PAGE = 50


@dataclass(frozen=True)
class ForService:
    """What the receiving service may know about the person."""

    name: str
    preferred_name: str
    age: int
    phone: str
    email: str
    preferred_contact: str
    contact_times: str
    language: str
    needs_interpreter: bool
    nhs_number: str | None  # only with the person's agreement
    conditions: list | None  # only with the person's agreement
    needs_details: str | None  # only with the person's agreement


def for_service(referral: OnwardReferral) -> ForService:
    person, source = referral.case.person, referral.case.referral
    return ForService(
        name=person.full_name,
        preferred_name=person.preferred_name,
        age=age_on(person.date_of_birth, timezone.localdate()),
        phone=person.phone,
        email=person.email,
        preferred_contact=person.get_preferred_contact_method_display(),
        contact_times=person.contact_times,
        language=person.preferred_language,
        needs_interpreter=person.needs_interpreter,
        nhs_number=person.nhs_number_display if referral.share_nhs_number else None,
        conditions=list(source.conditions) if referral.share_health_details else None,
        needs_details=source.needs_details if referral.share_health_details else None,
    )


def is_overdue(referral, today=None) -> bool:
    return referral.status == OnwardStatus.REQUESTED and referral.respond_by < (today or timezone.localdate())


def case_onward_referrals(case) -> list[OnwardReferral]:
    """The case's onward referrals, newest first, with their history: two queries."""
    return list(
        OnwardReferral.objects.filter(case=case)
        .select_related("service__organisation", "organisation")
        .prefetch_related(
            Prefetch("events", queryset=OnwardEvent.objects.select_related("by", "by_organisation"))
        )
    )


def onward_referral_for_case(case, onward_id) -> OnwardReferral | None:
    return next((r for r in case_onward_referrals(case) if r.pk == onward_id), None)


def inbox(*, actor, waiting_only=False) -> list:
    """The receiving service's referrals, oldest waiting reply first; audited as a list view."""
    referrals = (
        OnwardReferral.objects.visible_to(actor)
        .select_related("service", "case__person")
        .order_by("status", "respond_by", "created_at")
    )
    if waiting_only:
        referrals = referrals.waiting()
    rows = list(referrals[:INBOX_PAGE])
    audit_record(actor=actor, action="onward.inbox", details={"referrals": [str(r.pk) for r in rows]})
    today = timezone.localdate()
    return [(referral, referral.case.person.full_name, is_overdue(referral, today)) for referral in rows]


def inbox_referral(*, actor, onward_id) -> tuple[OnwardReferral, ForService] | None:
    """One referral for the receiving service, with only what it may see; every attempt audited."""
    referral = (
        OnwardReferral.objects.visible_to(actor)
        .filter(pk=onward_id)
        .select_related("service", "case__person", "case__referral", "case__provider", "case__link_worker")
        .prefetch_related(
            Prefetch("events", queryset=OnwardEvent.objects.select_related("by", "by_organisation"))
        )
        .first()
    )
    if referral is None:
        audit_record(
            actor=actor, action="onward.view", details={"onward_referral": str(onward_id)}, denied=True
        )
        return None
    audit_record(actor=actor, action="onward.view", target=referral, person_id=referral.case.person_id)
    return referral, for_service(referral)


def overdue_for_cases(cases, today) -> dict:
    """Caseload reminders: referrals the service has not answered by their reply date, in one query."""
    actions = {}
    overdue = OnwardReferral.objects.filter(
        case__in=cases, status=OnwardStatus.REQUESTED, respond_by__lt=today
    ).select_related("service")
    for referral in overdue:
        actions.setdefault(referral.case_id, []).append(
            NextAction(
                referral.respond_by, f"No reply from {referral.service.name}: chase or refer elsewhere"
            )
        )
    return actions


def timeline_entries(case) -> list[TimelineEntry]:
    """Every status change, session and message of the case's onward referrals, in one query."""
    href = reverse("onward:case_list", kwargs={"case_id": case.pk})
    events = OnwardEvent.objects.filter(referral__case=case).select_related(
        "referral__service", "by_organisation"
    )
    entries = []
    for event in events:
        service = event.referral.service.name
        if event.kind == OnwardEvent.Kind.STATUS:
            title = f"Onward referral to {service}: {OnwardStatus(event.status).label.lower()}"
        elif event.kind == OnwardEvent.Kind.ATTENDANCE:
            title = f"Attended {service} on {event.attended_on.day} {event.attended_on:%B %Y}"
        else:
            title = f"Message about {service} from {event.by_organisation.name}"
        entries.append(
            TimelineEntry(
                at=event.created_at,
                kind="onward",
                title=title,
                detail=event.text,
                href=f"{href}#onward-{event.referral_id}",
            )
        )
    return entries


FHIR_PAGE = 100


def onward_for_export(*, actor, onward_id) -> OnwardReferral | None:
    """One referral as the actor may see it, for the FHIR Task read; every attempt audited."""
    referral = _for_export(OnwardReferral.objects.visible_to(actor).filter(pk=onward_id)).first()
    if referral is None:
        audit_record(
            actor=actor, action="onward.export", details={"onward_referral": str(onward_id)}, denied=True
        )
        return None
    audit_record(actor=actor, action="onward.export", target=referral, person_id=referral.case.person_id)
    return referral


def onward_search_for_export(*, actor, owner: str = "") -> list[OnwardReferral]:
    """The referrals the actor may see, optionally only those owned by the organisation with this
    ODS code (as Task.owner.identifier gives it)."""
    referrals = OnwardReferral.objects.visible_to(actor)
    if owner:
        referrals = referrals.filter(organisation__ods_code=owner.upper())
    rows = list(_for_export(referrals)[:FHIR_PAGE])
    audit_record(actor=actor, action="onward.export", details={"onward_referrals": [str(r.pk) for r in rows]})
    return rows


def _for_export(referrals):
    return referrals.select_related("service", "organisation", "case__person", "case__provider").order_by(
        "-created_at"
    )
