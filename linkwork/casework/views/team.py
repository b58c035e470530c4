"""Who works a case: handover, a second worker, supervision notes; and the team's dependency signals."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from linkwork.accounts.access import member_required
from linkwork.core.submit import submit

from .. import rules
from ..forms.team import HandoverForm, SupervisionEditForm, SupervisionForm
from ..selectors.team import (
    DEFAULT_DURATION_WEEKS,
    RECENT_CONTACTS_LIMIT,
    RECENT_WEEKS,
    dependency_signals,
    handover_candidates,
    handover_title,
    handovers,
    supervision_note,
    supervision_notes,
)
from ..services.team import (
    can_hand_over,
    can_supervise,
    case_second_worker_add,
    case_second_worker_remove,
    case_transfer,
    supervision_note_edit,
    supervision_note_record,
)
from ..vocabulary import HandoverKind
from .common import opened_case


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def team(request, case_id):
    header = opened_case(request, case_id)
    case, actor = header.case, request.actor
    may_hand_over = header.can_record and can_hand_over(actor, case)
    # Supervision looks back at a case too, so a team lead may record it after discharge.
    may_supervise = can_supervise(actor, case)
    action = request.POST.get("action") if request.method == "POST" else None
    candidates = [user for user in handover_candidates(case) if user.pk != case.link_worker_id]
    forms = {
        "handover": HandoverForm(
            request.POST if action == "handover" else None, candidates=candidates, prefix="handover"
        ),
        "supervision": SupervisionForm(
            request.POST if action == "supervision" else None, prefix="supervision"
        ),
    }
    if request.method == "POST":
        allowed = {"handover": may_hand_over, "supervision": may_supervise}
        if not allowed.get(action):
            raise PermissionDenied
        done = submit(
            request,
            forms[action],
            lambda data: _HANDLERS[action](actor, case, data),
            done=lambda said: said,
            then=reverse("casework:team", kwargs={"case_id": case.pk}),
        )
        if done:
            return done
    return render(
        request,
        "casework/team/page.jinja",
        {
            "case_header": header,
            "forms": forms,
            "candidates": candidates,
            "handovers": [(handover, handover_title(handover)) for handover in handovers(case)],
            "supervision_notes": supervision_notes(actor=actor, case=case),
            "may_hand_over": may_hand_over,
            "may_supervise": may_supervise,
        },
    )


def _hand_over(actor, case, data) -> str:
    kind, worker, note = data["kind"], data["worker_user"], data["note"]
    if kind == HandoverKind.TRANSFER:
        case_transfer(by=actor, case=case, to_worker=worker, note=note)
        return f"Case handed over to {worker.display_name}."
    if kind == HandoverKind.SECOND_WORKER:
        case_second_worker_add(by=actor, case=case, worker=worker, note=note)
        return f"{worker.display_name} added as second worker."
    case_second_worker_remove(by=actor, case=case, note=note)
    return "Second worker removed."


def _supervise(actor, case, data) -> str:
    supervision_note_record(by=actor, case=case, note=data["note"])
    return "Supervision note saved."


_HANDLERS = {"handover": _hand_over, "supervision": _supervise}


@member_required(rules.can_lead)
@require_http_methods(["GET", "POST"])
def supervision_edit(request, case_id, note_id):
    header = opened_case(request, case_id)
    note = supervision_note(actor=request.actor, case=header.case, note_id=note_id)
    if note is None:
        raise Http404
    if request.method == "GET":
        form = SupervisionEditForm(initial={"note": note.note, "version": note.version})
        return _supervision_page(request, header, note, form)
    form = SupervisionEditForm(request.POST)

    def show_both_versions(stale):
        # Keep what this person typed, now against the saved version, so saving again is a choice.
        data = request.POST.copy()
        data["version"] = str(stale.current.version)
        mine = SupervisionEditForm(data)
        mine.is_valid()
        mine.add_error(None, stale.message)
        return _supervision_page(request, header, note, mine, theirs=stale.current)

    return submit(
        request,
        form,
        lambda data: supervision_note_edit(
            by=request.actor, supervision=note, expected_version=data["version"], note=data["note"]
        ),
        done="Supervision note updated.",
        then=reverse("casework:team", kwargs={"case_id": header.case.pk}),
        on_stale=show_both_versions,
    ) or _supervision_page(request, header, note, form)


def _supervision_page(request, header, note, form, theirs=None):
    return render(
        request,
        "casework/team/supervision_edit.jinja",
        {"case_header": header, "note": note, "form": form, "theirs": theirs},
    )


@member_required(rules.can_lead)
def dependency(request):
    rows = dependency_signals(actor=request.actor)
    return render(
        request,
        "casework/team/dependency.jinja",
        {
            "rows": rows,
            "flagged": sum(1 for row in rows if row.signals),
            "limits": {
                "recent_contacts": RECENT_CONTACTS_LIMIT,
                "recent_weeks": RECENT_WEEKS,
                "default_weeks": DEFAULT_DURATION_WEEKS,
            },
        },
    )
