"""The outcome report as a PDF, and the pseudonymised record-level extract: thin views over pdf and extract."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwork.accounts.access import member_required

from .. import rules
from ..extract import extract_response
from ..forms import OutcomeReportForm
from ..pdf import render_pdf, report_html
from ..selectors import outcome_report

EXTRACT_KEY_LENGTH = 60


def _criteria_or_back(request):
    """The report's choices from the query, or a redirect back to the form with why not."""
    form = OutcomeReportForm(request.GET, actor=request.actor)
    if form.is_valid():
        return form.cleaned_data["criteria"], None
    messages.error(request, "Check the report's choices, then download again")
    return None, redirect(f"{reverse('reporting:outcomes')}?{request.GET.urlencode()}")


def _filename(criteria, what):
    return f"{criteria.scheme.slug}-{criteria.instrument.code}-{what}-{timezone.localdate():%Y-%m-%d}"


@member_required(rules.can_view_reports)
@require_GET
def outcomes_pdf(request):
    criteria, back = _criteria_or_back(request)
    if back:
        return back
    report = outcome_report(actor=request.actor, criteria=criteria, channel="pdf")
    response = HttpResponse(render_pdf(report_html(report)).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(criteria, "outcomes")}.pdf"'
    return response


@member_required(rules.can_download_extract)
@require_GET
def outcomes_extract(request):
    """Team leads only, own provider's cases; `key` names the extract (same key, same pseudonyms)."""
    criteria, back = _criteria_or_back(request)
    if back:
        return back
    key = (request.GET.get("key") or criteria.scheme.slug).strip()[:EXTRACT_KEY_LENGTH]
    return extract_response(
        actor=request.actor, criteria=criteria, key=key, filename=_filename(criteria, "record-extract")
    )
