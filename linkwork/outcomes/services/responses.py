"""Recording outcome measures on a case: answers scored by the instrument's rules, or why none were taken.

Every measure of one occasion is recorded together or not at all. A measure already recorded with
the same answers is returned rather than refused, so a double submit or a retry changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from linkwork.casework.models import Case
from linkwork.casework.services.guards import case_locked_for_recording
from linkwork.casework.services.risk import risk_flag_raise_from_answer
from linkwork.casework.vocabulary import RiskKind, TimePoint
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from ..definitions import item_label
from ..models import Instrument, MeasureResponse
from ..vocabulary import CompletedBy, MeasureStatus


@dataclass(frozen=True)
class MeasureAnswers:
    """One instrument's answers: item score by linkId."""

    code: str
    answers: dict


def measures_record(
    *,
    by: Actor,
    case: Case,
    time_point: str,
    occasion: int,
    measures: list[MeasureAnswers],
    completed_on: datetime.date,
    completed_by: str = CompletedBy.IN_SESSION,
) -> list[MeasureResponse]:
    """Record the link worker's session (or paper form): every measure scored, or nothing saved."""
    if completed_by not in {CompletedBy.IN_SESSION, CompletedBy.PAPER}:
        raise DomainError("Say whether the answers were given in the session or on a paper form")
    with transaction.atomic():
        case = case_locked_for_recording(by=by, case=case)
        _check_date(case, completed_on)
        return _record_answers(by, case, time_point, occasion, measures, completed_on, completed_by)


def record_answers_from_link(*, link, measures: list[MeasureAnswers]) -> list[MeasureResponse]:
    """The person's own answers through a secure link; the caller holds the link's row lock."""
    case = Case.objects.select_for_update().get(pk=link.case_id)
    return _record_answers(
        Actor.system(),
        case,
        link.time_point,
        link.occasion,
        measures,
        timezone.localdate(),
        CompletedBy.SECURE_LINK,
        audit_details={"questionnaire_link": str(link.pk)},
    )


@transaction.atomic
def measure_not_completed(
    *, by: Actor, case: Case, code: str, time_point: str, occasion: int, status: str, reason: str
) -> MeasureResponse:
    """Record that a due measure was declined or not asked, with the reason, so attrition is reported honestly."""
    if status not in {MeasureStatus.DECLINED, MeasureStatus.SKIPPED}:
        raise DomainError("Choose whether the person declined or the measure was not asked", field="status")
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason, in a few words", field="reason")
    case = case_locked_for_recording(by=by, case=case)
    check_occasion(time_point, occasion)
    instrument = _instrument(code)
    existing = MeasureResponse.objects.filter(
        case=case, instrument=instrument, time_point=time_point, occasion=occasion
    ).first()
    if existing is not None:
        if (existing.status, existing.reason) == (status, reason):
            return existing
        raise DomainError(f"{instrument.title} is already recorded for this time point", field="code")
    response = MeasureResponse.objects.create(
        case=case,
        instrument=instrument,
        instrument_version=instrument.version,
        time_point=time_point,
        occasion=occasion,
        status=status,
        reason=reason,
        completed_on=timezone.localdate(),
        recorded_by=by.user,
    )
    audit_record(
        actor=by,
        action="measure.not_completed",
        target=response,
        person_id=case.person_id,
        details={"instrument": code, "time_point": time_point, "occasion": occasion, "status": status},
    )
    return response


def _check_date(case, completed_on):
    if not isinstance(completed_on, datetime.date) or isinstance(completed_on, datetime.datetime):
        raise DomainError("Enter the date the questions were answered", field="completed_on")
    if completed_on > timezone.localdate():
        raise DomainError(
            "The date the questions were answered must be today or in the past", field="completed_on"
        )
    if completed_on < timezone.localdate(case.opened_at):
        raise DomainError(
            "The date the questions were answered cannot be before the case opened", field="completed_on"
        )


def check_occasion(time_point, occasion):
    if time_point not in TimePoint.values:
        raise DomainError("Choose when these measures are: start of support, a review or end of support")
    if type(occasion) is not int or (occasion < 1 if time_point == TimePoint.REVIEW else occasion != 0):
        raise DomainError("Reviews are numbered from 1; the start and end of support have no number")


def _instrument(code):
    instrument = Instrument.objects.filter(code=code).first()
    if instrument is None:
        raise DomainError(f"There is no outcome measure called {code!r}", field="code")
    return instrument


def _record_answers(by, case, time_point, occasion, measures, completed_on, completed_by, audit_details=None):
    check_occasion(time_point, occasion)
    if not measures:
        raise DomainError("Answer at least one measure")
    codes = [measure.code for measure in measures]
    if len(set(codes)) != len(codes):
        raise DomainError("Each measure can be answered only once at a time point")
    # Score everything before writing anything: one bad answer saves none of the others.
    scored = []
    for measure in measures:
        instrument = _instrument(measure.code)
        scored.append((instrument, measure.answers, instrument.score(measure.answers, time_point=time_point)))
    responses = []
    for instrument, answers, result in scored:
        existing = MeasureResponse.objects.filter(
            case=case, instrument=instrument, time_point=time_point, occasion=occasion
        ).first()
        if existing is not None:
            if existing.is_completed and existing.answers == answers:
                responses.append(existing)
                continue
            raise DomainError(
                f"{instrument.title} was already recorded for this time point on "
                f"{existing.completed_on.day} {existing.completed_on:%B %Y}",
                field=instrument.code,
            )
        response = MeasureResponse.objects.create(
            case=case,
            instrument=instrument,
            instrument_version=instrument.version,
            time_point=time_point,
            occasion=occasion,
            status=MeasureStatus.COMPLETED,
            answers=answers,
            scores={
                code: {"raw": scale.raw, "converted": scale.converted, "band": scale.band}
                for code, scale in result.scales.items()
            },
            flags=list(result.flags),
            completed_on=completed_on,
            completed_by=completed_by,
            recorded_by=by.user,
        )
        audit_record(
            actor=by,
            action="measure.record",
            target=response,
            person_id=case.person_id,
            details={
                "instrument": instrument.code,
                "time_point": time_point,
                "occasion": occasion,
                "completed_by": completed_by,
                **(audit_details or {}),
            },
        )
        if result.flags:
            _raise_risk(by, case, instrument, answers, response)
        responses.append(response)
    return responses


def _raise_risk(by, case, instrument, answers, response):
    """A risk answer (PHQ-9 question 9 above 0) raises a risk-to-self flag on the case at once."""
    risk = instrument.definition["scoring"]["risk_item"]
    position, item = next(
        (index, item)
        for index, item in enumerate(instrument.definition["item"], start=1)
        if item["linkId"] == risk["linkId"]
    )
    chosen = next(
        (
            option["valueCoding"].get("display", str(option["ordinalValue"]))
            for option in item.get("answerOption", [])
            if option["ordinalValue"] == answers[risk["linkId"]]
        ),
        str(answers[risk["linkId"]]),
    )
    who = "the person, through a secure link" if by.is_system else by.user.display_name
    risk_flag_raise_from_answer(
        by=by,
        case=case,
        kind=RiskKind.RISK_TO_SELF,
        description=(
            f"{instrument.title}, question {position} ({item_label(item, position)}): answered “{chosen}” "
            f"on {response.completed_on.day} {response.completed_on:%B %Y}, recorded by {who}. "
            "Check the person's safety today."
        ),
    )
