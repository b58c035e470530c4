"""The holistic assessment in the outcome report: per domain and as a total of the eight domains.

Link workers record it on the case's Assessments page (casework `Assessment`), not as measure
responses, so the report reads those rows instead, in the same columns as a measure response: every
assessment is complete, and it is a baseline at the start of support and a follow-up at a review or
the end. ADR 0024 gives the reasons.
"""

from functools import reduce
from operator import add

from django.db.models import BooleanField, CharField, ExpressionWrapper, F, FloatField, Q, Value, When
from django.db.models import Case as SqlCase
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from linkwork.casework.models import Assessment
from linkwork.casework.vocabulary import ASSESSMENT_DOMAINS, TimePoint
from linkwork.core.errors import DomainError
from linkwork.outcomes.schedule import RECORDED_IN_CASEWORK
from linkwork.outcomes.vocabulary import MeasureStatus

from .follow_up import LATEST, REVIEW, FollowUp
from .outcome_report import Scale

TOTAL = "total"
TOTAL_TITLE = "Total of the eight domains (8 to 40)"


def recorded_in_casework(instrument) -> bool:
    return instrument.code in RECORDED_IN_CASEWORK


def with_total(instrument, scales: list[Scale]) -> list[Scale]:
    """The instrument's scales, plus the total of the eight domains for the holistic assessment.

    The total has no meaningful-change threshold: none is published for it, so its change is
    counted by any amount only.
    """
    if not recorded_in_casework(instrument):
        return scales
    direction = scales[0].direction if scales else "higher_is_better"
    return [*scales, Scale(code=TOTAL, title=TOTAL_TITLE, direction=direction, threshold=None, ordinal=False)]


def _domain_score(domain: str):
    return Cast(KT(f"scores__{domain}"), FloatField())


def _score(scale: Scale):
    if scale.code == TOTAL:
        # NULL when any domain is missing, so a partial assessment never passes for a low total.
        return ExpressionWrapper(
            reduce(add, (_domain_score(domain) for domain in ASSESSMENT_DOMAINS)), output_field=FloatField()
        )
    return _domain_score(scale.code)


def check_follow_up(instrument, follow_up: FollowUp) -> None:
    """Assessments record no review number, so only the latest or the exit can be the follow-up."""
    if recorded_in_casework(instrument) and follow_up.kind == REVIEW:
        raise DomainError(
            "The holistic assessment's reviews are not numbered: compare the baseline with the latest "
            "follow-up or the end of support",
            field="follow_up",
        )


def assessment_responses(cases, scales: list[Scale], follow_up: FollowUp):
    """The cases' assessments as the report's response rows (`r_case`, `r_on`, … and `r_<n>` per scale);
    a follow-up other than the chosen one gives no score."""
    is_baseline = Q(time_point=TimePoint.BASELINE)
    counted = None if follow_up.kind == LATEST else is_baseline | follow_up.condition()
    return (
        Assessment.objects.using(cases.db)
        .filter(case__in=cases.values("pk"))
        .order_by()
        .values(
            r_case=F("case_id"),
            r_on=F("assessed_on"),
            r_at=F("created_at"),
            r_baseline=ExpressionWrapper(is_baseline, output_field=BooleanField()),
            r_missed=Value(False, output_field=BooleanField()),
            r_status=Value(MeasureStatus.COMPLETED.value, output_field=CharField()),
            r_reason=Value("", output_field=CharField()),
            **{
                f"r_{number}": _score(scale)
                if counted is None
                else SqlCase(When(counted, then=_score(scale)))
                for number, scale in enumerate(scales)
            },
        )
    )


def method_lines(instrument) -> list[str]:
    if not recorded_in_casework(instrument):
        return []
    return [
        "The holistic assessment is read from the assessments recorded on each case: the first at the "
        "start of support is the baseline, the latest later review or end-of-support assessment the "
        "follow-up. Each domain is scored 1 to 5; the total adds the eight domains (8 to 40). The total "
        "has no meaningful-change threshold, so its change is counted by any amount only."
    ]
