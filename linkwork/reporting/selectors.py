"""Reading the figures for reports: a fixed number of aggregate queries, whatever the number of cases.

Per scale: one query for the baseline and follow-up pairs (the only rows that reach Python, as
columns), and one grouped count for attrition that also sums the baselines of the completers and
the others (their means and SDs are worked out from n, sum and sum of squares). Person
fields leave these functions only as aggregates; nothing here returns a row about one person.
"""

import datetime
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from linkwork.casework.models import Case
from linkwork.casework.vocabulary import TimePoint
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record
from linkwork.outcomes.change import scale_title
from linkwork.outcomes.definitions import scales_of
from linkwork.outcomes.models import Instrument, MeasureResponse
from linkwork.outcomes.vocabulary import MeasureStatus
from linkwork.schemes.models import Scheme

from . import rules
from .outcome_report import Attrition, AttritionRow, Pairs, Scale, ScaleReport, attrition, scale_report
from .statistics import summary_from_sums

DEFAULT_SUPPRESSION_THRESHOLD = 5
DEFAULT_AGE_SPLIT = 50


def suppression_threshold() -> int:
    return getattr(settings, "LINKWORK_SUPPRESSION_THRESHOLD", DEFAULT_SUPPRESSION_THRESHOLD)


def default_age_split() -> int:
    return getattr(settings, "LINKWORK_REPORT_AGE_SPLIT", DEFAULT_AGE_SPLIT)


@dataclass(frozen=True)
class ReportCriteria:
    scheme: Scheme
    instrument: Instrument
    scale_code: str | None  # None: every scale of the instrument
    opened_from: datetime.date | None
    opened_to: datetime.date | None
    age_split: int


@dataclass(frozen=True)
class OutcomeReport:
    criteria: ReportCriteria
    threshold: int
    whole_scheme: bool  # False: one provider's cases (a team lead's view)
    scales: list[ScaleReport]


def reportable_schemes(actor: Actor):
    """Schemes the actor may report on: commissioned by their organisation, or delivered by it."""
    if not rules.can_view_reports(actor):
        return Scheme.objects.none()
    if rules.reports_whole_scheme(actor):
        return Scheme.objects.filter(commissioner_id=actor.organisation_id).order_by("name")
    return Scheme.objects.filter(providers=actor.organisation_id).distinct().order_by("name")


def report_instruments():
    return Instrument.objects.order_by("title")


def instrument_scales(instrument: Instrument) -> list[Scale]:
    definition = instrument.definition
    scoring = definition["scoring"]
    items = {item["linkId"]: item for item in definition["item"]}
    return [
        Scale(
            code=scale["code"],
            title=scale_title(definition, scale),
            direction=scale.get("direction", scoring["direction"]),
            threshold=scale.get("meaningful_change", scoring.get("meaningful_change")),
            ordinal=len(scale["items"]) == 1 and items[scale["items"][0]]["type"] == "choice",
            stored_as="converted" if scale.get("conversion") else "raw",
        )
        for scale in scales_of(definition)
    ]


def report_criteria(
    *,
    actor: Actor,
    scheme_slug: str,
    instrument_code: str,
    scale_code: str | None = None,
    opened_from: datetime.date | None = None,
    opened_to: datetime.date | None = None,
    age_split: int | None = None,
) -> ReportCriteria:
    """Check what was asked for against what the actor may see; DomainError names the field."""
    scheme = reportable_schemes(actor).filter(slug=scheme_slug).first()
    if scheme is None:
        raise DomainError(f"There is no scheme {scheme_slug!r} you can report on", field="scheme")
    instrument = report_instruments().filter(code=instrument_code).first()
    if instrument is None:
        raise DomainError(f"There is no outcome measure called {instrument_code!r}", field="instrument")
    if scale_code and scale_code not in {scale.code for scale in instrument_scales(instrument)}:
        raise DomainError(f"{instrument.title} has no scale called {scale_code!r}", field="scale")
    if opened_from and opened_to and opened_from > opened_to:
        raise DomainError("The end of the period must be the same as or after its start", field="opened_to")
    return ReportCriteria(
        scheme=scheme,
        instrument=instrument,
        scale_code=scale_code or None,
        opened_from=opened_from,
        opened_to=opened_to,
        age_split=age_split or default_age_split(),
    )


def outcome_report(*, actor: Actor, criteria: ReportCriteria, channel: str) -> OutcomeReport:
    """The outcome evaluation for each scale asked for; the read is audited with where it went."""
    threshold = suppression_threshold()
    cases = _cases_in_scope(actor, criteria)
    scale_reports = []
    for scale in instrument_scales(criteria.instrument):
        if criteria.scale_code and scale.code != criteria.scale_code:
            continue
        report = scale_report(
            scale=scale,
            pairs=_pairs(cases, criteria.instrument, scale),
            threshold=threshold,
            age_split=criteria.age_split,
        )
        scale_reports.append(replace(report, attrition=_attrition(cases, criteria.instrument, scale)))
    audit_record(
        actor=actor,
        action="report.outcomes",
        target=criteria.scheme,
        details={
            "channel": channel,
            "instrument": criteria.instrument.code,
            "scale": criteria.scale_code or "",
            "opened_from": criteria.opened_from.isoformat() if criteria.opened_from else "",
            "opened_to": criteria.opened_to.isoformat() if criteria.opened_to else "",
        },
    )
    return OutcomeReport(
        criteria=criteria,
        threshold=threshold,
        whole_scheme=rules.reports_whole_scheme(actor),
        scales=scale_reports,
    )


def _cases_in_scope(actor, criteria):
    """The scheme's cases opened in the period: all of them for its commissioner, a provider's own for a team lead."""
    if rules.reports_whole_scheme(actor):
        cases = Case.objects.filter(referral__scheme__commissioner_id=actor.organisation_id)
    else:
        cases = Case.objects.visible_to(actor)
    cases = cases.filter(referral__scheme=criteria.scheme)
    if criteria.opened_from:
        cases = cases.filter(opened_at__date__gte=criteria.opened_from)
    if criteria.opened_to:
        cases = cases.filter(opened_at__date__lte=criteria.opened_to)
    return cases


def _reported_value(scale):
    """The converted score where the scale has a table, else the raw one (as outcomes.change).

    Chosen from the definition rather than by COALESCE in SQL: SQLite reads a JSON null as the text
    'null', which would cast to 0.
    """
    return Cast(KT(f"scores__{scale.code}__{scale.stored_as}"), FloatField())


def cases_with_scores(cases, instrument, scale):
    """Each case with its baseline score and its latest later completed score on the scale."""
    scored = (
        MeasureResponse.objects.filter(
            case=OuterRef("pk"), instrument=instrument, status=MeasureStatus.COMPLETED
        )
        .annotate(value=_reported_value(scale))
        .filter(value__isnull=False)
    )
    baseline = scored.filter(time_point=TimePoint.BASELINE)
    follow_up = (
        scored.exclude(time_point=TimePoint.BASELINE)
        .filter(completed_on__gte=OuterRef("baseline_on"))
        .order_by("-completed_on", "-created_at")
    )
    return cases.annotate(
        baseline_value=Subquery(baseline.values("value")[:1]),
        baseline_on=Subquery(baseline.values("completed_on")[:1]),
    ).annotate(follow_up_value=Subquery(follow_up.values("value")[:1]))


def _pairs(cases, instrument, scale) -> Pairs:
    rows = (
        cases_with_scores(cases, instrument, scale)
        .filter(baseline_value__isnull=False, follow_up_value__isnull=False)
        .order_by()
        .values_list(
            "baseline_value",
            "follow_up_value",
            "baseline_on",
            "person__sex",
            "person__date_of_birth",
            "referral__source",
            "person__ethnicity",
            "referral__conditions",
        )
    )
    return Pairs.from_rows(rows)


def _attrition(cases, instrument, scale) -> Attrition:
    responses = MeasureResponse.objects.filter(case=OuterRef("pk"), instrument=instrument)
    any_baseline = responses.filter(time_point=TimePoint.BASELINE)
    missed_follow_up = (
        responses.exclude(time_point=TimePoint.BASELINE)
        .exclude(status=MeasureStatus.COMPLETED)
        .order_by("-completed_on", "-created_at")
    )
    scored = cases_with_scores(cases, instrument, scale).annotate(
        has_baseline_score=_is_not_null("baseline_value"),
        has_follow_up=_is_not_null("follow_up_value"),
    )
    grouped = (
        scored.annotate(
            baseline_status=Subquery(any_baseline.values("status")[:1]),
            baseline_reason=Subquery(any_baseline.values("reason")[:1]),
            follow_up_status=Subquery(missed_follow_up.values("status")[:1]),
            follow_up_reason=Subquery(missed_follow_up.values("reason")[:1]),
        )
        .order_by()
        .values(
            "baseline_status",
            "baseline_reason",
            "has_baseline_score",
            "has_follow_up",
            "follow_up_status",
            "follow_up_reason",
            "status",
            "discharge_reason",
        )
        .annotate(
            cases=Count("pk"),
            baseline_sum=Sum("baseline_value"),
            baseline_squares=Sum(F("baseline_value") * F("baseline_value")),
        )
    )
    grouped = list(grouped)
    rows = [
        AttritionRow(
            baseline_status=row["baseline_status"],
            baseline_reason=row["baseline_reason"] or "",
            has_baseline_score=bool(row["has_baseline_score"]),
            has_follow_up=bool(row["has_follow_up"]),
            follow_up_status=row["follow_up_status"],
            follow_up_reason=row["follow_up_reason"] or "",
            case_open=row["status"] == Case.Status.OPEN,
            discharge_reason=row["discharge_reason"],
            cases=row["cases"],
        )
        for row in grouped
    ]
    # The completers' and the others' baselines from the same grouped query: n, sum and sum of squares.
    sums = {True: [0, 0.0, 0.0], False: [0, 0.0, 0.0]}
    for row in grouped:
        if row["has_baseline_score"]:
            totals = sums[bool(row["has_follow_up"])]
            totals[0] += row["cases"]
            totals[1] += row["baseline_sum"]
            totals[2] += row["baseline_squares"]
    baselines = {key: summary_from_sums(*totals) for key, totals in sums.items()}
    return attrition(rows, completers=baselines[True], non_completers=baselines[False])


def _is_not_null(name):
    return ExpressionWrapper(Q(**{f"{name}__isnull": False}), output_field=BooleanField())
