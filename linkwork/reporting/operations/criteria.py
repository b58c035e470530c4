"""What the dashboards count over: the choices (scheme, provider, practice, period) checked against the
actor, the referrals, cases and onward referrals in scope, and percentiles read from the database.

The scope itself is the reports' one scope (`reporting/scope.py`); the choices here only narrow it.
Nothing here returns a row about one person.
"""

import datetime
import math
from dataclasses import dataclass

from django.db.models import DurationField, ExpressionWrapper, F

from linkwork.accounts.models import Organisation
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.onward.models import OnwardReferral
from linkwork.schemes.models import Scheme

from .. import rules
from ..scope import (
    practice_choices,
    provider_choices,
    reportable_schemes,
    reported_cases,
    reported_referrals,
    reporting_database,
    suppression_threshold,
)
from ..suppression import shown_count, shown_partition


@dataclass(frozen=True)
class DashboardCriteria:
    schemes: tuple[Scheme, ...]  # the one chosen, or every scheme the actor may report on
    provider: Organisation | None
    practice: Organisation | None
    date_from: datetime.date | None
    date_to: datetime.date | None
    whole_scheme: bool  # a commissioner's view over every provider
    threshold: int

    @property
    def suppress(self) -> bool:
        """Small counts are hidden from commissioners; a team lead sees their own team's figures."""
        return self.whole_scheme

    def count(self, value: int) -> int | str:
        return shown_count(value, self.threshold) if self.suppress else value

    def parts(self, counts: list[int]) -> list[int | str]:
        """Counts that make up one whole shown beside them (as percentages of it, or a rate): small ones
        hidden and, for commissioners, enough others hidden that none can be worked out by subtraction."""
        if not self.suppress:
            return list(counts)
        shown = shown_partition(dict(enumerate(counts)), self.threshold)
        return [shown[index] for index in range(len(counts))]

    def enough(self, n: int) -> bool:
        """Whether a statistic over n records may be shown."""
        return not self.suppress or n >= self.threshold

    def audit_details(self) -> dict:
        return {
            "schemes": [scheme.slug for scheme in self.schemes],
            "provider": self.provider.pk if self.provider else "",
            "practice": self.practice.pk if self.practice else "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }


def dashboard_criteria(
    *,
    actor: Actor,
    scheme_slug: str = "",
    provider_id: int | None = None,
    practice_id: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> DashboardCriteria:
    """Check the choices against what the actor may see; DomainError names the field."""
    schemes = reportable_schemes(actor)
    if scheme_slug:
        schemes = schemes.filter(slug=scheme_slug)
        if not schemes:
            raise DomainError(f"There is no scheme {scheme_slug!r} you can report on", field="scheme")
    provider = practice = None
    if provider_id is not None:
        provider = provider_choices(actor).filter(pk=provider_id).first()
        if provider is None:
            raise DomainError("Choose a provider from the list", field="provider")
    if practice_id is not None:
        practice = practice_choices(actor).filter(pk=practice_id).first()
        if practice is None:
            raise DomainError("Choose a practice from the list", field="practice")
    if date_from and date_to and date_from > date_to:
        raise DomainError("The end of the period must be the same as or after its start", field="date_to")
    return DashboardCriteria(
        schemes=tuple(schemes),
        provider=provider,
        practice=practice,
        date_from=date_from,
        date_to=date_to,
        whole_scheme=rules.reports_whole_scheme(actor),
        threshold=suppression_threshold(),
    )


def referrals_in_scope(actor: Actor, criteria: DashboardCriteria):
    """Referrals received in the period under the chosen schemes, provider and practice."""
    referrals = reported_referrals(actor, criteria.schemes)
    if criteria.provider:
        referrals = referrals.filter(provider=criteria.provider)
    if criteria.practice:
        referrals = referrals.filter(person__registered_practice=criteria.practice)
    if criteria.date_from:
        referrals = referrals.filter(created_at__date__gte=criteria.date_from)
    if criteria.date_to:
        referrals = referrals.filter(created_at__date__lte=criteria.date_to)
    return referrals


def cases_in_scope(actor: Actor, criteria: DashboardCriteria):
    """Cases opened from the referrals in scope (a team lead's: their provider's only)."""
    return reported_cases(actor, criteria.schemes).filter(referral__in=referrals_in_scope(actor, criteria))


def onward_in_scope(actor: Actor, criteria: DashboardCriteria):
    return (
        OnwardReferral.objects.using(reporting_database())
        .filter(case__in=cases_in_scope(actor, criteria))
        .order_by()
    )


def between(later: str, earlier: str):
    """The time from one stored moment to another, as a duration the database can order."""
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def as_number(value) -> float:
    """A duration as days, a count as itself."""
    return value.total_seconds() / 86400 if isinstance(value, datetime.timedelta) else float(value)


def percentiles(queryset, name: str, n: int, fractions=(0.5, 0.9)) -> list[float | None]:
    """Percentiles of an annotated value, interpolated linearly between the two nearest ranks (as
    numpy's default), read in the database: two ordered rows per percentile, whatever the number."""
    if not n:
        return [None for _ in fractions]
    ordered = queryset.filter(**{f"{name}__isnull": False}).order_by(name).values_list(name, flat=True)
    results = []
    for fraction in fractions:
        position = (n - 1) * fraction
        low = math.floor(position)
        values = [as_number(value) for value in ordered[low : low + 2]]
        upper = values[1] if len(values) > 1 else values[0]
        results.append(values[0] + (upper - values[0]) * (position - low))
    return results
