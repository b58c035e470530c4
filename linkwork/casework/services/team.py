"""Handover between link workers, and team leads' supervision notes, each with a note and audited."""

from django.db import transaction

from linkwork.accounts.models import Membership, Role
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record, update_if_unchanged

from .. import rules
from ..models import Case, Handover, SupervisionNote
from ..vocabulary import HandoverKind


def can_hand_over(actor: Actor, case: Case) -> bool:
    """A team lead of the case's provider, or the case's own link worker, may hand it over."""
    if not rules.can_work_cases(actor) or case.provider_id != actor.organisation_id:
        return False
    return rules.can_lead(actor) or actor.user.pk == case.link_worker_id


def can_supervise(actor: Actor, case: Case) -> bool:
    return rules.can_lead(actor) and case.provider_id == actor.organisation_id


def _locked_open_case(by: Actor, case: Case) -> Case:
    case = Case.objects.select_for_update().select_related("referral").get(pk=case.pk)
    if not can_hand_over(by, case):
        raise DomainError("Only a team lead or the case's link worker can hand this case over")
    if not case.is_open:
        raise DomainError("This case is closed: it cannot be handed over")
    return case


def _check_worker(case: Case, worker) -> None:
    """The receiving worker must be an active link worker at the case's provider."""
    if worker is None:
        raise DomainError("Choose a link worker", field="worker")
    works_here = Membership.objects.active().filter(
        user=worker, organisation_id=case.provider_id, role=Role.LINK_WORKER
    )
    if not works_here.exists():
        raise DomainError("Choose a link worker who works for this case's organisation", field="worker")


def _clean_note(note: str) -> str:
    note = note.strip()
    if not note:
        raise DomainError("Write a handover note for the worker taking over", field="note")
    return note


def _repeat(case: Case, by: Actor, **fields) -> Handover | None:
    """The last handover, if this request is the same form sent again."""
    last = Handover.objects.filter(case=case).order_by("-created_at", "-id").first()
    if last is None or last.by_id != by.user.pk:
        return None
    if all(getattr(last, name) == value for name, value in fields.items()):
        return last
    return None


def _record(by: Actor, case: Case, action: str, **fields) -> Handover:
    handover = Handover.objects.create(case=case, by=by.user, **fields)
    audit_record(
        actor=by,
        action=action,
        target=case,
        person_id=case.person_id,
        details={"kind": fields["kind"], "handover": handover.pk},
    )
    return handover


@transaction.atomic
def case_transfer(*, by: Actor, case: Case, to_worker, note: str) -> Handover:
    """Move the case (and its referral, so both agree) to another link worker of the same provider."""
    note = _clean_note(note)
    case = _locked_open_case(by, case)
    if case.link_worker_id == getattr(to_worker, "pk", None):
        repeat = _repeat(case, by, kind=HandoverKind.TRANSFER, to_worker_id=to_worker.pk, note=note)
        if repeat is not None:
            return repeat
        raise DomainError(f"{to_worker.display_name} is already this case's link worker", field="worker")
    _check_worker(case, to_worker)
    from_worker = case.link_worker
    case.link_worker = to_worker
    if case.second_worker_id == to_worker.pk:
        case.second_worker = None  # the second worker now leads: they are not also the second
    case.save(update_fields=["link_worker", "second_worker", "updated_at"])
    case.referral.link_worker = to_worker
    case.referral.save(update_fields=["link_worker", "updated_at"])
    return _record(
        by,
        case,
        "case.transfer",
        kind=HandoverKind.TRANSFER,
        from_worker=from_worker,
        to_worker=to_worker,
        note=note,
    )


@transaction.atomic
def case_second_worker_add(*, by: Actor, case: Case, worker, note: str) -> Handover:
    """Add a second link worker to work alongside the case's own."""
    note = _clean_note(note)
    case = _locked_open_case(by, case)
    if case.second_worker_id is not None and case.second_worker_id == getattr(worker, "pk", None):
        repeat = _repeat(case, by, kind=HandoverKind.SECOND_WORKER, to_worker_id=worker.pk, note=note)
        if repeat is not None:
            return repeat
        raise DomainError(f"{worker.display_name} is already the second worker", field="worker")
    _check_worker(case, worker)
    if case.second_worker_id is not None:
        raise DomainError(
            f"{case.second_worker.display_name} is already the second worker: remove them first",
            field="worker",
        )
    if worker.pk == case.link_worker_id:
        raise DomainError(f"{worker.display_name} is already this case's link worker", field="worker")
    case.second_worker = worker
    case.save(update_fields=["second_worker", "updated_at"])
    return _record(
        by, case, "case.second_worker_add", kind=HandoverKind.SECOND_WORKER, to_worker=worker, note=note
    )


@transaction.atomic
def case_second_worker_remove(*, by: Actor, case: Case, note: str) -> Handover:
    """Take the second worker off the case; the case's own link worker carries on."""
    note = _clean_note(note)
    case = _locked_open_case(by, case)
    if case.second_worker_id is None:
        repeat = _repeat(case, by, kind=HandoverKind.SECOND_WORKER_REMOVED, note=note)
        if repeat is not None:
            return repeat
        raise DomainError("This case has no second worker to remove")
    removed = case.second_worker
    case.second_worker = None
    case.save(update_fields=["second_worker", "updated_at"])
    return _record(
        by,
        case,
        "case.second_worker_remove",
        kind=HandoverKind.SECOND_WORKER_REMOVED,
        from_worker=removed,
        note=note,
    )


@transaction.atomic
def supervision_note_record(*, by: Actor, case: Case, note: str) -> SupervisionNote:
    """A team lead's note of supervision about the case with its link worker."""
    note = note.strip()
    if not can_supervise(by, case):
        raise DomainError("Only a team lead of this case's organisation can record supervision")
    if not note:
        raise DomainError("Write the supervision note", field="note")
    case = Case.objects.select_for_update().get(pk=case.pk)
    last = SupervisionNote.objects.filter(case=case).order_by("-created_at", "-id").first()
    if last is not None and (last.by_id, last.link_worker_id, last.note) == (
        by.user.pk,
        case.link_worker_id,
        note,
    ):
        return last  # the same form sent twice
    supervision = SupervisionNote.objects.create(
        case=case, link_worker_id=case.link_worker_id, note=note, by=by.user
    )
    audit_record(actor=by, action="supervision.record", target=supervision, person_id=case.person_id)
    return supervision


@transaction.atomic
def supervision_note_edit(
    *, by: Actor, supervision: SupervisionNote, expected_version: int, note: str
) -> SupervisionNote:
    """Change a supervision note; if someone saved it since it was opened, StaleEdit and nothing changes."""
    note = note.strip()
    if not can_supervise(by, supervision.case):
        raise DomainError("Only a team lead of this case's organisation can change supervision notes")
    if not note:
        raise DomainError("Write the supervision note", field="note")
    if note == supervision.note and expected_version == supervision.version:
        return supervision
    supervision = update_if_unchanged(supervision, expected_version=expected_version, values={"note": note})
    audit_record(
        actor=by, action="supervision.edit", target=supervision, person_id=supervision.case.person_id
    )
    return supervision


@transaction.atomic
def cases_reallocate(*, by: Actor, cases: list[Case], to_worker, note: str) -> list[Handover]:
    """A team lead hands many cases to one link worker at once (a worker leaving, say): each is a
    handover with the same note, all or none. A case already with that worker is left as it is."""
    if not rules.can_lead(by):
        raise DomainError("Only a team lead can reallocate cases")
    if not cases:
        raise DomainError("Choose at least one case to reallocate", field="cases")
    note = _clean_note(note)
    handovers = [
        case_transfer(by=by, case=case, to_worker=to_worker, note=note)
        for case in cases
        if case.link_worker_id != getattr(to_worker, "pk", None)
    ]
    audit_record(
        actor=by,
        action="case.bulk_reallocate",
        details={"to_worker": getattr(to_worker, "pk", None), "cases": [str(case.pk) for case in cases]},
    )
    return handovers
