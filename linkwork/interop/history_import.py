"""Import a service's history from a spreadsheet (CSV): people, referrals, cases and outcome measures.

docs/import-history.md describes the columns. One row per outcome measure answered (or one row for a
case with none); rows sharing a `record_id` are one person's one referral and case. Every row is
checked first (NHS number check digit, dates, codes, answers scored by the instruments' own rules);
then each record goes through the same services as the screens, as the importing team lead, and is
moved back to its recorded dates. Any problem anywhere and nothing is saved. A record whose
`record_id` was imported before (for this scheme) is skipped, so running the same file again
changes nothing.
"""

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from linkwork.accounts.models import Membership, Role
from linkwork.casework.models import Case, ImportBatch
from linkwork.casework.models.imports import BATCH_NAME_LENGTH
from linkwork.casework.services.cases import case_discharge, referral_decide_and_open_case
from linkwork.casework.services.imports import import_batch_add_cases
from linkwork.casework.vocabulary import DischargeReason, TimePoint
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record
from linkwork.outcomes.models import Instrument
from linkwork.outcomes.scoring import ScoringError, score_answers
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.outcomes.vocabulary import CompletedBy
from linkwork.people.validators import nhs_number_problem, normalise_nhs_number
from linkwork.people.vocabulary import EthnicCategory, Sex
from linkwork.referrals.models import Referral
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_submit,
    referral_triage,
)
from linkwork.referrals.vocabulary import NEEDS
from linkwork.schemes.models import Scheme
from linkwork.schemes.vocabulary import LONG_TERM_CONDITIONS, REFERRAL_SOURCES

PERSON_COLUMNS = ["nhs_number", "given_name", "family_name", "date_of_birth", "sex", "ethnicity", "postcode"]
CASE_COLUMNS = [
    "referral_date",
    "referral_source",
    "needs",
    "conditions",
    "case_opened",
    "case_closed",
    "discharge_reason",
]
MEASURE_COLUMNS = ["instrument", "time_point", "occasion", "completed_on", "answers"]
COLUMNS = ["record_id", *PERSON_COLUMNS, *CASE_COLUMNS, *MEASURE_COLUMNS]
REQUIRED = {
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "referral_date",
    "referral_source",
    "needs",
    "case_opened",
}
FIRST_DATA_ROW = 2  # row 1 is the header, as a spreadsheet numbers it
IMPORT_NOTE = "Imported from the service's earlier records"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.reason}"


@dataclass
class ImportResult:
    cases_imported: int = 0
    cases_already_imported: int = 0
    measures_imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    batch: ImportBatch | None = None  # None when nothing new was imported


@dataclass
class _Row:
    number: int
    values: dict
    dates: dict = field(default_factory=dict)


class _Rejected(Exception):
    pass


def default_batch_name() -> str:
    return f"History imported {timezone.localdate():%-d %B %Y}"


def import_history(*, by: Actor, scheme: Scheme, link_worker, lines, batch_name: str = "") -> ImportResult:
    """Check every row, then save them all or nothing; `lines` is the CSV text (any iterable of lines).

    The cases imported are kept together as a batch called `batch_name` (by default, the date), so a
    report can be restricted to them; a name too long raises DomainError before anything is read.
    """
    batch_name = " ".join(batch_name.split()) or default_batch_name()
    if len(batch_name) > BATCH_NAME_LENGTH:
        raise DomainError(f"Give the batch a name of {BATCH_NAME_LENGTH} characters or fewer", field="batch")
    result = ImportResult()
    rows = _read(lines, result.errors)
    if not result.errors:
        instruments = {
            i.code: i for i in Instrument.objects.filter(code__in={r.values["instrument"] for r in rows})
        }
        for row in rows:
            _check_row(row, instruments, result.errors)
        records = _records(rows, result.errors)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            imported = []
            for record_id, record in records.items():
                case = _save_record(by, scheme, link_worker, record_id, record, instruments, result)
                if case is not None:
                    imported.append(case)
            if result.errors:
                raise _Rejected
            if imported:
                result.batch = import_batch_add_cases(by=by, scheme=scheme, name=batch_name, cases=imported)
            audit_record(
                actor=by,
                action="history.import",
                target=scheme,
                details={
                    "cases": result.cases_imported,
                    "measures": result.measures_imported,
                    "batch": batch_name if result.batch else "",
                },
            )
    except _Rejected:
        result.cases_imported = result.measures_imported = 0
        result.batch = None
    return result


def importing_link_worker(by: Actor, username: str):
    """The link worker the imported cases are allocated to: a link worker or team lead of the importer's provider."""
    membership = (
        Membership.objects.active()
        .filter(
            user__username=username, organisation=by.organisation, role__in=[Role.LINK_WORKER, Role.TEAM_LEAD]
        )
        .select_related("user")
        .first()
    )
    if membership is None:
        raise DomainError(f"{username!r} is not a link worker at {by.organisation}", field="link_worker")
    return membership.user


def _read(lines, errors) -> list[_Row]:
    reader = csv.DictReader(lines)
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        errors.append(RowError(1, ", ".join(missing), "these columns are missing from the header row"))
        return []
    rows = []
    for number, values in enumerate(reader, start=FIRST_DATA_ROW):
        rows.append(_Row(number, {column: (values.get(column) or "").strip() for column in COLUMNS}))
    if not rows:
        errors.append(RowError(FIRST_DATA_ROW, "record_id", "the file has no rows under the header"))
    return rows


def _check_row(row: _Row, instruments: dict, errors: list) -> None:
    values = row.values

    def problem(column, reason):
        errors.append(RowError(row.number, column, reason))

    for column in sorted(REQUIRED, key=COLUMNS.index):
        if not values[column]:
            problem(column, "is empty")
    if values["nhs_number"] and (why := nhs_number_problem(values["nhs_number"])):
        problem("nhs_number", why)
    for column in ("date_of_birth", "referral_date", "case_opened", "case_closed", "completed_on"):
        if values[column]:
            try:
                row.dates[column] = datetime.date.fromisoformat(values[column])
            except ValueError:
                problem(column, f"{values[column]!r} is not a date written as YYYY-MM-DD")
    _check_codes(values, problem)
    _check_order(row, problem)
    if values["instrument"]:
        _check_measure(row, instruments, problem)
    elif any(values[column] for column in MEASURE_COLUMNS):
        problem(
            "instrument",
            "give the outcome measure's code for these answers, or leave the measure columns empty",
        )


MEASURE_COLUMNS = ("time_point", "occasion", "completed_on", "answers")


def _check_codes(values, problem):
    if values["sex"] and values["sex"] not in Sex.values:
        problem("sex", f"{values['sex']!r} is not one of {', '.join(Sex.values)}")
    if values["ethnicity"] and values["ethnicity"] not in EthnicCategory.values:
        problem("ethnicity", f"{values['ethnicity']!r} is not an NHS ethnic category code (A to Z)")
    if values["referral_source"] and values["referral_source"] not in REFERRAL_SOURCES:
        problem(
            "referral_source", f"{values['referral_source']!r} is not one of {', '.join(REFERRAL_SOURCES)}"
        )
    for column, known in (("needs", NEEDS), ("conditions", LONG_TERM_CONDITIONS)):
        unknown = [code for code in _codes(values[column]) if code not in known]
        if unknown:
            problem(column, f"unknown codes: {', '.join(unknown)}")
    if values["discharge_reason"] and values["discharge_reason"] not in DischargeReason.values:
        problem("discharge_reason", f"{values['discharge_reason']!r} is not a discharge reason code")
    if bool(values["case_closed"]) != bool(values["discharge_reason"]):
        problem("discharge_reason", "give both the date the case closed and why, or neither")


def _check_order(row, problem):
    dates, today = row.dates, timezone.localdate()
    for column, date in dates.items():
        if date > today:
            problem(column, "is in the future")
    ordered = [
        c
        for c in ("date_of_birth", "referral_date", "case_opened", "completed_on", "case_closed")
        if c in dates
    ]
    for earlier, later in pairwise(ordered):
        if dates[later] < dates[earlier]:
            problem(later, f"is before {earlier.replace('_', ' ')}")


def _check_measure(row, instruments, problem):
    values = row.values
    instrument = instruments.get(values["instrument"])
    if instrument is None:
        problem("instrument", f"there is no outcome measure with the code {values['instrument']!r}")
        return
    if values["time_point"] not in TimePoint.values:
        problem("time_point", f"{values['time_point']!r} is not one of {', '.join(TimePoint.values)}")
        return
    if not values["occasion"].isdecimal() or not values["occasion"].isascii():
        problem("occasion", "is not a whole number (0 at the start and end, 1, 2… for reviews)")
        return
    occasion = int(values["occasion"])
    if (occasion < 1) if values["time_point"] == TimePoint.REVIEW else (occasion != 0):
        problem("occasion", "reviews are numbered from 1; the start and end of support are 0")
    if "completed_on" not in row.dates:
        problem("completed_on", "give the date the questions were answered")
    answers = _answers(values["answers"], problem)
    if answers is None:
        return
    try:
        score_answers(instrument.definition, answers, time_point=values["time_point"])
    except ScoringError as error:
        problem("answers", error.message)


def _answers(text, problem) -> dict | None:
    """`item=score; item=score` as {item: score}; None (and a problem) when it cannot be read."""
    answers = {}
    for part in _codes(text):
        item, _, score = part.partition("=")
        try:
            answers[item.strip()] = int(score)
        except ValueError:
            problem("answers", f"{part!r} is not written as item=score with a whole-number score")
            return None
    return answers


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(";") if code.strip()]


def _records(rows, errors) -> dict[str, list[_Row]]:
    """Rows grouped by record_id; a record's rows must agree on the person and the case."""
    records = defaultdict(list)
    for row in rows:
        records[row.values["record_id"]].append(row)
    for record in records.values():
        first = record[0]
        seen = set()
        for row in record:
            for column in PERSON_COLUMNS + CASE_COLUMNS:
                if row.values[column] != first.values[column]:
                    errors.append(
                        RowError(row.number, column, f"differs from row {first.number} of the same record")
                    )
            key = (row.values["instrument"], row.values["time_point"], row.values["occasion"])
            if row.values["instrument"] and key in seen:
                errors.append(RowError(row.number, "instrument", "this measure is already in the record"))
            seen.add(key)
    return dict(records)


def _save_record(by, scheme, link_worker, record_id, record, instruments, result) -> Case | None:
    """The case imported, or None (imported before, or refused with the problems in `result.errors`)."""
    first = record[0]
    values, dates = first.values, first.dates
    column = "record_id"
    try:
        referral, created = referral_submit(
            by=by
            if values["referral_source"] != "self"
            else Actor(user=by.user, organisation=None, role="self_referral"),
            scheme=scheme,
            source=values["referral_source"],
            person_details={
                "given_name": values["given_name"],
                "family_name": values["family_name"],
                "date_of_birth": dates["date_of_birth"],
                "nhs_number": normalise_nhs_number(values["nhs_number"]),
                "sex": values["sex"] or Sex.NOT_KNOWN,
                "ethnicity": values["ethnicity"] or EthnicCategory.NOT_KNOWN,
                "postcode": values["postcode"],
            },
            needs=_codes(values["needs"]),
            conditions=_codes(values["conditions"]),
            consent_to_refer=True,
            idempotency_key=f"history:{scheme.slug}:{record_id}",
            duplicate_decision="new",
            eligibility_override_reason=IMPORT_NOTE,
        )
        if not created:
            result.cases_already_imported += 1
            return None
        case = _open_case(by, referral, link_worker, dates)
        for row in record:
            if row.values["instrument"]:
                column = "answers"
                _record_measure(by, case, row, instruments)
                result.measures_imported += 1
        if values["case_closed"]:
            column = "case_closed"
            _close(by, case, values["discharge_reason"], dates["case_closed"])
        result.cases_imported += 1
        return case
    except DomainError as error:
        result.errors.append(RowError(first.number, error.field or column, error.message))
    except ValidationError as error:
        # A model's own checks (a postcode, a name too long) refused the record: name the field.
        for field, messages in (
            error.message_dict.items() if hasattr(error, "error_dict") else [(column, error.messages)]
        ):
            result.errors.append(RowError(first.number, field, "; ".join(messages)))
    return None


def _open_case(by, referral, link_worker, dates) -> Case:
    referral = referral_triage(
        by=by, referral=referral, level=referral.scheme.triage_levels[-1], note=IMPORT_NOTE
    )
    referral = referral_allocate(by=by, referral=referral, link_worker=link_worker)
    contact_attempt_record(by=by, referral=referral, method="phone", outcome="reached", note=IMPORT_NOTE)
    case = referral_decide_and_open_case(by=by, referral=referral, accepted=True, note=IMPORT_NOTE)
    referred = _at(dates["referral_date"])
    opened = _at(dates["case_opened"])
    Referral.objects.filter(pk=referral.pk).update(
        created_at=referred,
        triaged_at=referred,
        allocated_at=referred,
        first_contact_at=opened,
        outcome_at=opened,
    )
    Case.objects.filter(pk=case.pk).update(opened_at=opened)
    case.refresh_from_db()
    return case


def _record_measure(by, case, row, instruments) -> None:
    values = row.values
    measures_record(
        by=by,
        case=case,
        time_point=values["time_point"],
        occasion=int(values["occasion"]),
        measures=[MeasureAnswers(values["instrument"], _answers(values["answers"], lambda *_: None))],
        completed_on=row.dates["completed_on"],
        completed_by=CompletedBy.PAPER,
    )


def _close(by, case, reason, closed_on) -> None:
    case.refresh_from_db()
    case = case_discharge(by=by, case=case, reason=reason, summary=IMPORT_NOTE, expected_version=case.version)
    Case.objects.filter(pk=case.pk).update(closed_at=_at(closed_on))


def _at(day: datetime.date) -> datetime.datetime:
    """Midday on the day, local time: a recorded date with no time of day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
