"""The outcome report's page and downloads (CSV, XLSX, PDF) and the team lead's pseudonymised
record-level extract: parse the choices, read the report, render it."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from linkwork.accounts.access import member_required

from .. import rules
from ..exports import csv_response, xlsx_response
from ..pdf import render_pdf
from ..scope import suppression_threshold
from .extract import extract_response
from .forms import OutcomeReportForm
from .pdf import report_html
from .selectors import outcome_report
from .tables import TABLE_KEYS, methods, outcome_tables

CSV, XLSX = "csv", "xlsx"
EXTRACT_KEY_LENGTH = 60


@member_required(rules.can_view_reports)
@require_GET
def outcomes(request):
    form = OutcomeReportForm(request.GET or None, actor=request.actor)
    report = None
    if form.is_valid():
        report = outcome_report(actor=request.actor, criteria=form.cleaned_data["criteria"], channel="page")
    return render(
        request,
        "reporting/outcomes.jinja",
        {
            "form": form,
            "report": report,
            "tables": outcome_tables(report) if report else [],
            "period": form.period_described() if report else "",
            "methods": methods(report) if report else [],
            "query": request.GET.urlencode(),
            "threshold": suppression_threshold(),
            "can_extract": rules.can_download_extract(request.actor),
        },
    )


@member_required(rules.can_view_reports)
@require_GET
def outcomes_export(request):
    """One table as CSV (`table=<key>`), or every table as one XLSX workbook (or one, with `table`)."""
    query = request.GET.copy()
    export_format, table_key = query.pop("format", [""])[-1], query.pop("table", [""])[-1]
    back = f"{reverse('reporting:outcomes')}?{query.urlencode()}"
    form = OutcomeReportForm(query, actor=request.actor)
    if export_format not in {CSV, XLSX} or (export_format == CSV and not table_key):
        messages.error(request, "Choose a table to download as CSV, or download the XLSX workbook")
        return redirect(back)
    if table_key and table_key not in TABLE_KEYS:
        messages.error(request, f"There is no table called {table_key!r} in this report")
        return redirect(back)
    if not form.is_valid():
        messages.error(request, "Check the report's choices, then download again")
        return redirect(back)
    criteria = form.cleaned_data["criteria"]
    report = outcome_report(actor=request.actor, criteria=criteria, channel=f"{export_format}:{table_key}")
    tables = [table for table in outcome_tables(report) if table_key in {"", table.key}]
    filename = f"{criteria.scheme.slug}-{criteria.instrument.code}-{table_key or 'outcomes'}-{timezone.localdate():%Y-%m-%d}"
    if export_format == CSV:
        return csv_response(tables[0], filename)
    return xlsx_response(tables, methods(report), filename)


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
