"""The Outcomes section of a case: what is due, recording a time point's measures, links, change."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.casework import rules
from linkwork.casework.views.common import opened_case
from linkwork.casework.vocabulary import TimePoint
from linkwork.core.errors import DomainError
from linkwork.core.submit import submit

from ..charts import change_chart_svg
from ..forms import NotCompletedForm, SessionAnswersForm
from ..schedule import current_review
from ..selectors import case_measures, instrument_history, instruments_for_occasion, recordable_instruments
from ..services.links import questionnaire_link_issue
from ..services.responses import measure_not_completed, measures_record
from ..vocabulary import occasion_label


@member_required(rules.can_work_cases)
@require_GET
def case_outcomes(request, case_id):
    header = opened_case(request, case_id)
    return render(
        request,
        "outcomes/case_outcomes.jinja",
        {
            "case_header": header,
            "measures": case_measures(header.case),
            "today": timezone.localdate(),
            "instrument_items": [{"value": i.code, "text": i.title} for i in recordable_instruments()],
        },
    )


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def measures_new(request, case_id, time_point, occasion):
    header = opened_case(request, case_id, changing=True)
    instruments = _instruments_or_404(header.case, time_point, occasion, request.GET.get("instrument"))
    form = SessionAnswersForm(request.POST or None, instruments=instruments, time_point=time_point)
    label = occasion_label(time_point, occasion)

    def recorded(responses):
        # The safety prompt comes first: it is what the link worker must act on today.
        if any(response.flags for response in responses):
            messages.warning(
                request, "An answer raised a risk flag on the case: check the person's safety today."
            )
        return f"{label} measures recorded."

    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda data: measures_record(
                by=request.actor,
                case=header.case,
                time_point=time_point,
                occasion=occasion,
                measures=form.measures(),
                completed_on=data["completed_on"],
                completed_by=data["completed_by"],
            ),
            done=recorded,
            then=_outcomes_url(header),
        )
    ):
        return done
    return render(
        request,
        "outcomes/measures_new.jinja",
        {"case_header": header, "form": form, "occasion_label": label},
    )


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def measure_not_completed_new(request, case_id, time_point, occasion):
    header = opened_case(request, case_id, changing=True)
    instruments = _instruments_or_404(header.case, time_point, occasion, None)
    form = NotCompletedForm(request.POST or None, instruments=instruments)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda data: measure_not_completed(
                by=request.actor, case=header.case, time_point=time_point, occasion=occasion, **data
            ),
            done="Recorded as not completed, with the reason.",
            then=_outcomes_url(header),
        )
    ):
        return done
    return render(
        request,
        "outcomes/not_completed.jinja",
        {"case_header": header, "form": form, "occasion_label": occasion_label(time_point, occasion)},
    )


@member_required(rules.can_work_cases)
@require_POST
def link_new(request, case_id, time_point, occasion):
    header = opened_case(request, case_id, changing=True)
    instruments = _instruments_or_404(header.case, time_point, occasion, None)
    # Licensed measures whose wording is not loaded can only be asked from the paper form.
    paper_only = [instrument.title for instrument in instruments if not instrument.has_item_text]
    codes = [instrument.code for instrument in instruments if instrument.has_item_text]
    try:
        link, token = questionnaire_link_issue(
            by=request.actor, case=header.case, time_point=time_point, occasion=occasion, codes=codes
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("outcomes:case_outcomes", case_id=header.case.pk)
    # The token is shown this once and never stored, so this page is the response, not a redirect.
    return render(
        request,
        "outcomes/link_issued.jinja",
        {
            "case_header": header,
            "link": link,
            "titles": [instrument.title for instrument in instruments if instrument.has_item_text],
            "paper_only": paper_only,
            "address": request.build_absolute_uri(reverse("outcomes:questionnaire", kwargs={"token": token})),
            "occasion_label": occasion_label(time_point, occasion),
        },
    )


@member_required(rules.can_work_cases)
@require_GET
def another_measure(request, case_id):
    """Record a measure the scheme does not schedule (PHQ-9 when worried, say) at a chosen time point."""
    header = opened_case(request, case_id, changing=True)
    code, time_point = request.GET.get("instrument", ""), request.GET.get("time_point", "")
    if (
        code not in {instrument.code for instrument in recordable_instruments()}
        or time_point not in TimePoint.values
    ):
        messages.error(request, "Choose a measure and when it is for")
        return redirect("outcomes:case_outcomes", case_id=header.case.pk)
    occasion = 0
    if time_point == TimePoint.REVIEW:
        opened_on = timezone.localdate(header.case.opened_at)
        occasion = max(1, current_review(header.scheme, opened_on, timezone.localdate()))
    target = reverse(
        "outcomes:measures_new",
        kwargs={"case_id": header.case.pk, "time_point": time_point, "occasion": occasion},
    )
    return redirect(f"{target}?instrument={code}")


@member_required(rules.can_work_cases)
@require_GET
def change_chart(request, case_id, code):
    header = opened_case(request, case_id)
    history = instrument_history(header.case, code)
    if history is None:
        raise Http404
    return HttpResponse(change_chart_svg(history), content_type="image/svg+xml")


@member_required(rules.can_work_cases)
@require_GET
def change_summary(request, case_id):
    """A plain page of the person's change, to print and give them."""
    header = opened_case(request, case_id)
    return render(
        request,
        "outcomes/change_summary.jinja",
        {"case_header": header, "measures": case_measures(header.case), "today": timezone.localdate()},
    )


def _outcomes_url(header):
    return reverse("outcomes:case_outcomes", kwargs={"case_id": header.case.pk})


def _instruments_or_404(case, time_point, occasion, only):
    if time_point not in TimePoint.values:
        raise Http404
    instruments = instruments_for_occasion(case, time_point, occasion, only)
    if not instruments:
        raise Http404
    return instruments
