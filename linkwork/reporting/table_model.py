"""A report table: columns with a kind, rows of plain values, and how each kind is shown on a page.

Numbers stay numbers (rounded) for spreadsheets and JSON; `Table.display_rows` formats them for the page.
"""

from dataclasses import dataclass

COUNT, DF, NUMBER, P_VALUE, PERCENT, TEXT = "count", "df", "number", "p", "percent", "text"
DECIMALS = 2


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = NUMBER
    decimals: int = DECIMALS  # of a number: shown with as many places as it was rounded to


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict]

    def display_rows(self) -> list[list[str]]:
        return [
            [display(row.get(column.key), column.kind, column.decimals) for column in self.columns]
            for row in self.rows
        ]


def display(value, kind, decimals=DECIMALS) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if kind == P_VALUE:
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    if kind == PERCENT:
        return f"{value:.1f}%"
    if kind == COUNT:
        return f"{value:,}"
    if kind == DF:
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{value:.{decimals}f}"


def rounded(value, decimals=DECIMALS):
    return None if value is None else round(value, decimals)
