"""The operations, equity and unmet-need dashboards and their downloads: aggregates only."""

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
from .forms import DashboardForm, EquityForm
from .pdf import dashboard_html
from .selectors import equity_dashboard, operations_dashboard, unmet_need_dashboard

CSV, XLSX = "csv", "xlsx"

PAGES = {
    "operations": {
        "title": "Operational dashboard",
        "lede": "Referrals, triage, declines, waits, caseloads, sessions, discharges and onward referrals.",
        "form": DashboardForm,
        "tables": (
            "by_month",
            "by_source",
            "by_practice",
            "triage",
            "declines",
            "waits",
            "caseload",
            "sessions",
            "discharges",
            "dna",
            "onward_categories",
            "onward_status",
            "vcse_response",
            "snomed",
        ),
    },
    "equity": {
        "title": "Equity of access and outcomes",
        "lede": "Who is referred, who takes up support and how much their scores change, by group.",
        "form": EquityForm,
        "tables": ("equity",),
    },
    "unmet_need": {
        "title": "Unmet need",
        "lede": "Needs with no service taking people, onward referrals turned away for lack of room, and "
        "waiting lists, by need, category and postcode district.",
        "form": DashboardForm,
        "tables": ("needs", "capacity", "areas"),
    },
}


def _dashboard(kind, actor, form, channel):
    criteria = form.cleaned_data["criteria"]
    if kind == "operations":
        return operations_dashboard(actor=actor, criteria=criteria, channel=channel)
    if kind == "equity":
        return equity_dashboard(
            actor=actor, criteria=criteria, instrument=form.cleaned_data["instrument_object"], channel=channel
        )
    return unmet_need_dashboard(actor=actor, criteria=criteria, channel=channel)


def _page(request, kind):
    page = PAGES[kind]
    form = page["form"](request.GET, actor=request.actor)
    dashboard = _dashboard(kind, request.actor, form, "page") if form.is_valid() else None
    return render(
        request,
        "reporting/dashboard.jinja",
        {
            "kind": kind,
            "page": page,
            "form": form,
            "dashboard": dashboard,
            "period": form.period_described() if dashboard else "",
            "export_url": reverse(f"reporting:{kind}_export"),
            "pdf_url": reverse(f"reporting:{kind}_pdf"),
            "query": request.GET.urlencode(),
            "whole_scheme": rules.reports_whole_scheme(request.actor),
        },
    )


def _export(request, kind):
    """One table as CSV (`table=<key>`), or every table as one XLSX workbook (or one, with `table`)."""
    query = request.GET.copy()
    export_format, table_key = query.pop("format", [""])[-1], query.pop("table", [""])[-1]
    back = f"{reverse(f'reporting:{kind}')}?{query.urlencode()}"
    if export_format not in {CSV, XLSX} or (export_format == CSV and not table_key):
        messages.error(request, "Choose a table to download as CSV, or download the XLSX workbook")
        return redirect(back)
    if table_key and table_key not in PAGES[kind]["tables"]:
        messages.error(request, f"There is no table called {table_key!r} in this report")
        return redirect(back)
    form = PAGES[kind]["form"](query, actor=request.actor)
    if not form.is_valid():
        messages.error(request, "Check the report's choices, then download again")
        return redirect(back)
    dashboard = _dashboard(kind, request.actor, form, f"{export_format}:{table_key}")
    tables = [table for table in dashboard.tables if table_key in {"", table.key}]
    filename = f"{kind.replace('_', '-')}-{table_key or 'all'}-{timezone.localdate():%Y-%m-%d}"
    if export_format == CSV:
        return csv_response(tables[0], filename)
    return xlsx_response(tables, dashboard.methods, filename)


def _pdf(request, kind):
    """Every table of the dashboard, with the period and methods, as a PDF to print or pass on."""
    form = PAGES[kind]["form"](request.GET, actor=request.actor)
    if not form.is_valid():
        messages.error(request, "Check the report's choices, then download again")
        return redirect(f"{reverse(f'reporting:{kind}')}?{request.GET.urlencode()}")
    dashboard = _dashboard(kind, request.actor, form, "pdf")
    html = dashboard_html(dashboard=dashboard, title=PAGES[kind]["title"], period=form.period_described())
    response = HttpResponse(render_pdf(html).write_pdf(), content_type="application/pdf")
    filename = f"{kind.replace('_', '-')}-{timezone.localdate():%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def _views(kind):
    @member_required(rules.can_view_reports)
    @require_GET
    def page(request):
        return _page(request, kind)

    @member_required(rules.can_view_reports)
    @require_GET
    def export(request):
        return _export(request, kind)

    @member_required(rules.can_view_reports)
    @require_GET
    def pdf(request):
        return _pdf(request, kind)

    return page, export, pdf


operations, operations_export, operations_pdf = _views("operations")
equity, equity_export, equity_pdf = _views("equity")
unmet_need, unmet_need_export, unmet_need_pdf = _views("unmet_need")
