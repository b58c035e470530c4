"""Report periods chosen in one click: last month, last quarter, this and last financial year, and
since the service began, each worked out from today. Pure: no queries.

UK financial years run from 1 April to 31 March; their quarters are the calendar quarters
(April to June, July to September, October to December, January to March), so "last quarter" is the
last whole quarter before today's. "This financial year" runs from 1 April up to today.
"""

import datetime
from dataclasses import dataclass

LAST_MONTH = "last_month"
LAST_QUARTER = "last_quarter"
THIS_FINANCIAL_YEAR = "this_financial_year"
LAST_FINANCIAL_YEAR = "last_financial_year"
SINCE_START = "since_start"
CUSTOM = "custom"  # the dates typed on the form
FINANCIAL_YEAR_STARTS = 4  # April


@dataclass(frozen=True)
class Period:
    key: str
    name: str
    start: datetime.date | None  # None: from the first record
    end: datetime.date | None  # None: up to today

    @property
    def dates(self) -> str:
        """The period in words, as the form's hint and the report's heading give it."""
        if self.start is None and self.end is None:
            return "Every record, from the first"
        if self.start is None:
            return f"Up to {_day(self.end)}"
        if self.end is None:
            return f"From {_day(self.start)}"
        if self.start.year == self.end.year:
            return f"{self.start.day} {self.start:%B} to {_day(self.end)}"
        return f"{_day(self.start)} to {_day(self.end)}"


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _months_before(first_of_month: datetime.date, months: int) -> datetime.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def financial_year_start(day: datetime.date) -> datetime.date:
    year = day.year if day.month >= FINANCIAL_YEAR_STARTS else day.year - 1
    return datetime.date(year, FINANCIAL_YEAR_STARTS, 1)


def presets(today: datetime.date) -> list[Period]:
    """Every preset period as of today, in the order the form offers them."""
    this_month = _month_start(today)
    this_quarter = _months_before(this_month, (this_month.month - 1) % 3)
    this_year = financial_year_start(today)
    last_year = this_year.replace(year=this_year.year - 1)
    one_day = datetime.timedelta(days=1)
    return [
        Period(LAST_MONTH, "Last month", _months_before(this_month, 1), this_month - one_day),
        Period(LAST_QUARTER, "Last quarter", _months_before(this_quarter, 3), this_quarter - one_day),
        Period(THIS_FINANCIAL_YEAR, "This financial year so far", this_year, today),
        Period(LAST_FINANCIAL_YEAR, "Last financial year", last_year, this_year - one_day),
        Period(SINCE_START, "Since the service began", None, None),
    ]


def preset(key: str, today: datetime.date) -> Period | None:
    return next((period for period in presets(today) if period.key == key), None)
