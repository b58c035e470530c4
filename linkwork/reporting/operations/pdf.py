"""A dashboard (operations, equity or unmet need) as a printable PDF: the page's tables, the period and
the methods, suppression included, rendered offline by WeasyPrint as the outcome report is (`pdf.py`)."""

from django.template.loader import render_to_string
from django.utils import timezone

from .selectors import Dashboard


def dashboard_html(*, dashboard: Dashboard, title: str, period: str) -> str:
    criteria = dashboard.criteria
    return render_to_string(
        "reporting/dashboard_pdf.jinja",
        {
            "dashboard": dashboard,
            "title": title,
            "period": period,
            "schemes": ", ".join(scheme.name for scheme in criteria.schemes) or "No scheme",
            "printed_on": timezone.localdate(),
        },
    )
