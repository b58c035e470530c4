"""A case's holistic assessments: the scores so far with the chart of change, and recording a new one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError

from .. import rules
from ..charts import assessment_chart_svg
from ..forms.assessments import AssessmentForm
from ..selectors.assessments import assessment_history
from ..services.assessments import assessment_record
from .common import opened_case


@never_cache
@member_required(rules.can_work_cases)
@require_GET
def assessments(request, case_id):
    header = opened_case(request, case_id)
    return render(
        request,
        "casework/assessments/list.jinja",
        {"case_header": header, "history": assessment_history(header.case)},
    )


@never_cache
@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def assessment_new(request, case_id):
    header = opened_case(request, case_id)
    if not header.can_record:
        raise PermissionDenied
    history = assessment_history(header.case)
    form = AssessmentForm(request.POST or None, has_baseline=history.baseline is not None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_record(by=request.actor, case=header.case, **form.assessment())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Assessment recorded: {assessment.get_time_point_display().lower()}.")
            return redirect("casework:assessments", case_id=header.case.pk)
    return render(
        request,
        "casework/assessments/new.jinja",
        {"case_header": header, "history": history, "form": form},
    )


@never_cache
@member_required(rules.can_work_cases)
@require_GET
def assessment_chart(request, case_id):
    header = opened_case(request, case_id)
    svg = assessment_chart_svg(assessment_history(header.case))
    return HttpResponse(svg, content_type="image/svg+xml")
