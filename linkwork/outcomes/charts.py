"""A small chart of one instrument's scales over time, as an SVG image (a separate request, so the CSP stays strict)."""

import io

from linkwork.casework.charts import STYLES, SVG_SETTINGS, date_axis

from .selectors import InstrumentHistory

WIDTH_INCHES, HEIGHT_INCHES = 6, 3.6


def change_chart_svg(history: InstrumentHistory) -> bytes:
    """One line per scale across the completed responses, on the scale's own range."""
    import matplotlib as mpl  # imported here: it slows every process start, and only charts need it
    from matplotlib.figure import Figure

    with mpl.rc_context(SVG_SETTINGS):
        figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), layout="constrained")
        axes = figure.add_subplot()
        dates = []
        for change, (colour, marker, line) in zip(history.changes, STYLES * 2, strict=False):
            days = [day for day, _, _ in change.points]
            dates += days
            axes.plot(
                days,
                [value for _, _, value in change.points],
                color=colour,
                marker=marker,
                linestyle=line,
                linewidth=2,
                markersize=7,
                label=change.title,
            )
        if history.changes:
            low = min(change.low for change in history.changes)
            high = max(change.high for change in history.changes)
            margin = (high - low) * 0.05
            axes.set_ylim(low - margin, high + margin)
            if len(history.changes) > 1:
                figure.legend(loc="outside lower center", ncols=2, frameon=False)
        axes.grid(axis="y", color="#d8dde0")
        date_axis(axes, dates)
        output = io.BytesIO()
        figure.savefig(output, format="svg", metadata={"Date": None})
    return output.getvalue()
