"""Reads of a case's outcome measures: what is due, what was recorded, and how the person has changed.

The case comes from casework's `case_open`, which has already checked the actor may see it and
audited the view.
"""

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils import timezone

from linkwork.casework.selectors.caseload import NextAction
from linkwork.casework.timeline import TimelineEntry, as_datetime
from linkwork.core.services import audit_record

from .change import ScaleChange, scale_changes, scale_title
from .definitions import scales_of
from .models import Instrument, MeasureResponse, QuestionnaireLink
from .schedule import RECORDED_IN_CASEWORK, Occasion, outstanding, scheduled_codes
from .vocabulary import MeasureStatus


@dataclass(frozen=True)
class InstrumentHistory:
    instrument: Instrument
    responses: list  # every response, completed or not, oldest first
    changes: list[ScaleChange]


@dataclass(frozen=True)
class CaseMeasures:
    outstanding: list[Occasion]
    histories: list[InstrumentHistory]
    open_links: list
    in_casework: list[str]  # scheduled instruments recorded on the Assessments page
    instruments: dict  # code to Instrument, for every instrument named above


def case_measures(case, today=None) -> CaseMeasures:
    """Everything the Outcomes page shows, in three queries."""
    today = today or timezone.localdate()
    responses = list(
        MeasureResponse.objects.filter(case=case)
        .select_related("instrument", "recorded_by")
        .order_by("completed_on", "created_at")
    )
    scheme = case.referral.scheme
    recorded = {(r.instrument.code, r.time_point, r.occasion) for r in responses}
    occasions = (
        outstanding(
            scheme=scheme,
            opened_on=timezone.localdate(case.opened_at),
            today=today,
            recorded=recorded,
            include_exit=case.is_open,
        )
        if case.is_open
        else []
    )
    instruments = {response.instrument.code: response.instrument for response in responses}
    wanted = {code for occasion in occasions for code in occasion.codes} - instruments.keys()
    instruments |= {instrument.code: instrument for instrument in Instrument.objects.filter(code__in=wanted)}
    # A scheme may name an instrument this installation has not synced: it cannot be asked, so skip it.
    occasions = [
        replace(occasion, codes=known)
        for occasion in occasions
        if (known := tuple(code for code in occasion.codes if code in instruments))
    ]
    histories = []
    for code in dict.fromkeys(response.instrument.code for response in responses):
        own = [response for response in responses if response.instrument.code == code]
        completed = [response for response in own if response.is_completed]
        histories.append(
            InstrumentHistory(instruments[code], own, scale_changes(instruments[code].definition, completed))
        )
    links = list(QuestionnaireLink.objects.filter(case=case).usable(timezone.now()))
    in_casework = sorted(
        {code for codes in scheme.outcome_schedule.values() for code in codes} & RECORDED_IN_CASEWORK
    )
    return CaseMeasures(occasions, histories, links, in_casework, instruments)


def instrument_history(case, code) -> InstrumentHistory | None:
    """One instrument's responses on the case and its changes, for the chart."""
    instrument = Instrument.objects.filter(code=code).first()
    if instrument is None:
        return None
    responses = list(
        MeasureResponse.objects.filter(case=case, instrument=instrument).order_by(
            "completed_on", "created_at"
        )
    )
    completed = [response for response in responses if response.is_completed]
    return InstrumentHistory(instrument, responses, scale_changes(instrument.definition, completed))


def response_for_export(*, actor, response_id) -> MeasureResponse | None:
    """A completed response the actor may see, for the FHIR export; None when out of scope. Audited."""
    response = (
        MeasureResponse.objects.visible_to(actor)
        .filter(pk=response_id, status=MeasureStatus.COMPLETED)
        .select_related("instrument", "case__person", "recorded_by")
        .first()
    )
    if response is None:
        audit_record(
            actor=actor, action="measure.export", details={"response": str(response_id)}, denied=True
        )
        return None
    audit_record(actor=actor, action="measure.export", target=response, person_id=response.case.person_id)
    return response


def instrument_by_code(code) -> Instrument | None:
    return Instrument.objects.filter(code=code).first()


def due_measures_for_cases(cases, today) -> dict:
    """The caseload's reminders for measures due, for a page of cases in one query."""
    recorded = {}
    rows = MeasureResponse.objects.filter(case__in=cases).values_list(
        "case_id", "instrument__code", "time_point", "occasion"
    )
    for case_id, code, time_point, occasion in rows:
        recorded.setdefault(case_id, set()).add((code, time_point, occasion))
    actions = {}
    for case in cases:
        if not case.is_open:
            continue
        for occasion in outstanding(
            scheme=case.referral.scheme,
            opened_on=timezone.localdate(case.opened_at),
            today=today,
            recorded=recorded.get(case.pk, set()),
        ):
            actions.setdefault(case.pk, []).append(
                NextAction(occasion.due_on, f"{occasion.label} measures due")
            )
    return actions


def timeline_entries(case) -> list[TimelineEntry]:
    """One entry per measure recorded or not completed, for the case timeline, in one query."""
    href = reverse("outcomes:case_outcomes", kwargs={"case_id": case.pk})
    entries = []
    for response in MeasureResponse.objects.filter(case=case).select_related("instrument"):
        if response.is_completed:
            titles = {
                scale["code"]: scale_title(response.instrument.definition, scale)
                for scale in scales_of(response.instrument.definition)
            }
            detail = "; ".join(f"{titles[code]} {_shown(scale)}" for code, scale in response.scores.items())
            title = f"{response.instrument.title}: {response.occasion_label.lower()}"
        else:
            detail = response.reason
            title = f"{response.instrument.title} not completed: {response.get_status_display().lower()}"
        entries.append(
            TimelineEntry(
                at=as_datetime(response.completed_on),
                kind="measure",
                title=title,
                detail=detail,
                href=f"{href}#measure-{response.instrument.code}",
            )
        )
    return entries


def _shown(scale: dict) -> str:
    value = scale["raw"] if scale["converted"] is None else scale["converted"]
    return f"{value:g}"


def recordable_instruments() -> list[Instrument]:
    """Every instrument a link worker can record on the Outcomes page (not the casework assessment)."""
    return list(Instrument.objects.exclude(code__in=RECORDED_IN_CASEWORK))


def instruments_for_occasion(case, time_point, occasion, only=None) -> list[Instrument]:
    """The one instrument asked for, or those the schedule still owes at the occasion.

    Once all are recorded, the whole scheduled set: a repeated submit then meets the recorded
    answers and changes nothing, instead of finding the page gone.
    """
    if only:
        return [i for i in recordable_instruments() if i.code == only]
    measures = case_measures(case)
    due = next(
        (o for o in measures.outstanding if (o.time_point, o.occasion) == (time_point, occasion)), None
    )
    codes = due.codes if due else scheduled_codes(case.referral.scheme, time_point)
    by_code = {i.code: i for i in Instrument.objects.filter(code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]


def exit_reminders(case) -> list:
    """Before discharge: the end-of-support measures the scheme asks for that are not yet recorded."""
    measures = case_measures(case)
    exit_due = next((o for o in measures.outstanding if o.time_point == "exit"), None)
    if exit_due is None:
        return []
    titles = ", ".join(measures.instruments[code].title for code in exit_due.codes)
    href = reverse("outcomes:case_outcomes", kwargs={"case_id": case.pk})
    return [(f"End-of-support measures not recorded yet: {titles}", href)]
