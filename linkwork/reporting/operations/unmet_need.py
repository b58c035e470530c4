"""Unmet need: the needs people are referred with against the listed services that could meet them,
onward referrals declined because a service was full, and waiting lists, by need, directory category
and postcode district. Aggregates read in the database in a fixed number of queries.

A need counts as having no service taking people when no listed service in the directory categories
matched to it (the same matching as the services suggested for a case) is taking people now.
"""

from django.db import models
from django.db.models import Avg, Count, Q, Value, When
from django.db.models.functions import StrIndex, Substr

from linkwork.directory.models import Service
from linkwork.directory.vocabulary import CapacityStatus
from linkwork.onward.suggestions import NEED_CATEGORIES
from linkwork.onward.vocabulary import DeclineReason, OnwardStatus
from linkwork.referrals.vocabulary import NEEDS

from ..rounding import half_up
from ..scope import reporting_database
from ..table_model import COUNT, NUMBER, TEXT, Column, Table
from .criteria import DashboardCriteria

NOT_RECORDED = "Not recorded"


def declined_for_capacity() -> Q:
    return Q(status=OnwardStatus.REJECTED, decline_reason=DeclineReason.NO_CAPACITY)


def _names_need(code: str, prefix: str = "") -> Q:
    # JSON lists are stored as text on SQLite and jsonb on PostgreSQL; the quoted code matches either.
    return Q(**{f"{prefix}needs__icontains": f'"{code}"'})


def _district(path: str):
    """The outward code (postcode district) of a normalised postcode such as "LS1 4AP", as
    people.erasure.postcode_district gives it; an anonymised record holds the district alone."""
    return models.Case(
        When(**{path: ""}, then=Value(NOT_RECORDED)),
        When(**{f"{path}__contains": " "}, then=Substr(path, 1, StrIndex(path, Value(" ")) - 1)),
        default=path,
        output_field=models.CharField(),
    )


def service_capacity_by_need() -> dict[str, dict]:
    """For each need: listed services in its categories, and how many are taking people now."""
    services = Service.objects.using(reporting_database()).listed()
    counts = services.aggregate(
        **{
            f"{need}__{key}": Count(
                "pk", filter=Q(categories__code__in=sorted(codes)) & status, distinct=True
            )
            for need, codes in NEED_CATEGORIES.items()
            for key, status in (
                ("listed", Q()),
                ("open", Q(capacity_status=CapacityStatus.HAS_CAPACITY)),
                ("waiting", Q(capacity_status=CapacityStatus.WAITING_LIST)),
            )
        }
    )
    return {
        need: {key: counts[f"{need}__{key}"] for key in ("listed", "open", "waiting")}
        for need in NEED_CATEGORIES
    }


def needs_table(referrals, criteria: DashboardCriteria, capacity: dict) -> Table:
    counts = referrals.aggregate(**{need: Count("pk", filter=_names_need(need)) for need in NEEDS})
    rows = []
    for need, label in NEEDS.items():
        services = capacity.get(need)
        rows.append(
            {
                "need": label,
                "referrals": criteria.count(counts[need]),
                "listed": services["listed"] if services else None,
                "open": services["open"] if services else None,
                "waiting": services["waiting"] if services else None,
                "gap": ("Yes" if not services["open"] else "No") if services else "Not matched to categories",
            }
        )
    columns = [
        Column("need", "Need", TEXT),
        Column("referrals", "Referrals naming it", COUNT),
        Column("listed", "Listed services that could help", COUNT),
        Column("open", "Taking people now", COUNT),
        Column("waiting", "With a waiting list", COUNT),
        Column("gap", "No service taking people", TEXT),
    ]
    return Table("needs", "Needs and the services that could meet them", columns, rows)


def unmet_needs(capacity: dict) -> list[str]:
    return [need for need, services in capacity.items() if not services["open"]]


def onward_capacity_by_category(onward, criteria: DashboardCriteria) -> Table:
    """Onward referrals turned away for lack of room, and those on a waiting list now, by category."""
    grouped = (
        onward.values("service__categories__name")
        .annotate(
            declined=Count("pk", filter=declined_for_capacity(), distinct=True),
            waiting=Count("pk", filter=Q(status=OnwardStatus.ON_HOLD), distinct=True),
            wait_weeks=Avg("expected_wait_weeks", filter=Q(status=OnwardStatus.ON_HOLD)),
        )
        .filter(Q(declined__gt=0) | Q(waiting__gt=0))
        .order_by("service__categories__name")
    )
    rows = [
        {
            "category": row["service__categories__name"] or "No category",
            "declined": criteria.count(row["declined"]),
            "waiting": criteria.count(row["waiting"]),
            "wait_weeks": half_up(row["wait_weeks"], 1)
            if row["wait_weeks"] is not None and criteria.enough(row["waiting"])
            else None,
        }
        for row in grouped
    ]
    columns = [
        Column("category", "Directory category", TEXT),
        Column("declined", "Declined: service full", COUNT),
        Column("waiting", "On a waiting list now", COUNT),
        Column("wait_weeks", "Average expected wait (weeks)", NUMBER, decimals=1),
    ]
    return Table("capacity", "Onward referrals turned away or waiting, by category", columns, rows)


def by_area(referrals, onward, criteria: DashboardCriteria, unmet: list[str]) -> Table:
    """Per postcode district: referrals, referrals naming a need no service is taking people for,
    onward referrals declined for capacity and waiting lists."""
    unmet_filter = Q(pk__in=[])
    for need in unmet:
        unmet_filter |= _names_need(need)
    people = {
        row["district"]: row
        for row in referrals.annotate(district=_district("person__postcode"))
        .values("district")
        .annotate(n=Count("pk"), unmet=Count("pk", filter=unmet_filter))
        .order_by()
    }
    services = {
        row["district"]: row
        for row in onward.annotate(district=_district("case__person__postcode"))
        .values("district")
        .annotate(
            declined=Count("pk", filter=declined_for_capacity()),
            waiting=Count("pk", filter=Q(status=OnwardStatus.ON_HOLD)),
        )
        .order_by()
    }
    rows = []
    for district in sorted(set(people) | set(services), key=lambda name: (name == NOT_RECORDED, name)):
        referred, sent = people.get(district, {}), services.get(district, {})
        rows.append(
            {
                "district": district,
                "referrals": criteria.count(referred.get("n", 0)),
                "unmet": criteria.count(referred.get("unmet", 0)),
                "declined": criteria.count(sent.get("declined", 0)),
                "waiting": criteria.count(sent.get("waiting", 0)),
            }
        )
    columns = [
        Column("district", "Postcode district", TEXT),
        Column("referrals", "Referrals", COUNT),
        Column("unmet", "Naming a need no service is taking people for", COUNT),
        Column("declined", "Onward referrals declined: service full", COUNT),
        Column("waiting", "Onward referrals on a waiting list", COUNT),
    ]
    return Table("areas", "Unmet need by postcode district", columns, rows)
