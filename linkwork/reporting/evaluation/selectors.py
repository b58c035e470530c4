"""Reading the figures for reports: a fixed number of queries, whatever the number of cases or scales.

The outcome report is one query per instrument (`scored_cases`): each case in scope with, per scale,
its baseline and latest later follow-up score, and what was recorded instead where they are missing,
fetched as numpy columns. The pairs, subgroups and attrition counts are worked out from those
columns in `outcome_report`. Person fields leave `reporting` only as aggregates: those columns never
reach a page, a download or the API.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np
from django.conf import settings
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from linkwork.casework.models import Case
from linkwork.casework.vocabulary import TimePoint
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record
from linkwork.onward.models import OnwardReferral
from linkwork.onward.vocabulary import OnwardStatus
from linkwork.outcomes.change import scale_title
from linkwork.outcomes.definitions import scales_of
from linkwork.outcomes.models import Instrument, MeasureResponse
from linkwork.outcomes.vocabulary import MeasureStatus
from linkwork.schemes.models import Scheme

from .. import rules
from ..scope import reportable_schemes, reported_cases, reporting_database, suppression_threshold
from . import holistic
from .cohorts import EVERYONE, Cohort
from .follow_up import LATEST, LATEST_FOLLOW_UP, FollowUp, parse_follow_up
from .outcome_report import (
    ATTENDED_SERVICE,
    NOT_LINKED,
    REFERRED_NOT_ATTENDED,
    Scale,
    ScaleReport,
    ScaleScores,
    ScoredCases,
    scale_report,
)

DEFAULT_AGE_SPLIT = 50


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
    follow_up: FollowUp = LATEST_FOLLOW_UP
    cohort: Cohort = EVERYONE


@dataclass(frozen=True)
class OutcomeReport:
    criteria: ReportCriteria
    threshold: int
    whole_scheme: bool  # False: one provider's cases (a team lead's view)
    scales: list[ScaleReport]


def report_instruments():
    return Instrument.objects.using(reporting_database()).order_by("title")


def instrument_scales(instrument: Instrument) -> list[Scale]:
    definition = instrument.definition
    scoring = definition["scoring"]
    items = {item["linkId"]: item for item in definition["item"]}
    scales = [
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
    return holistic.with_total(instrument, scales)


def report_criteria(
    *,
    actor: Actor,
    scheme_slug: str,
    instrument_code: str,
    scale_code: str | None = None,
    opened_from: datetime.date | None = None,
    opened_to: datetime.date | None = None,
    age_split: int | None = None,
    follow_up: str | None = None,
) -> ReportCriteria:
    """Check what was asked for against what the actor may see; DomainError names the field."""
    chosen_follow_up = parse_follow_up(follow_up)
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
    holistic.check_follow_up(instrument, chosen_follow_up)
    return ReportCriteria(
        scheme=scheme,
        instrument=instrument,
        scale_code=scale_code or None,
        opened_from=opened_from,
        opened_to=opened_to,
        age_split=age_split or default_age_split(),
        follow_up=chosen_follow_up,
    )


def outcome_report(*, actor: Actor, criteria: ReportCriteria, channel: str) -> OutcomeReport:
    """The outcome evaluation for each scale asked for; the read is audited with where it went."""
    threshold = suppression_threshold()
    scales = [
        scale
        for scale in instrument_scales(criteria.instrument)
        if not criteria.scale_code or scale.code == criteria.scale_code
    ]
    scored = scored_cases(cases_in_scope(actor, criteria), criteria.instrument, scales, criteria.follow_up)
    scale_reports = [
        replace(
            scale_report(
                scale=scale, pairs=scored.pairs(scale.code), threshold=threshold, age_split=criteria.age_split
            ),
            attrition=scored.attrition(scale.code),
            adjustment=scored.adjustment(scale.code, threshold),
        )
        for scale in scales
    ]
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
            "follow_up": criteria.follow_up.code,
            "cohort": criteria.cohort.audit_details(),
        },
    )
    return OutcomeReport(
        criteria=criteria,
        threshold=threshold,
        whole_scheme=rules.reports_whole_scheme(actor),
        scales=scale_reports,
    )


def cases_in_scope(actor, criteria):
    """The scheme's cases the actor reports on, opened in the period, in the cohort chosen."""
    cases = reported_cases(actor, [criteria.scheme])
    if criteria.opened_from:
        cases = cases.filter(opened_at__date__gte=criteria.opened_from)
    if criteria.opened_to:
        cases = cases.filter(opened_at__date__lte=criteria.opened_to)
    return criteria.cohort.restrict(cases)


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


class _ArrayLength(Func):
    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)


# Per case, over its responses to the instrument in date order (then the order they were recorded):
# the first baseline of any status, the latest review or exit not completed, and per scale the first
# completed baseline and the latest completed review or exit with a score. A follow-up counts only on
# or after the baseline; the latest one with a score is the only candidate (if it is earlier, all are).
_SCORED_CASES_SQL = """
SELECT {case_columns},
    s.baseline_status, s.baseline_reason, s.follow_up_status, s.follow_up_reason{scale_columns}
FROM ({cases}) c LEFT JOIN (
    SELECT r_case,
        MAX(CASE WHEN r_baseline AND n_baseline = 1 THEN r_status END) AS baseline_status,
        MAX(CASE WHEN r_baseline AND n_baseline = 1 THEN r_reason END) AS baseline_reason,
        MAX(CASE WHEN r_missed AND n_missed = all_missed THEN r_status END) AS follow_up_status,
        MAX(CASE WHEN r_missed AND n_missed = all_missed THEN r_reason END) AS follow_up_reason{scale_aggregates}
    FROM (
        SELECT r.*,
            COUNT(CASE WHEN r_baseline THEN 1 END) OVER running AS n_baseline,
            COUNT(CASE WHEN r_missed THEN 1 END) OVER running AS n_missed,
            COUNT(CASE WHEN r_missed THEN 1 END) OVER whole AS all_missed{scale_counts}
        FROM ({responses}{fence}) r
        WINDOW running AS (PARTITION BY r_case ORDER BY r_on, r_at ROWS UNBOUNDED PRECEDING),
            whole AS (PARTITION BY r_case)
    ) w
    GROUP BY r_case
) s ON s.r_case = c.c_id
"""
_SCALE_COUNTS = """,
            COUNT(CASE WHEN r_baseline THEN r_{n} END) OVER running AS n_b{n},
            COUNT(CASE WHEN NOT r_baseline THEN r_{n} END) OVER running AS n_f{n},
            COUNT(CASE WHEN NOT r_baseline THEN r_{n} END) OVER whole AS all_f{n}"""
_SCALE_AGGREGATES = """,
        MAX(CASE WHEN r_baseline AND n_b{n} = 1 THEN r_{n} END) AS b{n},
        MAX(CASE WHEN r_baseline AND n_b{n} = 1 AND r_{n} IS NOT NULL THEN r_on END) AS b{n}_on,
        MAX(CASE WHEN NOT r_baseline AND n_f{n} = all_f{n} THEN r_{n} END) AS f{n},
        MAX(CASE WHEN NOT r_baseline AND n_f{n} = all_f{n} AND r_{n} IS NOT NULL THEN r_on END) AS f{n}_on"""
_SCALE_COLUMNS = ", s.b{n}, CAST(s.b{n}_on AS TEXT), CASE WHEN s.f{n}_on >= s.b{n}_on THEN s.f{n} END AS f{n}"
# Dates come as ISO text, which numpy reads many times faster than date objects.
_DATE = "datetime64[D]"
# ScoredCases field: what the query selects for it (as c_<field>), and its numpy type.
_CASE_COLUMNS = {
    "born": (Cast("person__date_of_birth", TextField()), _DATE),
    "sex": (F("person__sex"), object),
    "ethnicity": (F("person__ethnicity"), object),
    "source": (F("referral__source"), object),
    "conditions": (_ArrayLength("referral__conditions"), int),
    "case_open": (ExpressionWrapper(Q(status=Case.Status.OPEN), output_field=BooleanField()), bool),
    "discharge_reason": (F("discharge_reason"), object),
}


def _linked_service():
    """Whether the case was referred to a directory service (not in error) and whether it attended one:
    at least one session recorded, or a referral the service marked as attending or completed."""
    linked = OnwardReferral.objects.filter(case=OuterRef("pk")).exclude(status=OnwardStatus.ENTERED_IN_ERROR)
    attended = linked.filter(
        Q(sessions_attended__gt=0) | Q(status__in=[OnwardStatus.IN_PROGRESS, OnwardStatus.COMPLETED])
    )
    return SqlCase(
        When(Exists(attended), then=Value(ATTENDED_SERVICE)),
        When(Exists(linked), then=Value(REFERRED_NOT_ATTENDED)),
        default=Value(NOT_LINKED),
        output_field=IntegerField(),
    )


_CASE_COLUMNS["linked_service"] = (_linked_service(), int)
_RECORDED_COLUMNS = ("baseline_status", "baseline_reason", "follow_up_status", "follow_up_reason")
_FETCH_ROWS = 20_000


def scored_cases(
    cases, instrument, scales: list[Scale], follow_up: FollowUp = LATEST_FOLLOW_UP
) -> ScoredCases:
    """Every case with what the report needs for each scale, from one query whatever the number of scales.

    `follow_up` says which responses count as the follow-up (the latest review or exit by default).

    Fetched in chunks into numpy columns, each text kept once, so no row object outlives its chunk.
    """
    kinds = (
        [kind for _, kind in _CASE_COLUMNS.values()]
        + [object] * len(_RECORDED_COLUMNS)
        + [float, _DATE, float] * len(scales)
    )
    chunks = [[] for _ in kinds]
    if not cases.query.is_empty():
        sql, params = _scored_cases_query(cases, instrument, scales, follow_up)
        texts = {}
        with _reading(cases.db) as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(_FETCH_ROWS):
                for chunk, kind, values in zip(chunks, kinds, zip(*rows, strict=True), strict=True):
                    chunk.append(_column(values, kind, texts))
    columns = [
        np.concatenate(chunk or [_column((), kind, {})]) for chunk, kind in zip(chunks, kinds, strict=True)
    ]
    named = len(_CASE_COLUMNS) + len(_RECORDED_COLUMNS)
    scores = columns[named:]
    return ScoredCases(
        **dict(zip([*_CASE_COLUMNS, *_RECORDED_COLUMNS], columns[:named], strict=True)),
        scales={
            scale.code: ScaleScores(*scores[3 * number : 3 * number + 3])
            for number, scale in enumerate(scales)
        },
    )


@contextmanager
def _reading(database):
    """A cursor for the report's query. On PostgreSQL it streams from the server, a chunk at a time, so
    the whole result never sits in the client's memory; the planner is told every row will be read (as
    for a plain query: a cursor otherwise favours fast-start nested loops) and JIT is off, whose
    compiling cost more than it saved (EXPLAIN ANALYZE at reference size: 5.8 and 6.8 s with it, 2.5
    and 3.1 s without, on a busy machine).
    """
    connection = connections[database]
    if connection.vendor != "postgresql":
        # A plain autocommit read: SQLite's transactions here take the write lock (IMMEDIATE mode).
        with connection.cursor() as cursor:
            yield cursor
        return
    with transaction.atomic(using=database):
        with connection.cursor() as settings:
            settings.execute("SET LOCAL jit = off")
            settings.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        with connection.chunked_cursor() as cursor:
            yield cursor


def _column(values, kind, texts: dict) -> np.ndarray:
    if kind is object:
        return np.array([texts.setdefault(value, value) for value in values], dtype=object)
    return np.array(values, dtype=kind)


def _scored_cases_query(cases, instrument, scales, follow_up: FollowUp) -> tuple[str, tuple]:
    """The SQL of `_SCORED_CASES_SQL`, its inner selects compiled by the ORM (JSON paths differ by database).

    A follow-up other than the chosen one counts neither as a score nor as a missed follow-up.
    """
    if holistic.recorded_in_casework(instrument):
        responses = holistic.assessment_responses(cases, scales, follow_up)
    else:
        responses = _measure_responses(cases, instrument, scales, follow_up)
    case_rows = cases.order_by().values(
        c_id=F("pk"), **{f"c_{name}": expression for name, (expression, _) in _CASE_COLUMNS.items()}
    )
    cases_sql, cases_params = case_rows.query.get_compiler(cases.db).as_sql()
    responses_sql, responses_params = responses.query.get_compiler(cases.db).as_sql()
    numbers = range(len(scales))
    sql = _SCORED_CASES_SQL.format(
        case_columns=", ".join(f"c.c_{name}" for name in _CASE_COLUMNS),
        scale_columns="".join(_SCALE_COLUMNS.format(n=n) for n in numbers),
        scale_aggregates="".join(_SCALE_AGGREGATES.format(n=n) for n in numbers),
        scale_counts="".join(_SCALE_COUNTS.format(n=n) for n in numbers),
        cases=cases_sql,
        responses=responses_sql,
        # Without it PostgreSQL carries each response's JSON through the sort and reads the scores after.
        fence=" OFFSET 0" if connections[cases.db].vendor == "postgresql" else "",
    )
    return sql, (*cases_params, *responses_params)


def _measure_responses(cases, instrument, scales, follow_up: FollowUp):
    """The cases' responses to the instrument as the query's response rows."""
    is_baseline = Q(time_point=TimePoint.BASELINE)
    completed = Q(status=MeasureStatus.COMPLETED)
    counted = Q() if follow_up.kind == LATEST else is_baseline | follow_up.condition()
    columns = {
        "r_case": F("case_id"),
        "r_on": F("completed_on"),
        "r_at": F("created_at"),
        "r_baseline": ExpressionWrapper(is_baseline, output_field=BooleanField()),
        "r_missed": ExpressionWrapper(
            ~is_baseline & ~completed & follow_up.condition(), output_field=BooleanField()
        ),
        "r_status": F("status"),
        "r_reason": F("reason"),
    }
    for number, scale in enumerate(scales):
        columns[f"r_{number}"] = _only_when(completed & counted, _reported_value(scale))
    return (
        MeasureResponse.objects.using(cases.db)
        .filter(instrument=instrument, case__in=cases.values("pk"))
        .order_by()
        .values(**columns)
    )


def _only_when(condition, value):
    return SqlCase(When(condition, then=value))
