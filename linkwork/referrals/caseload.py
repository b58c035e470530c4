"""The one caseload figure: a link worker's open cases, weighted by triage level.

Triage (choosing a worker), the team page and the operational dashboard all read it from here, so they
never disagree. Only open cases count: a referral waiting for first contact is not yet a case, and a
discharged case is no longer work. Cases live in casework, above referrals in the layers, so the figure
is read through the referral's reverse relation (`case__...`) instead of importing casework.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Min, Sum, Value, When

from .models import Referral

# Complexity weights: a complex case counts as three light ones. Signposted referrals never open a case.
CASELOAD_WEIGHTS = {"light": 1, "standard": 2, "complex": 3}
# A case whose referral has no triage level (imported history) counts as a standard one.
UNKNOWN_LEVEL_WEIGHT = CASELOAD_WEIGHTS["standard"]
OPEN_CASE = "open"  # casework's Case.Status.OPEN


def caseload_weight(level_field: str = "triage_level"):
    """A case's weight as a SQL expression, from the triage level at `level_field`."""
    return Case(
        *[When(**{level_field: level}, then=Value(weight)) for level, weight in CASELOAD_WEIGHTS.items()],
        default=Value(UNKNOWN_LEVEL_WEIGHT),
        output_field=IntegerField(),
    )


def weights_explained(levels) -> str:
    """'light 1 and complex 3' for the levels a scheme uses (signposting never opens a case)."""
    parts = [f"{level} {CASELOAD_WEIGHTS[level]}" for level in levels if level in CASELOAD_WEIGHTS]
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


@dataclass(frozen=True)
class Caseload:
    open_cases: int = 0
    weighted: int = 0
    oldest: datetime.datetime | None = None


NO_CASES = Caseload()


def caseloads(*, provider_id) -> dict[int, Caseload]:
    """Each link worker's caseload at the provider, by user id, in one query; a worker with no open
    case is absent (use NO_CASES)."""
    rows = (
        Referral.objects.filter(case__status=OPEN_CASE, case__provider_id=provider_id)
        .values("case__link_worker_id")
        .annotate(
            open_cases=Count("pk"),
            weighted=Sum(caseload_weight("triage_level")),
            oldest=Min("case__opened_at"),
        )
        .order_by()
    )
    return {
        row["case__link_worker_id"]: Caseload(row["open_cases"], row["weighted"], row["oldest"])
        for row in rows
    }
