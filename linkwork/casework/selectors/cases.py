"""Opening a case: the case, its risk banner and its limits, in a fixed number of queries; audited."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from linkwork.core.services import audit_record
from linkwork.people.extensions import PersonLink
from linkwork.referrals.models import ContactAttempt
from linkwork.schemes.vocabulary import TRIAGE_LEVELS

from .. import rules
from ..extensions import extra_timeline_entries
from ..limits import WEEKS_WARNING, attended_sessions, session_limit
from ..models import Assessment, Case, Contact, Goal, RiskFlag
from ..timeline import TimelineEntry
from ..vocabulary import Attendance, TimePoint
from . import assessments, goals, risk, team


@dataclass
class CaseHeader:
    """What every page of a case shows at the top."""

    case: Case
    open_flags: list
    sessions_attended: int
    weeks_open: int
    can_record: bool
    warnings: list = field(default_factory=list)

    @property
    def scheme(self):
        return self.case.referral.scheme

    @property
    def triage_label(self) -> str:
        level = self.case.referral.triage_level
        return TRIAGE_LEVELS.get(level, "Not triaged") if level else "Not triaged"


def case_open(*, actor, case_id) -> CaseHeader | None:
    """The case as the actor may see it, or None; every attempt is audited."""
    case = (
        Case.objects.visible_to(actor)
        .filter(pk=case_id)
        .select_related(
            "person",
            "link_worker",
            "second_worker",
            "provider",
            "referral__scheme",
            "referral__triaged_by",
        )
        .annotate(sessions_attended=attended_sessions())
        .first()
    )
    if case is None:
        audit_record(actor=actor, action="case.view", details={"case": str(case_id)}, denied=True)
        return None
    audit_record(actor=actor, action="case.view", target=case, person_id=case.person_id)
    header = CaseHeader(
        case=case,
        open_flags=list(RiskFlag.objects.filter(case=case).raised().select_related("raised_by")),
        sessions_attended=case.sessions_attended,
        weeks_open=((case.closed_at or timezone.now()) - case.opened_at).days // 7,
        can_record=rules.can_record_on(actor, case) and case.is_open,
    )
    header.warnings = limit_warnings(header)
    return header


def limit_warnings(header: CaseHeader) -> list[str]:
    """The scheme's session and time limits, as plain warnings for the link worker."""
    scheme, case, warnings = header.scheme, header.case, []
    sessions = session_limit(case, header.sessions_attended)
    if sessions.near:
        warnings.append(f"{sessions.text}.")
    if scheme.duration_cap_weeks:
        weeks, cap = header.weeks_open, scheme.duration_cap_weeks
        if weeks >= cap:
            warnings.append(f"Open {weeks} weeks: past the scheme's limit of {cap} weeks.")
        elif weeks >= cap - WEEKS_WARNING:
            warnings.append(f"Open {weeks} weeks: the scheme's limit is {cap} weeks.")
    if warnings and case.extension_reason:
        warnings.append(f"Extended: {case.extension_reason}")
    return warnings


def case_timeline(case) -> list:
    """Everything that happened on the case, newest first: one query per kind of record."""
    referral = case.referral
    entries = [
        TimelineEntry(referral.created_at, "referral", "Referral received", referral.needs_details),
        TimelineEntry(case.opened_at, "referral", "Accepted support: case opened"),
    ]
    if referral.triaged_at:
        level = TRIAGE_LEVELS.get(referral.triage_level, referral.triage_level)
        entries.append(
            TimelineEntry(referral.triaged_at, "referral", f"Triaged: {level}", referral.triage_note)
        )
    entries += [
        TimelineEntry(
            attempt.attempted_at,
            "contact_attempt",
            f"Contact attempt: {attempt.get_method_display().lower()}, {attempt.get_outcome_display().lower()}",
            attempt.note,
        )
        for attempt in ContactAttempt.objects.filter(referral=referral)
    ]
    contacts = Contact.objects.filter(case=case)
    entries += [
        TimelineEntry(
            contact.occurs_at,
            "contact",
            f"{contact.get_mode_display()}: {contact.get_attendance_display().lower()}",
            contact.note,
        )
        for contact in contacts
    ]
    for feature in (assessments, goals, risk, team):
        entries += feature.timeline_entries(case)
    entries += extra_timeline_entries(case)
    if case.closed_at:
        entries.append(
            TimelineEntry(
                case.closed_at,
                "discharge",
                f"Discharged: {case.get_discharge_reason_display()}",
                case.discharge_summary,
            )
        )
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def booked_contacts(case) -> list:
    return list(Contact.objects.filter(case=case, attendance=Attendance.BOOKED).order_by("occurs_at"))


def contact_get(*, case, contact_id):
    return Contact.objects.filter(case=case, pk=contact_id).first()


def other_cases(*, actor, case) -> list:
    """The person's earlier and later cases the actor may see, so a re-referral shows the history."""
    return list(
        Case.objects.visible_to(actor)
        .filter(person_id=case.person_id)
        .exclude(pk=case.pk)
        .select_related("referral__scheme")
        .order_by("-opened_at")
    )


def has_exit_assessment(*, case) -> bool:
    return Assessment.objects.filter(case=case, time_point=TimePoint.EXIT).exists()


def person_case_links(actor, person):
    """The person's cases the actor may see, for the person's page (one query)."""
    cases = (
        Case.objects.visible_to(actor)
        .filter(person=person)
        .select_related("referral__scheme")
        .order_by("-opened_at")
    )
    return "Cases", [
        PersonLink(
            case.referral.scheme.name,
            reverse("casework:case", kwargs={"case_id": case.pk}),
            when=case.opened_at,
            when_word="opened",
            detail=case.get_status_display(),
        )
        for case in cases
    ]


def case_goals(*, case) -> list:
    """The case's goals, oldest first, for the discharge page to ask where each ended."""
    return list(Goal.objects.filter(case=case).order_by("created_at", "id"))
