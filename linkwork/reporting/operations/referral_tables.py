"""The operational dashboard, part one: referrals (by month, source and practice), triage, declines,
waits and SNOMED CT coded decisions. Every figure is an aggregate read in the database, in a fixed
number of queries whatever the number of referrals; small counts are hidden from commissioners.
"""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth

from linkwork.casework.models import Contact
from linkwork.casework.vocabulary import Attendance
from linkwork.referrals.vocabulary import (
    SNOMED_REFERRAL_ACCEPTED,
    SNOMED_REFERRAL_DECLINED,
    DeclineReason,
    Status,
)
from linkwork.schemes.vocabulary import REFERRAL_SOURCES, TRIAGE_LEVELS

from ..rounding import half_up
from ..suppression import shown_percentage
from ..table_model import COUNT, NUMBER, PERCENT, TEXT, Column, Table
from .criteria import DashboardCriteria, between, percentiles

PER_THOUSAND = 1000
SNOMED_MEANINGS = {
    SNOMED_REFERRAL_ACCEPTED: "Referral to social prescribing service",
    SNOMED_REFERRAL_DECLINED: "Social prescribing declined",
}
ACCEPTED = Q(status=Status.ACCEPTED)
DECLINED_BY_SERVICE = Q(status=Status.DECLINED)
DECLINED_BY_PERSON = Q(status=Status.PERSON_DECLINED)


def _percent(criteria, count, total):
    return shown_percentage(criteria.count(count), total)


def referrals_by_month(referrals, criteria: DashboardCriteria) -> Table:
    rows = [
        {
            "month": f"{row['month']:%B %Y}",
            "referrals": criteria.count(row["n"]),
            "accepted": criteria.count(row["accepted"]),
            "declined": criteria.count(row["declined"]),
            "person_declined": criteria.count(row["person_declined"]),
        }
        for row in referrals.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            n=Count("pk"),
            accepted=Count("pk", filter=ACCEPTED),
            declined=Count("pk", filter=DECLINED_BY_SERVICE),
            person_declined=Count("pk", filter=DECLINED_BY_PERSON),
        )
        .order_by("month")
    ]
    columns = [
        Column("month", "Month received", TEXT),
        Column("referrals", "Referrals", COUNT),
        Column("accepted", "Accepted support", COUNT),
        Column("declined", "Declined by the service", COUNT),
        Column("person_declined", "Declined by the person", COUNT),
    ]
    return Table("by_month", "Referrals by month", columns, rows)


def referrals_by_source(referrals, criteria: DashboardCriteria) -> Table:
    grouped = list(referrals.values("source").annotate(n=Count("pk")).order_by("-n", "source"))
    total = sum(row["n"] for row in grouped)
    shown = criteria.parts([row["n"] for row in grouped])
    rows = [
        {
            "source": REFERRAL_SOURCES.get(row["source"], row["source"]),
            "referrals": count,
            "percent": shown_percentage(count, total),
        }
        for row, count in zip(grouped, shown, strict=True)
    ]
    columns = [
        Column("source", "Source", TEXT),
        Column("referrals", "Referrals", COUNT),
        Column("percent", "% of referrals", PERCENT),
    ]
    return Table("by_source", "Referrals by source", columns, rows)


def referrals_by_practice(referrals, criteria: DashboardCriteria) -> Table:
    """Referrals by the person's registered practice, per 1,000 registered patients where the
    practice's list size is recorded."""
    grouped = (
        referrals.values(
            "person__registered_practice__name", "person__registered_practice__registered_list_size"
        )
        .annotate(n=Count("pk"))
        .order_by("person__registered_practice__name")
    )
    rows = []
    for row in grouped:
        list_size = row["person__registered_practice__registered_list_size"]
        shown = criteria.count(row["n"])
        rows.append(
            {
                "practice": row["person__registered_practice__name"] or "No registered practice recorded",
                "referrals": shown,
                "list_size": list_size,
                "rate": half_up(PER_THOUSAND * shown / list_size, 2)
                if list_size and not isinstance(shown, str)
                else None,
            }
        )
    columns = [
        Column("practice", "Registered practice", TEXT),
        Column("referrals", "Referrals", COUNT),
        Column("list_size", "Registered patients", COUNT),
        Column("rate", "Referrals per 1,000 patients", NUMBER),
    ]
    return Table("by_practice", "Referrals by practice", columns, rows)


def triage_mix(referrals, criteria: DashboardCriteria) -> Table:
    grouped = list(referrals.values("triage_level").annotate(n=Count("pk")).order_by("triage_level"))
    total = sum(row["n"] for row in grouped)
    shown = criteria.parts([row["n"] for row in grouped])
    rows = [
        {
            "level": TRIAGE_LEVELS.get(row["triage_level"], row["triage_level"]) or "Not triaged yet",
            "referrals": count,
            "percent": shown_percentage(count, total),
        }
        for row, count in zip(grouped, shown, strict=True)
    ]
    columns = [
        Column("level", "Triage level", TEXT),
        Column("referrals", "Referrals", COUNT),
        Column("percent", "% of referrals", PERCENT),
    ]
    return Table("triage", "Triage mix", columns, rows)


def declines(referrals, criteria: DashboardCriteria) -> Table:
    """Referrals that did not become support, and why: the service's reasons, the person's choice,
    no contact, or signposting."""
    total = referrals.count()
    grouped = (
        referrals.filter(
            status__in=[Status.DECLINED, Status.PERSON_DECLINED, Status.UNABLE_TO_CONTACT, Status.SIGNPOSTED]
        )
        .values("status", "decline_reason")
        .annotate(n=Count("pk"))
        .order_by("status", "decline_reason")
    )
    rows = []
    for row in grouped:
        label = Status(row["status"]).label
        if row["decline_reason"]:
            label = f"{label}: {DeclineReason(row['decline_reason']).label.lower()}"
        rows.append(
            {
                "outcome": label,
                "referrals": criteria.count(row["n"]),
                "percent": _percent(criteria, row["n"], total),
            }
        )
    columns = [
        Column("outcome", "What happened", TEXT),
        Column("referrals", "Referrals", COUNT),
        Column("percent", "% of all referrals", PERCENT),
    ]
    return Table("declines", "Declines and their reasons", columns, rows)


def _first_session():
    return Subquery(
        Contact.objects.filter(case__referral=OuterRef("pk"), attendance=Attendance.ATTENDED)
        .order_by("occurs_at")
        .values("occurs_at")[:1]
    )


WAITS = (
    ("to_contact", "Referral received to first contact", "created_at", "first_contact_at"),
    ("contact_to_session", "First contact to first session", "first_contact_at", "first_session_at"),
    ("to_session", "Referral received to first session", "created_at", "first_session_at"),
)


def waits(referrals, criteria: DashboardCriteria) -> Table:
    """Days from referral to first contact to first attended session: median and 90th percentile."""
    timed = referrals.annotate(first_session_at=_first_session()).annotate(
        **{key: between(later, earlier) for key, _, earlier, later in WAITS}
    )
    # Named apart from the annotations: an aggregate named as an annotation replaces it.
    counts = timed.aggregate(**{f"{key}_n": Count(key) for key, *_ in WAITS})
    rows = []
    for key, label, *_ in WAITS:
        n = counts[f"{key}_n"]
        median, ninetieth = percentiles(timed, key, n) if criteria.enough(n) else (None, None)
        rows.append(
            {
                "wait": label,
                "n": criteria.count(n),
                "median": _days(median),
                "p90": _days(ninetieth),
            }
        )
    columns = [
        Column("wait", "Wait", TEXT),
        Column("n", "Referrals", COUNT),
        Column("median", "Median (days)", NUMBER, decimals=1),
        Column("p90", "90th percentile (days)", NUMBER, decimals=1),
    ]
    return Table("waits", "Waits", columns, rows)


def _days(value):
    return half_up(value, 1)


def snomed_coded(referrals, criteria: DashboardCriteria) -> Table:
    rows = [
        {
            "code": row["snomed_code"],
            "meaning": SNOMED_MEANINGS.get(row["snomed_code"], ""),
            "referrals": criteria.count(row["n"]),
        }
        for row in referrals.exclude(snomed_code="")
        .values("snomed_code")
        .annotate(n=Count("pk"))
        .order_by("snomed_code")
    ]
    columns = [
        Column("code", "SNOMED CT code", TEXT),
        Column("meaning", "Meaning", TEXT),
        Column("referrals", "Referrals", COUNT),
    ]
    return Table("snomed", "Acceptances and declines with their SNOMED CT codes", columns, rows)
