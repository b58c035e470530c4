"""ORUK query parameters, checked: anything that does not parse is a 400 that says what to send."""

import datetime
import math
import uuid

from linkwork.directory import selectors, vocabulary

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
_DAY_NAMES = {name.lower(): code for code, name in vocabulary.WEEKDAYS.items()}


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


def paging(query) -> tuple[int, int]:
    page = _whole(query, "page", 1, minimum=1)
    per_page = _whole(query, "per_page", DEFAULT_PER_PAGE, minimum=1)
    if per_page > MAX_PER_PAGE:
        raise BadParameter("per_page", f"ask for at most {MAX_PER_PAGE} results a page")
    return page, per_page


def service_filters(query) -> dict:
    """Keyword arguments for `directory.selectors.service_search` from the ORUK service parameters."""
    return {
        "listed_only": False,
        "text": query.get("search", ""),
        "taxonomy_term_id": _uuid(query, "taxonomy_term_id"),
        "taxonomy_id": _uuid(query, "taxonomy_id"),
        "minimum_age": _number(query, "minimum_age"),
        "maximum_age": _number(query, "maximum_age"),
        "start_time": _time(query, "start_time"),
        "end_time": _time(query, "end_time"),
        "day": _day(query),
    }


def place_filters(query) -> dict:
    """`postcode` (placed from the directory's own addresses) and `proximity` in metres."""
    postcode = query.get("postcode", "").strip()
    proximity = _number(query, "proximity")
    if not postcode:
        if proximity is not None:
            raise BadParameter("proximity", "give a postcode to measure from")
        return {}
    near = selectors.postcode_point(postcode)
    if near is None:
        raise BadParameter("postcode", f"{postcode!r} is not near any place in this directory")
    if proximity is not None and proximity < 0:
        raise BadParameter("proximity", "must be 0 or more metres")
    return {"near": near, "within_km": None if proximity is None else proximity / 1000}


def _whole(query, name, default, *, minimum):
    raw = query.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{raw!r} is not a whole number") from None
    if value < minimum:
        raise BadParameter(name, f"must be {minimum} or more")
    return value


def _number(query, name):
    raw = query.get(name)
    if raw in (None, ""):
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadParameter(name, f"{raw!r} is not a number")
    return value


def _uuid(query, name):
    raw = query.get(name)
    if raw in (None, ""):
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(name, f"{raw!r} is not a UUID") from None


def _time(query, name):
    raw = query.get(name)
    if raw in (None, ""):
        return None
    try:
        return datetime.time.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, f"{raw!r} is not a time like 17:00") from None


def _day(query) -> str:
    raw = query.get("day", "").strip()
    if not raw:
        return ""
    code = raw.upper() if raw.upper() in vocabulary.WEEKDAYS else _DAY_NAMES.get(raw.lower())
    if code is None:
        raise BadParameter("day", f"{raw!r} is not a day: use MO, TU, WE, TH, FR, SA, SU or a day's name")
    return code
