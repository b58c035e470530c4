"""What matters to the person, their goals and progress, and direct support: the case's Goals pages."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.submit import submit

from .. import rules
from ..forms.goals import DirectSupportForm, GoalCreateForm, GoalEditForm, GoalProgressForm, WhatMattersForm
from ..selectors.goals import goal_for_case, goal_progress_history, goals_overview
from ..services.goals import goal_create, goal_progress_add, goal_update, what_matters_update
from ..services.support import direct_support_record
from ..vocabulary import ASSESSMENT_DOMAINS
from .common import opened_case, require_recording

CONFLICT = 409  # someone else saved first: the page is shown again with both versions


def _goal(header, goal_id):
    goal = goal_for_case(case=header.case, goal_id=goal_id)
    if goal is None:
        raise Http404
    return goal


def _goals_page(request, header, *, status=200, conflict=None, **forms):
    case = header.case
    forms.setdefault(
        "what_matters_form",
        WhatMattersForm(initial={"what_matters": case.what_matters, "version": case.version}),
    )
    forms.setdefault("goal_form", GoalCreateForm())
    forms.setdefault("support_form", DirectSupportForm())
    context = {
        "case_header": header,
        "overview": goals_overview(case=case),
        "domains": ASSESSMENT_DOMAINS,
        "conflict": conflict,
    }
    return render(request, "casework/goals/goals.jinja", context | forms, status=status)


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def goals(request, case_id):
    """The Goals page; a POST adds a goal."""
    header = opened_case(request, case_id)
    if request.method == "GET":
        return _goals_page(request, header)
    require_recording(header)
    form = GoalCreateForm(request.POST)
    return submit(
        request,
        form,
        lambda data: goal_create(
            by=request.actor, case=header.case, token=data["token"], **form.service_arguments()
        ),
        done="Goal added.",
        then=_goals_url(header),
    ) or _goals_page(request, header, goal_form=form)


@member_required(rules.can_work_cases)
@require_POST
def what_matters(request, case_id):
    header = opened_case(request, case_id)
    require_recording(header)
    form = WhatMattersForm(request.POST)

    def show_both_versions(stale):
        # Keep their unsaved words in the box; saving again after checking applies them on top.
        mine = WhatMattersForm(
            initial={"what_matters": form.cleaned_data["what_matters"], "version": stale.current.version}
        )
        return _goals_page(request, header, status=CONFLICT, conflict=stale, what_matters_form=mine)

    return submit(
        request,
        form,
        lambda data: what_matters_update(
            by=request.actor,
            case=header.case,
            expected_version=data["version"],
            what_matters=data["what_matters"],
        ),
        done="What matters to them is saved.",
        then=_goals_url(header),
        on_stale=show_both_versions,
    ) or _goals_page(request, header, what_matters_form=form)


@member_required(rules.can_work_cases)
@require_POST
def direct_support(request, case_id):
    header = opened_case(request, case_id)
    require_recording(header)
    form = DirectSupportForm(request.POST)
    return submit(
        request,
        form,
        lambda data: direct_support_record(by=request.actor, case=header.case, **form.service_arguments()),
        done="Direct support recorded.",
        then=_goals_url(header) + "#direct-support",
    ) or _goals_page(request, header, support_form=form)


def _goal_page(request, header, goal, *, status=200, conflict=None, edit_form=None, progress_form=None):
    context = {
        "case_header": header,
        "goal": goal,
        "history": goal_progress_history(goal=goal),
        "domains": ASSESSMENT_DOMAINS,
        "conflict": conflict,
        "edit_form": edit_form or GoalEditForm(initial=_goal_initial(goal)),
        "progress_form": progress_form or GoalProgressForm(initial={"status": goal.status}),
    }
    return render(request, "casework/goals/goal.jinja", context, status=status)


def _goal_initial(goal):
    names = ("domain", "description", "steps", "target_date", "version")
    return {name: getattr(goal, name) for name in names}


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def goal_edit(request, case_id, goal_id):
    """One goal: its progress, a progress note form and the goal's own wording to change."""
    header = opened_case(request, case_id)
    goal = _goal(header, goal_id)
    if request.method == "GET":
        return _goal_page(request, header, goal)
    require_recording(header)
    form = GoalEditForm(request.POST)

    def show_both_versions(stale):
        # Their saved goal is shown; these unsaved changes stay in the form, ready to apply on top.
        mine = GoalEditForm(initial=form.service_arguments() | {"version": stale.current.version})
        theirs = _goal(header, goal_id)
        return _goal_page(request, header, theirs, status=CONFLICT, conflict=stale, edit_form=mine)

    return submit(
        request,
        form,
        lambda data: goal_update(
            by=request.actor, goal=goal, expected_version=data["version"], **form.service_arguments()
        ),
        done="Goal saved.",
        then=_goal_url(header, goal),
        on_stale=show_both_versions,
    ) or _goal_page(request, header, goal, edit_form=form)


@member_required(rules.can_work_cases)
@require_POST
def goal_progress(request, case_id, goal_id):
    header = opened_case(request, case_id)
    goal = _goal(header, goal_id)
    require_recording(header)
    form = GoalProgressForm(request.POST)
    return submit(
        request,
        form,
        lambda data: goal_progress_add(by=request.actor, goal=goal, **data),
        done="Progress noted.",
        then=_goal_url(header, goal),
    ) or _goal_page(request, header, goal, progress_form=form)


def _goals_url(header):
    return reverse("casework:goals", kwargs={"case_id": header.case.pk})


def _goal_url(header, goal):
    return reverse("casework:goal_edit", kwargs={"case_id": header.case.pk, "goal_id": goal.pk})
