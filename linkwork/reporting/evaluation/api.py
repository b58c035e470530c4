"""The reports API: the outcome evaluation as JSON, with the page's scope, figures and suppression."""

import datetime
from dataclasses import replace

from ninja import Field, Query, Router, Schema, Status

from linkwork.accounts.api_auth import ApiTokenAuth
from linkwork.core.errors import DomainError
from linkwork.referrals.api import ErrorOut, error_body

from .. import rules
from .cohort_choices import cohort_for
from .selectors import outcome_report, report_criteria
from .tables import methods, outcome_tables

router = Router(tags=["Reports"])


class OutcomeReportQuery(Schema):
    scheme: str = Field(description="The scheme's slug, e.g. ways-to-wellness.")
    instrument: str = Field(description="The outcome measure's code, e.g. ons4.")
    scale: str | None = Field(None, description="One scale's code; every scale when left out.")
    opened_from: datetime.date | None = Field(None, description="Cases opened on or after this date.")
    opened_to: datetime.date | None = Field(None, description="Cases opened on or before this date.")
    age_split: int | None = Field(None, ge=1, le=120, description="Age band boundary in years (default 50).")
    follow_up: str | None = Field(
        None,
        max_length=10,
        pattern=r"^(latest|exit|review-[1-9][0-9]?)$",
        description="Which follow-up to pair with the baseline: latest (the default), exit, or review-<n>.",
    )
    batch: int | None = Field(None, ge=1, description="Only cases of this imported batch (its id).")
    referred_from: datetime.date | None = Field(
        None, description="Only cases referred on or after this date."
    )
    referred_to: datetime.date | None = Field(None, description="Only cases referred on or before this date.")
    provider: int | None = Field(
        None, ge=1, description="Only this provider's cases (the organisation's id)."
    )
    practice: int | None = Field(
        None, ge=1, description="Only people registered with this practice (its id)."
    )


class ColumnOut(Schema):
    key: str
    label: str


class TableOut(Schema):
    key: str
    title: str
    columns: list[ColumnOut]
    rows: list[dict[str, float | int | str | None]] = Field(
        description='Keyed by column key. A suppressed count is the string "<5" (the threshold).'
    )


class OutcomeReportOut(Schema):
    scheme: str
    instrument: str
    scale: str | None
    opened_from: datetime.date | None
    opened_to: datetime.date | None
    follow_up: str = Field(description="The follow-up paired with the baseline: latest, exit or review-<n>.")
    cohort: str = Field(description="The cohort in words; empty when the report covers every case in scope.")
    suppression_threshold: int
    whole_scheme: bool = Field(description="False when the figures cover one provider's cases only.")
    methods: list[str]
    tables: list[TableOut]


@router.get(
    "/reports/outcomes",
    auth=ApiTokenAuth(),
    response={200: OutcomeReportOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    url_name="reports_outcomes",
    summary="Outcome evaluation for a scheme and measure",
    description=(
        "The figures of the Reports page: pairs, change with its 95% CI, paired t-test, Cohen's d_z, "
        "change categories, subgroups, differences between groups (Welch's t-test, Hedges' g), attrition "
        "and the attrition-adjusted estimate, for the follow-up and cohort chosen. p-values are at full "
        "precision. Commissioners get the schemes they commission; team leads their own provider's cases. "
        "Counts under the threshold are suppressed."
    ),
)
def outcomes_report(request, filters: Query[OutcomeReportQuery]):
    actor = request.actor
    if not rules.can_view_reports(actor):
        return Status(403, error_body("Only commissioners and team leads can read reports"))
    try:
        criteria = report_criteria(
            actor=actor,
            scheme_slug=filters.scheme,
            instrument_code=filters.instrument,
            scale_code=filters.scale,
            opened_from=filters.opened_from,
            opened_to=filters.opened_to,
            age_split=filters.age_split,
            follow_up=filters.follow_up,
        )
        criteria = replace(
            criteria,
            cohort=cohort_for(
                actor=actor,
                scheme=criteria.scheme,
                batch_id=filters.batch,
                referred_from=filters.referred_from,
                referred_to=filters.referred_to,
                provider_id=filters.provider,
                practice_id=filters.practice,
            ),
        )
    except DomainError as error:
        return Status(422, error_body(error.message, error.field))
    report = outcome_report(actor=actor, criteria=criteria, channel="api")
    return Status(
        200,
        {
            "scheme": criteria.scheme.slug,
            "instrument": criteria.instrument.code,
            "scale": criteria.scale_code,
            "opened_from": criteria.opened_from,
            "opened_to": criteria.opened_to,
            "follow_up": criteria.follow_up.code,
            "cohort": criteria.cohort.described(),
            "suppression_threshold": report.threshold,
            "whole_scheme": report.whole_scheme,
            "methods": methods(report),
            "tables": [
                {
                    "key": table.key,
                    "title": table.title,
                    "columns": [{"key": c.key, "label": c.label} for c in table.columns],
                    "rows": table.rows,
                }
                for table in outcome_tables(report)
            ],
        },
    )
