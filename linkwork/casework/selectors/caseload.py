"""The caseload: open cases with the next thing to do, a fixed number of queries per page."""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from linkwork.accounts.models import Membership, Role
from linkwork.core.services import audit_record
from linkwork.referrals.caseload import NO_CASES, caseloads

from ..extensions import extra_next_actions
from ..limits import attended_sessions, session_limit
from ..models import Assessment, Case, Contact, Goal, RiskFlag
from ..vocabulary import OPEN_GOAL_STATUSES, Attendance
from .assessments import next_review_due

PAGE_SIZE = 25
NO_CONTACT_WEEKS = 4


@dataclass(frozen=True)
class NextAction:
    due: datetime.date
    text: str


def _first(queryset, field):
    return Subquery(queryset.values(field)[:1])


def _annotated(cases):
    contacts = Contact.objects.filter(case=OuterRef("pk"))
    return cases.select_related("person", "referral__scheme", "link_worker").annotate(
        sessions_attended=attended_sessions(),
        last_attended=_first(
            contacts.filter(attendance=Attendance.ATTENDED).order_by("-occurs_at"), "occurs_at"
        ),
        next_booked=_first(
            contacts.filter(attendance=Attendance.BOOKED, occurs_at__gte=timezone.now()).order_by(
                "occurs_at"
            ),
            "occurs_at",
        ),
        any_contact=Exists(contacts),
        latest_assessed_on=_first(
            Assessment.objects.filter(case=OuterRef("pk")).order_by("-assessed_on"), "assessed_on"
        ),
        nearest_goal_target=_first(
            Goal.objects.filter(
                case=OuterRef("pk"), status__in=OPEN_GOAL_STATUSES, target_date__isnull=False
            ).order_by("target_date"),
            "target_date",
        ),
        flagged=Exists(RiskFlag.objects.filter(case=OuterRef("pk"), cleared_at__isnull=True)),
    )


def next_actions(case, today, extra=()) -> list[NextAction]:
    """What the link worker should do next for this case, soonest first; `extra` from other apps."""
    actions = list(extra)
    opened = timezone.localdate(case.opened_at)
    if not case.any_contact:
        actions.append(NextAction(opened, "Book the first appointment"))
    elif case.next_booked:
        local = timezone.localtime(case.next_booked)
        actions.append(NextAction(local.date(), f"Appointment {local:%-d %b at %H:%M}"))
    if case.latest_assessed_on is None:
        actions.append(
            NextAction(opened + datetime.timedelta(weeks=2), "Record the first holistic assessment")
        )
    else:
        due = next_review_due(case, case.latest_assessed_on)
        if due is not None:
            actions.append(NextAction(due, "Review due"))
    if case.nearest_goal_target:
        actions.append(NextAction(case.nearest_goal_target, "Goal target date"))
    if case.last_attended and case.next_booked is None:
        last = timezone.localdate(case.last_attended)
        weeks = (today - last).days // 7
        if weeks >= NO_CONTACT_WEEKS:
            actions.append(NextAction(today, f"No contact for {weeks} weeks"))
    sessions = session_limit(case, case.sessions_attended)
    if sessions.needs_action:
        actions.append(NextAction(today, sessions.text))
    return sorted(actions, key=lambda action: action.due)


@dataclass
class CaseloadPage:
    rows: list
    next_after: str | None
    worker: object


def caseload_cursor_parse(value):
    """A page's `after` cursor as `caseload_page` writes it ("<opened_at iso>_<case uuid>"), or None
    if absent or malformed."""
    if not value or "_" not in value:
        return None
    opened, _, case_id = value.rpartition("_")
    try:
        parsed = parse_datetime(opened)
        return (parsed, uuid.UUID(case_id)) if isinstance(parsed, datetime.datetime) else None
    except ValueError:
        return None


def caseload_page(*, actor, worker, status="open", flagged_only=False, after=None) -> CaseloadPage:
    """One page of a worker's cases, oldest first, with keyset pagination (`after` = "<iso time>_<uuid>")."""
    cases = Case.objects.visible_to(actor).worked_by(worker).filter(status=status)
    if flagged_only:
        cases = cases.filter(Exists(RiskFlag.objects.filter(case=OuterRef("pk"), cleared_at__isnull=True)))
    if after:
        opened_at, case_id = after
        # The first condition alone is the cursor; the second lets the index seek straight to it.
        cases = cases.filter(Q(opened_at__gt=opened_at) | Q(opened_at=opened_at, pk__gt=case_id))
        cases = cases.filter(opened_at__gte=opened_at)
    # The page is chosen on the case rows alone; the joins and per-case subqueries run for its rows only.
    page = cases.order_by("opened_at", "pk").values("pk")[: PAGE_SIZE + 1]
    rows = list(_annotated(Case.objects.filter(pk__in=page)).order_by("opened_at", "pk"))
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    today = timezone.localdate()
    extra = extra_next_actions(rows, today)
    for case in rows:
        case.next_actions = next_actions(case, today, extra.get(case.pk, ()))
    audit_record(
        actor=actor,
        action="case.list",
        details={
            "cases": [str(case.pk) for case in rows],
            "people": [str(case.person_id) for case in rows],
        },
    )
    cursor = f"{rows[-1].opened_at.isoformat()}_{rows[-1].pk}" if more else None
    return CaseloadPage(rows=rows, next_after=cursor, worker=worker)


def team_workers(*, actor):
    """The link workers of the actor's organisation, for a team lead to choose whose caseload to see."""
    return {
        membership.user.pk: membership.user
        for membership in Membership.objects.active()
        .filter(organisation_id=actor.organisation_id, role=Role.LINK_WORKER)
        .select_related("user")
    }


def team_caseloads(*, actor):
    """Each link worker's caseload (open cases, complexity-weighted: the one figure triage shows too)."""
    figures = caseloads(provider_id=actor.organisation_id)
    rows = list(
        Membership.objects.active()
        .filter(organisation_id=actor.organisation_id, role=Role.LINK_WORKER)
        .select_related("user")
    )
    for membership in rows:
        figure = figures.get(membership.user_id, NO_CASES)
        membership.open_cases, membership.weighted, membership.oldest = (
            figure.open_cases,
            figure.weighted,
            figure.oldest,
        )
    rows.sort(key=lambda membership: (-membership.weighted, membership.user.username))
    audit_record(actor=actor, action="case.team_caseloads", details={"workers": len(rows)})
    return rows


SEARCH_LIMIT = 25


def case_search(*, actor, nhs_number="", name=""):
    """Cases of the actor's organisation whose person has this NHS number, or whose names contain every
    word typed; open cases first, at most SEARCH_LIMIT. The search is audited (what kind, not what)."""
    cases = Case.objects.visible_to(actor)
    if nhs_number:
        cases = cases.filter(person__nhs_number=nhs_number)
    for word in name.split():
        cases = cases.filter(Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word))
    rows = list(
        cases.select_related("person", "link_worker", "referral__scheme").order_by(
            "-status", "person__family_name", "person__given_name", "-opened_at"
        )[:SEARCH_LIMIT]
    )
    audit_record(
        actor=actor,
        action="case.search",
        details={
            "criteria": "nhs_number" if nhs_number else "name",
            "people": sorted({str(case.person_id) for case in rows}),
        },
    )
    return rows


def worker_open_cases(*, actor, worker) -> list:
    """A link worker's open cases at the actor's organisation, for a team lead to reallocate."""
    cases = Case.objects.visible_to(actor).filter(status=Case.Status.OPEN, link_worker=worker)
    rows = list(cases.select_related("person", "referral__scheme").order_by("opened_at", "pk"))
    audit_record(actor=actor, action="case.list", details={"people": [str(case.person_id) for case in rows]})
    return rows
