"""Reading who works a case, its handovers and supervision, and the team's dependency signals."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Membership, Role, User
from linkwork.core.context import Actor
from linkwork.core.services import audit_record

from ..limits import session_limit
from ..models import Case, Handover, SupervisionNote
from ..services.team import can_supervise
from ..timeline import TimelineEntry
from ..vocabulary import Attendance, HandoverKind

RECENT_WEEKS = 4
RECENT_CONTACTS_LIMIT = 6  # more contacts than this in the last four weeks is a signal
DEFAULT_DURATION_WEEKS = 26  # where the scheme sets no time limit
DAYS_PER_MONTH = 365.25 / 12


def handovers(case: Case) -> list[Handover]:
    return list(
        Handover.objects.filter(case=case)
        .select_related("from_worker", "to_worker", "by")
        .order_by("-created_at", "-id")
    )


def handover_candidates(case: Case) -> list[User]:
    """Active link workers of the case's provider, who may take it over or work alongside."""
    memberships = (
        Membership.objects.active()
        .filter(organisation_id=case.provider_id, role=Role.LINK_WORKER)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    return [membership.user for membership in memberships]


def supervision_notes(*, actor: Actor, case: Case) -> list[SupervisionNote]:
    """Team leads see every note on the case; a link worker sees the notes of their own supervision."""
    notes = SupervisionNote.objects.filter(case=case).select_related("link_worker", "by")
    if not can_supervise(actor, case):
        notes = notes.filter(link_worker=actor.user)
    return list(notes.order_by("-created_at", "-id"))


def supervision_note(*, actor: Actor, case: Case, note_id: int) -> SupervisionNote | None:
    """One supervision note of this case for a team lead to edit, or None."""
    if not can_supervise(actor, case):
        return None
    return (
        SupervisionNote.objects.filter(case=case, pk=note_id)
        .select_related("case", "link_worker", "by")
        .first()
    )


_HANDOVER_TITLES = {
    HandoverKind.TRANSFER: "Handed over to {to}",
    HandoverKind.SECOND_WORKER: "{to} added as second worker",
    HandoverKind.SECOND_WORKER_REMOVED: "{from_} removed as second worker",
}


def handover_title(handover: Handover) -> str:
    return _HANDOVER_TITLES[handover.kind].format(
        to=getattr(handover.to_worker, "display_name", ""),
        from_=getattr(handover.from_worker, "display_name", ""),
    )


def timeline_entries(case: Case) -> list[TimelineEntry]:
    """Handovers for the case timeline (supervision is for the team, not the case's story)."""
    href = reverse("casework:team", kwargs={"case_id": case.pk})
    return [
        TimelineEntry(
            at=handover.created_at,
            kind="handover",
            title=handover_title(handover),
            detail=handover.note,
            href=href,
        )
        for handover in handovers(case)
    ]


@dataclass
class DependencyRow:
    case: Case
    weeks_open: int
    duration_cap: int
    contacts: int
    recent_contacts: int
    contacts_per_month: float
    sessions: int
    session_cap: int | None
    last_contact: datetime.datetime | None
    signals: list[str] = field(default_factory=list)


def dependency_signals(*, actor: Actor) -> list[DependencyRow]:
    """The team's open cases with how often and how long each is supported, in one query; audited."""
    now = timezone.now()
    happened = Q(
        contacts__attendance__in=[Attendance.ATTENDED, Attendance.DID_NOT_ATTEND],
        contacts__occurs_at__lte=now,
    )
    recent = happened & Q(contacts__occurs_at__gte=now - datetime.timedelta(weeks=RECENT_WEEKS))
    cases = (
        Case.objects.visible_to(actor)
        .open()
        .select_related("person", "link_worker", "second_worker", "referral__scheme")
        .annotate(
            contact_count=Count("contacts", filter=happened),
            recent_contact_count=Count("contacts", filter=recent),
            session_count=Count("contacts", filter=Q(contacts__attendance=Attendance.ATTENDED)),
            last_contact_at=Max("contacts__occurs_at", filter=happened),
        )
        .order_by("opened_at", "id")
    )
    rows = [_row(case, now) for case in cases]
    rows.sort(key=lambda row: (not row.signals, -row.weeks_open))
    audit_record(
        actor=actor, action="case.dependency_list", details={"cases": [str(row.case.pk) for row in rows]}
    )
    return rows


def _row(case: Case, now: datetime.datetime) -> DependencyRow:
    scheme = case.referral.scheme
    days_open = (now - case.opened_at).days
    row = DependencyRow(
        case=case,
        weeks_open=days_open // 7,
        duration_cap=scheme.duration_cap_weeks or DEFAULT_DURATION_WEEKS,
        contacts=case.contact_count,
        recent_contacts=case.recent_contact_count,
        # At least one month, so a new case with two contacts is not shown as ten a month.
        contacts_per_month=round(case.contact_count / max(days_open / DAYS_PER_MONTH, 1), 1),
        sessions=case.session_count,
        session_cap=scheme.session_cap,
        last_contact=case.last_contact_at,
    )
    if row.recent_contacts > RECENT_CONTACTS_LIMIT:
        row.signals.append(f"{row.recent_contacts} contacts in the last {RECENT_WEEKS} weeks")
    if row.weeks_open > row.duration_cap:
        row.signals.append(f"Open longer than {row.duration_cap} weeks")
    sessions = session_limit(case, row.sessions)
    if sessions.reached:
        row.signals.append(sessions.text)
    return row
