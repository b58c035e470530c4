"""Who is referred, who takes up support and how much their scores change, by sex, age band and
ethnic group: aggregates read in the database, one grouped query per table part.

Deprivation is not recorded for a person in Linkwork, nor is the make-up of a scheme's population, so
the report says "not known" for both rather than estimating them.
"""

import datetime

from django.db import models
from django.db.models import Avg, Count, F, Q, Value, When
from django.utils import timezone

from linkwork.outcomes.models import Instrument
from linkwork.people.vocabulary import ETHNIC_GROUPS, Sex
from linkwork.referrals.vocabulary import Status

from ..evaluation.selectors import cases_with_scores, instrument_scales
from ..rounding import half_up
from ..suppression import shown_partition, shown_percentage
from ..table_model import COUNT, NUMBER, PERCENT, TEXT, Column, Table
from .criteria import DashboardCriteria

AGE_BANDS = ((18, "Under 18"), (25, "18 to 24"), (35, "25 to 34"), (45, "35 to 44"), (55, "45 to 54"))
AGE_BANDS += ((65, "55 to 64"), (75, "65 to 74"))
OLDEST_BAND = "75 and over"
NOT_KNOWN = "Not known"


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def age_band(today: datetime.date):
    """Age today in bands: someone is under N when born after the day N years ago."""
    return models.Case(
        *[
            When(person__date_of_birth__gt=_years_before(today, limit), then=Value(label))
            for limit, label in AGE_BANDS
        ],
        default=Value(OLDEST_BAND),
        output_field=models.CharField(),
    )


def ethnic_group():
    return models.Case(
        *[
            When(person__ethnicity__in=sorted(codes), then=Value(group))
            for group, codes in ETHNIC_GROUPS.items()
        ],
        default=Value("Not stated or not known"),
        output_field=models.CharField(),
    )


def sex():
    return models.Case(
        *[When(person__sex=value, then=Value(label)) for value, label in Sex.choices],
        default=Value(NOT_KNOWN),
        output_field=models.CharField(),
    )


def dimensions(today: datetime.date):
    return [
        ("Sex", sex(), [label for _, label in Sex.choices]),
        ("Age band (age today)", age_band(today), [label for _, label in AGE_BANDS] + [OLDEST_BAND]),
        ("Ethnic group", ethnic_group(), list(ETHNIC_GROUPS)),
    ]


def equity_table(referrals, cases, criteria: DashboardCriteria, instrument: Instrument | None) -> Table:
    """Referrals, acceptances and (for one outcome measure's first scale) mean change, per group."""
    scale = instrument_scales(instrument)[0] if instrument else None
    scored = cases_with_scores(cases, instrument, scale) if scale else None
    rows = []
    for title, expression, order in dimensions(timezone.localdate()):
        referred = {
            row["group"]: row
            for row in referrals.annotate(group=expression)
            .values("group")
            .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(status=Status.ACCEPTED)))
            .order_by()
        }
        changes = {}
        if scored is not None:
            changes = {
                row["group"]: row
                for row in scored.filter(baseline_value__isnull=False, follow_up_value__isnull=False)
                .annotate(group=expression)
                .values("group")
                .annotate(pairs=Count("pk"), change=Avg(F("follow_up_value") - F("baseline_value")))
                .order_by()
            }
        rows += _rows(title, order, referred, changes, criteria, scored is not None)
    columns = [
        Column("dimension", "Characteristic", TEXT),
        Column("group", "Group", TEXT),
        Column("referrals", "Referrals", COUNT),
        Column("percent", "% of referrals", PERCENT),
        Column("population", "% of scheme population", TEXT),
        Column("accepted", "Accepted support", COUNT),
        Column("acceptance", "% of group's referrals accepted", PERCENT),
        Column("pairs", "People with a baseline and follow-up", COUNT),
        Column("change", f"Mean change ({scale.title})" if scale else "Mean change", NUMBER),
    ]
    return Table("equity", "Referrals, acceptance and outcome change by group", columns, rows)


def _shown(counts: dict, criteria: DashboardCriteria) -> dict:
    if criteria.suppress:
        return shown_partition(counts, criteria.threshold)
    return dict(counts)


def _rows(title, order, referred, changes, criteria, with_outcomes) -> list[dict]:
    groups = [group for group in order if group in referred or group in changes]
    total = sum(row["n"] for row in referred.values())
    referrals = _shown({group: referred.get(group, {}).get("n", 0) for group in groups}, criteria)
    accepted = _shown({group: referred.get(group, {}).get("accepted", 0) for group in groups}, criteria)
    pairs = _shown({group: changes.get(group, {}).get("pairs", 0) for group in groups}, criteria)
    rows = []
    for group in groups:
        change = changes.get(group, {}).get("change")
        shown_pairs = pairs[group]
        rows.append(
            {
                "dimension": title,
                "group": group,
                "referrals": referrals[group],
                "percent": shown_percentage(referrals[group], total),
                "population": NOT_KNOWN,
                "accepted": accepted[group],
                "acceptance": shown_percentage(accepted[group], referred.get(group, {}).get("n", 0))
                if not isinstance(referrals[group], str)
                else None,
                "pairs": shown_pairs if with_outcomes else None,
                "change": half_up(change, 2)
                if change is not None and not isinstance(shown_pairs, str)
                else None,
            }
        )
    return rows
