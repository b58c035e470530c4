"""The operational dashboard, part two: caseloads, sessions, case length, discharges, did-not-attend,
and onward referrals (by directory category and status, and how quickly services reply).

Aggregates read in the database in a fixed number of queries; small counts hidden from commissioners.
"""

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from linkwork.casework.models import Case
from linkwork.casework.vocabulary import Attendance, DischargeReason
from linkwork.onward.models import OnwardEvent
from linkwork.onward.vocabulary import OnwardStatus
from linkwork.referrals.caseload import caseload_weight

from ..rounding import half_up
from ..suppression import shown_percentage
from ..table_model import COUNT, NUMBER, PERCENT, TEXT, Column, Table
from .criteria import DashboardCriteria, between, percentiles

ATTENDED = Q(contacts__attendance=Attendance.ATTENDED)
DAYS_IN_WEEK = 7


def _weight():
    # The one caseload weighting, as triage and the team page count it.
    return caseload_weight("referral__triage_level")


def caseload(cases, criteria: DashboardCriteria) -> Table:
    """Open cases now, weighted by triage complexity (light 1, standard 2, complex 3): per link worker
    for a team lead, per provider (with the number of link workers) for a commissioner."""
    open_cases = cases.filter(status=Case.Status.OPEN)
    if criteria.whole_scheme:
        grouped = (
            open_cases.values("provider__name")
            .annotate(
                workers=Count("link_worker", distinct=True),
                n=Count("pk"),
                weighted=Sum(_weight()),
            )
            .order_by("provider__name")
        )
        rows = [
            {
                "who": row["provider__name"],
                "workers": row["workers"],
                "cases": criteria.count(row["n"]),
                "weighted": row["weighted"] if criteria.enough(row["n"]) else None,
                "per_worker": half_up(row["n"] / row["workers"], 2) if criteria.enough(row["n"]) else None,
            }
            for row in grouped
        ]
        who = Column("who", "Provider", TEXT)
        extra = [Column("workers", "Link workers with cases", COUNT)]
    else:
        grouped = (
            open_cases.values("link_worker__first_name", "link_worker__last_name", "link_worker__username")
            .annotate(n=Count("pk"), weighted=Sum(_weight()))
            .order_by("link_worker__last_name", "link_worker__first_name", "link_worker__username")
        )
        rows = [
            {
                "who": f"{row['link_worker__first_name']} {row['link_worker__last_name']}".strip()
                or row["link_worker__username"],
                "cases": row["n"],
                "weighted": row["weighted"],
            }
            for row in grouped
        ]
        who = Column("who", "Link worker", TEXT)
        extra = []
    columns = [
        who,
        *extra,
        Column("cases", "Open cases", COUNT),
        Column("weighted", "Complexity-weighted caseload", COUNT),
    ]
    if criteria.whole_scheme:
        columns.append(Column("per_worker", "Open cases per link worker", NUMBER))
    return Table("caseload", "Caseload now", columns, rows)


def sessions_and_length(cases, criteria: DashboardCriteria) -> Table:
    """Attended sessions per case, and weeks from opening to closing for closed cases."""
    with_sessions = cases.annotate(sessions=Count("contacts", filter=ATTENDED))
    closed = cases.filter(closed_at__isnull=False).annotate(length=between("closed_at", "opened_at"))
    totals = cases.aggregate(n=Count("pk"), closed=Count("pk", filter=Q(closed_at__isnull=False)))
    rows = []
    for label, queryset, name, n, scale in (
        ("Attended sessions per case", with_sessions, "sessions", totals["n"], 1),
        ("Case length for closed cases (weeks)", closed, "length", totals["closed"], DAYS_IN_WEEK),
    ):
        shown = criteria.enough(n)
        median, ninetieth = percentiles(queryset, name, n) if shown else (None, None)
        rows.append(
            {
                "measure": label,
                "n": criteria.count(n),
                "median": None if median is None else half_up(median / scale, 1),
                "p90": None if ninetieth is None else half_up(ninetieth / scale, 1),
            }
        )
    columns = [
        Column("measure", "Measure", TEXT),
        Column("n", "Cases", COUNT),
        Column("median", "Median", NUMBER, decimals=1),
        Column("p90", "90th percentile", NUMBER, decimals=1),
    ]
    return Table("sessions", "Sessions per case and case length", columns, rows)


def discharge_reasons(cases, criteria: DashboardCriteria) -> Table:
    grouped = list(
        cases.filter(status=Case.Status.CLOSED)
        .values("discharge_reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "discharge_reason")
    )
    total = sum(row["n"] for row in grouped)
    shown = criteria.parts([row["n"] for row in grouped])
    rows = [
        {
            "reason": DischargeReason(row["discharge_reason"]).label
            if row["discharge_reason"]
            else "No reason recorded",
            "cases": count,
            "percent": shown_percentage(count, total),
        }
        for row, count in zip(grouped, shown, strict=True)
    ]
    columns = [
        Column("reason", "Discharge reason", TEXT),
        Column("cases", "Closed cases", COUNT),
        Column("percent", "% of closed cases", PERCENT),
    ]
    return Table("discharges", "Discharge reasons", columns, rows)


def did_not_attend(cases, criteria: DashboardCriteria) -> Table:
    """Did-not-attend rate: missed appointments out of those attended or missed (not cancelled or
    still booked)."""
    counts = cases.aggregate(
        attended=Count("contacts", filter=ATTENDED),
        missed=Count("contacts", filter=Q(contacts__attendance=Attendance.DID_NOT_ATTEND)),
    )
    due = counts["attended"] + counts["missed"]
    attended, missed = criteria.parts([counts["attended"], counts["missed"]])
    rows = [
        {
            "attended": attended,
            "missed": missed,
            "rate": shown_percentage(missed, due) if criteria.enough(due) else None,
        }
    ]
    columns = [
        Column("attended", "Attended", COUNT),
        Column("missed", "Did not attend", COUNT),
        Column("rate", "Did-not-attend rate", PERCENT),
    ]
    return Table("dna", "Did not attend", columns, rows)


STATUS_GROUPS = {
    "waiting": [OnwardStatus.REQUESTED],
    "waiting_list": [OnwardStatus.ON_HOLD],
    "taken_up": [OnwardStatus.ACCEPTED, OnwardStatus.IN_PROGRESS, OnwardStatus.COMPLETED],
    "declined": [OnwardStatus.REJECTED],
    "ended": [OnwardStatus.FAILED, OnwardStatus.CANCELLED],
}
STATUS_GROUP_LABELS = {
    "waiting": "Waiting for a reply",
    "waiting_list": "On a waiting list",
    "taken_up": "Accepted, attending or completed",
    "declined": "Declined by the service",
    "ended": "Did not work out or cancelled",
}


def onward_by_category(onward, criteria: DashboardCriteria) -> Table:
    """Onward referrals by the directory category of the service (a service in two categories
    counts in both)."""
    counted = onward.exclude(status=OnwardStatus.ENTERED_IN_ERROR)
    grouped = (
        counted.values("service__categories__name")
        .annotate(
            n=Count("pk", distinct=True),
            **{
                key: Count("pk", filter=Q(status__in=statuses), distinct=True)
                for key, statuses in STATUS_GROUPS.items()
            },
        )
        .order_by("service__categories__name")
    )
    rows = [
        {
            "category": row["service__categories__name"] or "No category",
            "n": criteria.count(row["n"]),
            **{key: criteria.count(row[key]) for key in STATUS_GROUPS},
        }
        for row in grouped
    ]
    columns = [
        Column("category", "Directory category", TEXT),
        Column("n", "Onward referrals", COUNT),
        *[Column(key, label, COUNT) for key, label in STATUS_GROUP_LABELS.items()],
    ]
    return Table("onward_categories", "Onward referrals by directory category", columns, rows)


def onward_by_status(onward, criteria: DashboardCriteria) -> Table:
    grouped = list(
        onward.exclude(status=OnwardStatus.ENTERED_IN_ERROR)
        .values("status")
        .annotate(n=Count("pk"), sessions=Sum("sessions_attended"))
        .order_by("status")
    )
    total = sum(row["n"] for row in grouped)
    shown = criteria.parts([row["n"] for row in grouped])
    rows = [
        {
            "status": OnwardStatus(row["status"]).label,
            "n": count,
            "percent": shown_percentage(count, total),
            "sessions": row["sessions"] if not isinstance(count, str) else None,
        }
        for row, count in zip(grouped, shown, strict=True)
    ]
    columns = [
        Column("status", "Status now", TEXT),
        Column("n", "Onward referrals", COUNT),
        Column("percent", "% of onward referrals", PERCENT),
        Column("sessions", "Sessions attended", COUNT),
    ]
    return Table("onward_status", "Onward referrals by status and outcome", columns, rows)


def vcse_response_times(onward, criteria: DashboardCriteria) -> Table:
    """Days from sending to the service's first answer (accept, decline or waiting list), and how many
    are still waiting for one."""
    first_answer = (
        OnwardEvent.objects.filter(
            referral=OuterRef("pk"),
            kind=OnwardEvent.Kind.STATUS,
            by_organisation=OuterRef("organisation"),
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    answered = onward.annotate(answered_at=Subquery(first_answer)).annotate(
        response=between("answered_at", "created_at")
    )
    counts = answered.aggregate(
        n=Count("pk"),
        answered=Count("response"),
        overdue=Count("pk", filter=Q(answered_at__isnull=True, status=OnwardStatus.REQUESTED)),
    )
    shown = criteria.enough(counts["answered"])
    median, ninetieth = percentiles(answered, "response", counts["answered"]) if shown else (None, None)
    rows = [
        {
            "sent": criteria.count(counts["n"]),
            "answered": criteria.count(counts["answered"]),
            "unanswered": criteria.count(counts["overdue"]),
            "median": half_up(median, 1),
            "p90": half_up(ninetieth, 1),
        }
    ]
    columns = [
        Column("sent", "Onward referrals sent", COUNT),
        Column("answered", "Answered by the service", COUNT),
        Column("unanswered", "Still waiting for a reply", COUNT),
        Column("median", "Median days to answer", NUMBER, decimals=1),
        Column("p90", "90th percentile (days)", NUMBER, decimals=1),
    ]
    return Table("vcse_response", "How quickly services answer onward referrals", columns, rows)
