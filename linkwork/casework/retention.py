"""Retention: once every referral of a person has been closed for longer than its scheme keeps records,
the person's identifying details and free text are removed, in one transaction, keeping the audit trail
and the coded data that reports need.

A referral is closed when its case is discharged or, with no case, when its outcome was recorded (declined,
signposted, unable to contact, declined by the person). Casework drives it because it is the lowest app
that sees both referrals and cases; apps above casework add their own erasure through extensions.py.
"""

import datetime

from django.db import transaction

from linkwork.core.services import audit_record
from linkwork.people.erasure import people_anonymise
from linkwork.people.models import Person
from linkwork.referrals.erasure import referrals_anonymise
from linkwork.referrals.models import Referral
from linkwork.referrals.vocabulary import OPEN_STATUSES, Status

from . import extensions
from .models import (
    Assessment,
    Case,
    Contact,
    DirectSupport,
    Goal,
    GoalProgress,
    Handover,
    RiskFlag,
    SupervisionNote,
)

BATCH = 500


def _years_after(moment: datetime.datetime, years: int) -> datetime.date:
    day = moment.date()
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def people_due_for_retention(*, today: datetime.date, among=None) -> list:
    """Ids of people (not yet anonymised, not merged away; only those `among`, if given) whose every
    referral closed more than its scheme's retention period before `today`."""
    referrals = Referral.objects.filter(person__anonymised_at__isnull=True, person__merged_into__isnull=True)
    if among is not None:
        referrals = referrals.filter(person__in=among)
    rows = (
        referrals.values_list(
            "person_id", "status", "scheme__retention_years", "outcome_at", "updated_at", "case__closed_at"
        )
        .order_by("person_id")
        .iterator(chunk_size=2000)
    )
    keep: set = set()
    due: set = set()
    for person_id, status, years, outcome_at, updated_at, case_closed_at in rows:
        if status == Status.ACCEPTED:
            closed_at = case_closed_at
        elif status in OPEN_STATUSES:
            closed_at = None
        else:
            closed_at = outcome_at or updated_at
        if closed_at is None or _years_after(closed_at, years) > today:
            keep.add(person_id)
        else:
            due.add(person_id)
    return sorted(due - keep)


def _casework_anonymise(person_ids: list) -> dict:
    cases = Case.objects.filter(person__in=person_ids)
    return {
        "cases": cases.update(what_matters="", extension_reason="", discharge_summary=""),
        "assessments": Assessment.objects.filter(case__in=cases).update(note=""),
        "contacts": Contact.objects.filter(case__in=cases).update(note=""),
        "goals": Goal.objects.filter(case__in=cases).update(description="", steps=""),
        "goal progress": GoalProgress.objects.filter(goal__case__in=cases).update(note=""),
        "risk flags": RiskFlag.objects.filter(case__in=cases).update(
            description="", escalated_to="", clear_reason=""
        ),
        "direct support": DirectSupport.objects.filter(case__in=cases).update(note=""),
        "handovers": Handover.objects.filter(case__in=cases).update(note=""),
        "supervision notes": SupervisionNote.objects.filter(case__in=cases).update(note=""),
    }


def retention_apply(*, by, today: datetime.date, dry_run: bool = False) -> dict:
    """Anonymise everyone due, in batches of one transaction each; returns {"people": n, ...counts}."""
    due = people_due_for_retention(today=today)
    if dry_run:
        return {"people": len(due)}
    totals: dict = {}
    for start in range(0, len(due), BATCH):
        batch = due[start : start + BATCH]
        with transaction.atomic():
            # Re-check inside the transaction: a new referral since the scan keeps the person.
            batch = people_due_for_retention(today=today, among=batch)
            counts = (
                referrals_anonymise(batch)
                | _casework_anonymise(batch)
                | extensions.erase_elsewhere(batch)
                | people_anonymise(batch)
            )
            for person in Person.objects.filter(pk__in=batch):
                audit_record(
                    actor=by,
                    action="person.anonymise",
                    target=person,
                    reason="The scheme's retention period ended",
                )
        for name, count in counts.items():
            totals[name] = totals.get(name, 0) + count
    return totals
