"""The caseload, the case page with one-screen contact recording, limits and discharge."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.submit import submit

from .. import rules
from ..extensions import discharge_reminders
from ..forms.cases import CaseSearchForm, ContactForm, ContactMarkForm, DischargeForm, ExtendForm
from ..forms.team import ReallocateForm
from ..selectors.caseload import (
    case_search,
    caseload_cursor_parse,
    caseload_page,
    team_caseloads,
    team_workers,
    worker_open_cases,
)
from ..selectors.cases import (
    booked_contacts,
    case_goals,
    case_timeline,
    contact_get,
    has_exit_assessment,
    other_cases,
)
from ..services.cases import case_discharge, case_extend
from ..services.contacts import contact_mark, contact_record
from ..services.team import cases_reallocate
from .common import opened_case, require_recording


@member_required(rules.can_work_cases)
def caseload(request):
    worker = request.user
    if rules.can_lead(request.actor) and request.GET.get("worker"):
        worker = team_workers(actor=request.actor).get(_int(request.GET["worker"]))
        if worker is None:
            raise Http404
    page = caseload_page(
        actor=request.actor,
        worker=worker,
        status="closed" if request.GET.get("status") == "closed" else "open",
        flagged_only=request.GET.get("risk") == "flagged",
        after=caseload_cursor_parse(request.GET.get("after")),
    )
    return render(request, "casework/caseload.jinja", {"page": page, "filters": request.GET})


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def caseload_search(request):
    # POSTed, so NHS numbers and names never appear in URLs or access logs.
    form = CaseSearchForm(request.POST if request.method == "POST" else None)
    results = (
        case_search(actor=request.actor, **form.criteria()) if form.is_bound and form.is_valid() else None
    )
    return render(request, "casework/caseload_search.jinja", {"form": form, "results": results})


@member_required(rules.can_lead)
@require_http_methods(["GET", "POST"])
def reallocate(request):
    """Move one worker's open cases (some or all) to another worker, with one handover note."""
    workers = team_workers(actor=request.actor)
    from_worker = workers.get(_int(request.GET.get("from")))
    if from_worker is None:
        return render(
            request, "casework/reallocate.jinja", {"workers": workers.values(), "from_worker": None}
        )
    cases = worker_open_cases(actor=request.actor, worker=from_worker)
    others = [user for pk, user in workers.items() if pk != from_worker.pk]
    form = ReallocateForm(request.POST if request.method == "POST" else None, cases=cases, workers=others)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda data: cases_reallocate(
                by=request.actor,
                cases=form.chosen_cases(),
                to_worker=form.workers[data["to_worker"]],
                note=data["note"],
            ),
            done=lambda moved: (
                f"{len(moved)} case{'' if len(moved) == 1 else 's'} handed from {from_worker.display_name} "
                f"to {form.workers[form.cleaned_data['to_worker']].display_name}."
            ),
            then=reverse("casework:team_caseload"),
        )
    ):
        return done
    return render(
        request,
        "casework/reallocate.jinja",
        {"workers": workers.values(), "from_worker": from_worker, "form": form, "cases": cases},
    )


@member_required(rules.can_lead)
def team_caseload(request):
    return render(request, "casework/team_caseload.jinja", {"rows": team_caseloads(actor=request.actor)})


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def case_detail(request, case_id):
    header = opened_case(request, case_id)
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require_recording(header)
        done = submit(
            request,
            form,
            lambda data: contact_record(by=request.actor, case=header.case, **form.service_arguments()),
            done="Contact recorded.",
            then=_case_url(header),
        )
        if done:
            return done
    return render(
        request,
        "casework/case.jinja",
        {
            "case_header": header,
            "form": form,
            "timeline": case_timeline(header.case),
            "booked": booked_contacts(header.case),
            "other_cases": other_cases(actor=request.actor, case=header.case),
            "extend_form": ExtendForm(initial={"version": header.case.version}),
            "mark_form": ContactMarkForm(),
        },
    )


@member_required(rules.can_work_cases)
@require_POST
def contact_update(request, case_id, contact_id):
    header = opened_case(request, case_id)
    require_recording(header)
    contact = contact_get(case=header.case, contact_id=contact_id)
    if contact is None:
        raise Http404
    return submit(
        request,
        ContactMarkForm(request.POST),
        lambda data: contact_mark(
            by=request.actor,
            contact=contact,
            expected_version=data["version"],
            attendance=data["attendance"],
            note=data["note"],
        ),
        done="Appointment updated.",
        back=_case_url(header),
        on_stale=lambda stale: _refused(
            request,
            f"{stale.message} It is now: {stale.current.get_attendance_display().lower()}.",
            _case_url(header),
        ),
    )


@member_required(rules.can_work_cases)
@require_POST
def extend(request, case_id):
    header = opened_case(request, case_id)
    require_recording(header)
    return submit(
        request,
        ExtendForm(request.POST),
        lambda data: case_extend(
            by=request.actor, case=header.case, reason=data["reason"], expected_version=data["version"]
        ),
        done="Extension recorded.",
        back=_case_url(header),
    )


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def discharge(request, case_id):
    header = opened_case(request, case_id)
    require_recording(header)
    form = DischargeForm(
        request.POST if request.method == "POST" else None,
        initial={"version": header.case.version},
        goals=case_goals(case=header.case),
    )
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda data: case_discharge(
                by=request.actor,
                case=header.case,
                reason=data["reason"],
                summary=data["summary"],
                expected_version=data["version"],
                goal_statuses=form.goal_statuses(),
            ),
            done=f"{header.case.person.full_name} discharged.",
            then=_case_url(header),
        )
    ):
        return done
    return render(
        request,
        "casework/discharge.jinja",
        {
            "case_header": header,
            "form": form,
            "has_exit_assessment": has_exit_assessment(case=header.case),
            "reminders": discharge_reminders(header.case),
        },
    )


def _case_url(header):
    return reverse("casework:case", kwargs={"case_id": header.case.pk})


def _refused(request, message, url):
    messages.error(request, message)
    return redirect(url)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
