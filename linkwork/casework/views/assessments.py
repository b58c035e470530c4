"""A case's holistic assessments: the scores so far with the chart of change, and recording a new one."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.accounts.access import member_required
from linkwork.core.submit import submit

from .. import rules
from ..charts import assessment_chart_svg
from ..forms.assessments import AssessmentForm
from ..selectors.assessments import assessment_history
from ..services.assessments import assessment_record
from .common import opened_case


@member_required(rules.can_work_cases)
@require_GET
def assessments(request, case_id):
    header = opened_case(request, case_id)
    return render(
        request,
        "casework/assessments/list.jinja",
        {"case_header": header, "history": assessment_history(header.case)},
    )


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def assessment_new(request, case_id):
    header = opened_case(request, case_id, changing=True)
    history = assessment_history(header.case)
    form = AssessmentForm(request.POST or None, has_baseline=history.baseline is not None)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda data: assessment_record(by=request.actor, case=header.case, **form.assessment()),
            done=lambda assessment: f"Assessment recorded: {assessment.get_time_point_display().lower()}.",
            then=reverse("casework:assessments", kwargs={"case_id": header.case.pk}),
        )
    ):
        return done
    return render(
        request,
        "casework/assessments/new.jinja",
        {"case_header": header, "history": history, "form": form},
    )


@member_required(rules.can_work_cases)
@require_GET
def assessment_chart(request, case_id):
    header = opened_case(request, case_id)
    svg = assessment_chart_svg(assessment_history(header.case))
    return HttpResponse(svg, content_type="image/svg+xml")
