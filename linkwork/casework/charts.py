"""The chart of change: each domain's score over time, drawn on the server as an SVG image."""

import datetime
import io

from django.utils import timezone

from .domains import HIGHEST_SCORE, LOWEST_SCORE, SCORE_NAMES
from .selectors.assessments import AssessmentHistory

# NHS identity colours, with a distinct marker and line style each, so no line is told by colour alone.
STYLES = [
    ("#005eb8", "o", "-"),
    ("#d5281b", "s", "--"),
    ("#007f3b", "^", "-"),
    ("#330072", "D", "--"),
    ("#ed8b00", "v", "-"),
    ("#00a499", "P", "--"),
    ("#ae2573", "X", "-"),
    ("#425563", "*", "--"),
]
# Equal scores would hide each other: spread the lines a little around the whole-number score.
SPREAD = 0.2
WIDTH_INCHES, HEIGHT_INCHES = 7, 5.2
MAX_DATE_LABELS = 6
SVG_SETTINGS = {"svg.hashsalt": "linkwork", "font.size": 12}


def assessment_chart_svg(history: AssessmentHistory) -> bytes:
    """One line per domain across the assessments: score 1 to 5 up the side, dates along the bottom."""
    # Imported here, not at module level: matplotlib adds about a third of a second to every
    # process start (measured), and only this chart needs it.
    import matplotlib as mpl
    from matplotlib.figure import Figure

    with mpl.rc_context(SVG_SETTINGS):
        figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), layout="constrained")
        axes = figure.add_subplot()
        dates = [assessment.assessed_on for assessment in history.assessments]
        count = len(history.rows)
        for index, (row, (colour, marker, line)) in enumerate(zip(history.rows, STYLES, strict=True)):
            offset = SPREAD * (index - (count - 1) / 2) / (count - 1)
            axes.plot(
                dates,
                [score + offset for score in row.scores],
                color=colour,
                marker=marker,
                linestyle=line,
                linewidth=2,
                markersize=7,
                label=row.name,
            )
        axes.set_ylim(LOWEST_SCORE - 0.3, HIGHEST_SCORE + 0.3)
        axes.set_yticks(
            range(LOWEST_SCORE, HIGHEST_SCORE + 1),
            labels=[f"{score} {SCORE_NAMES[score].lower()}" for score in SCORE_NAMES],
        )
        axes.grid(axis="y", color="#d8dde0")
        date_axis(axes, dates)
        if not dates:
            axes.text(0.5, 0.5, "No assessments recorded yet", ha="center", transform=axes.transAxes)
        figure.legend(loc="outside lower center", ncols=2, frameon=False)
        output = io.BytesIO()
        # No creation date in the file, so the same scores always give the same image.
        figure.savefig(output, format="svg", metadata={"Date": None})
    return output.getvalue()


def date_axis(axes, dates):
    """Each assessment's date under its points; a calendar scale when there are too many to read."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    days = sorted(set(dates))
    if len(days) <= MAX_DATE_LABELS:
        axes.set_xticks(days, labels=[f"{day.day} {day:%b}\n{day:%Y}" for day in days])
    else:
        locator = AutoDateLocator(minticks=3, maxticks=MAX_DATE_LABELS)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    # A single date (or none) gives no span to draw: show a month either side.
    first = days[0] if days else timezone.localdate()
    last = days[-1] if days else first
    margin = max((last - first) / 12, datetime.timedelta(days=30 if first == last else 3))
    axes.set_xlim(first - margin, last + margin)
