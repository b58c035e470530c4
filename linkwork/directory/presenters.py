"""How directory records read on a page: sessions, costs and languages in plain words."""

import datetime

from . import vocabulary

_DAY_ORDER = list(vocabulary.WEEKDAYS)


def session_text(schedule) -> str:
    """'Tuesdays and Thursdays, 18:00 to 20:00', 'Monday to Friday, 09:00 to 17:00', or its description."""
    codes = [day[-2:] for day in schedule.days if day[-2:] in vocabulary.WEEKDAYS]
    when = _days_text(codes)
    if when and schedule.freq == vocabulary.Frequency.MONTHLY:
        when = f"Monthly: {when}"
    times = ""
    if schedule.opens_at and schedule.closes_at:
        times = f"{schedule.opens_at:%H:%M} to {schedule.closes_at:%H:%M}"
    text = ", ".join(part for part in (when, times) if part)
    return text or schedule.description


def _days_text(codes) -> str:
    positions = sorted({_DAY_ORDER.index(code) for code in codes})
    if not positions:
        return ""
    names = [vocabulary.WEEKDAYS[_DAY_ORDER[position]] for position in positions]
    if len(positions) >= 3 and positions == list(range(positions[0], positions[-1] + 1)):
        return f"{names[0]} to {names[-1]}"
    plural = [f"{name}s" for name in names]
    return plural[0] if len(plural) == 1 else f"{', '.join(plural[:-1])} and {plural[-1]}"


def _session_order(schedule):
    codes = [day[-2:] for day in schedule.days if day[-2:] in vocabulary.WEEKDAYS]
    first_day = min((_DAY_ORDER.index(code) for code in codes), default=len(_DAY_ORDER))
    return first_day, schedule.opens_at or datetime.time.min


def session_texts(service, *, service_at_location_id) -> list[str]:
    """The sessions held at one service-at-location (or, for None, the service's general ones), in week order."""
    sessions = [
        schedule
        for schedule in service.schedules.all()
        if schedule.service_at_location_id == service_at_location_id
    ]
    return [text for text in map(session_text, sorted(sessions, key=_session_order)) if text]


def sessions_text(service) -> str:
    sessions = sorted(service.schedules.all(), key=_session_order)
    return "; ".join(filter(None, map(session_text, sessions))) or "Ask the service"


def cost_text(service) -> str:
    options = list(service.cost_options.all())
    if not options:
        return "Not recorded"
    if all(option.amount in (None, 0) for option in options):
        return "Free"
    return "; ".join(
        option.amount_description or f"£{option.amount:.2f} {option.option}".strip() for option in options
    )


def language_text(service) -> str:
    return (
        ", ".join(sorted(filter(None, (language.name for language in service.languages.all())))) or "English"
    )


def target_group_labels(service) -> list[str]:
    return [vocabulary.TARGET_GROUPS.get(code, code) for code in service.target_groups]
