"""The outcome report as a PDF: the same tables and methods, with two charts, rendered offline.

Charts are matplotlib SVG embedded as data URIs; WeasyPrint gets a small print stylesheet and a URL
fetcher that allows data: URIs alone, so rendering never reaches the network or fetches a font.
Charts draw only figures the tables show: scales with enough pairs, and change categories only
where none of the three counts is suppressed or hidden.
"""

import base64
import io
import textwrap
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from linkwork.casework.charts import STYLES, SVG_SETTINGS

from .holistic import TOTAL
from .selectors import OutcomeReport
from .tables import Table, methods, outcome_tables

WIDTH_INCHES, HEIGHT_INCHES = 6.5, 3.2
CATEGORY_KEYS = (
    ("improved", "Improved"),
    ("no_change", "No change"),
    ("worse", "Worse"),
)


@dataclass(frozen=True)
class Figure:
    title: str
    description: str  # the figure in words, for readers who cannot see it
    data_uri: str


def _svg_uri(figure) -> str:
    content = io.BytesIO()
    figure.savefig(content, format="svg")
    return "data:image/svg+xml;base64," + base64.b64encode(content.getvalue()).decode()


def report_figures(report: OutcomeReport, tables: list[Table]) -> list[Figure]:
    import matplotlib as mpl  # imported here: it slows every process start, and only charts need it
    from matplotlib.figure import Figure as PlotFigure

    figures = []
    described = [scale for scale in report.scales if scale.overall is not None]
    # The holistic total (8 to 40) would dwarf the domains (1 to 5) on one axis; its table row has it.
    plotted = [scale for scale in described if scale.scale.code != TOTAL] or described
    with mpl.rc_context(SVG_SETTINGS | {"svg.fonttype": "none", "font.size": 9}):
        if described:
            plot = PlotFigure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), layout="constrained")
            axes = plot.add_subplot()
            positions = range(len(plotted))
            for offset, (label, attribute), (colour, _, _) in zip(
                (-0.2, 0.2), (("Baseline", "baseline"), ("Follow-up", "follow_up")), STYLES, strict=False
            ):
                means = [getattr(scale.overall, attribute).mean for scale in plotted]
                axes.bar([p + offset for p in positions], means, width=0.4, color=colour, label=label)
            axes.set_xticks(list(positions), [textwrap.fill(scale.scale.title, 12) for scale in plotted])
            axes.tick_params(axis="x", labelsize=7)
            axes.set_ylabel("Mean score")
            axes.legend(frameon=False)
            words = "; ".join(
                f"{s.scale.title}: {s.overall.baseline.mean:.2f} to {s.overall.follow_up.mean:.2f}"
                for s in plotted
            )
            figures.append(Figure("Mean score at baseline and follow-up", words, _svg_uri(plot)))
        shares = _category_shares(tables)
        if shares:
            plot = PlotFigure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), layout="constrained")
            axes = plot.add_subplot()
            left = [0.0] * len(shares)
            for (key, label), (colour, _, _) in zip(CATEGORY_KEYS, STYLES, strict=False):
                widths = [row[key] for _, row in shares]
                axes.barh(range(len(shares)), widths, left=left, color=colour, label=label)
                left = [a + b for a, b in zip(left, widths, strict=True)]
            axes.set_yticks(range(len(shares)), [title for title, _ in shares])
            axes.set_xlabel("% of pairs")
            axes.legend(frameon=False, ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0))
            words = "; ".join(
                f"{title}: " + ", ".join(f"{label} {row[key]:.1f}%" for key, label in CATEGORY_KEYS)
                for title, row in shares
            )
            figures.append(Figure("Improved, no change and worse", words, _svg_uri(plot)))
    return figures


def _category_shares(tables: list[Table]) -> list[tuple[str, dict]]:
    """Per scale, the percentages by the threshold, else by any change, where all three are shown."""
    categories = next(table for table in tables if table.key == "categories")
    shares = []
    for row in categories.rows:
        for prefix in ("reliable", "any"):
            values = {key: row.get(f"{prefix}_{key}_percent") for key, _ in CATEGORY_KEYS}
            if all(value is not None for value in values.values()):
                shares.append((row["scale"], values))
                break
    return shares


def report_html(report: OutcomeReport) -> str:
    tables = outcome_tables(report)
    return render_to_string(
        "reporting/outcomes_pdf.jinja",
        {
            "report": report,
            "tables": tables,
            "figures": report_figures(report, tables),
            "methods": methods(report),
            "printed_on": timezone.localdate(),
        },
    )
