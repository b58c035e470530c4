"""Where apps above casework add to the caseload, the case page and discharge without importing them.

Casework sits below outcomes, onward referrals and messaging in the layers, so it cannot
ask those apps for their reminders or their history. They register a source here from their
AppConfig.ready(); casework calls every registered source. See docs/adr/0006.
"""

from collections.abc import Callable, Iterable

# Called with (cases, today); returns {case pk: [NextAction, ...]}. Must run a fixed number of
# queries however many cases it is given: the caseload's query-count tests include it.
NextActionSource = Callable[[list, object], dict]
# Called with (case); returns [TimelineEntry, ...] in a fixed number of queries.
TimelineSource = Callable[[object], list]
# Called with (case); returns [(text, href), ...]: what to do before the person is discharged.
DischargeReminderSource = Callable[[object], list]
# Called with (person ids) inside the retention transaction; removes or blanks what identifies those
# people in the app's own tables and returns {"<model>": rows changed}.
Eraser = Callable[[list], dict]

_next_action_sources: list[NextActionSource] = []
_timeline_sources: list[TimelineSource] = []
_discharge_reminder_sources: list[DischargeReminderSource] = []
_erasers: list[Eraser] = []


def register_next_actions(source: NextActionSource) -> None:
    if source not in _next_action_sources:
        _next_action_sources.append(source)


def register_timeline(source: TimelineSource) -> None:
    if source not in _timeline_sources:
        _timeline_sources.append(source)


def register_discharge_reminders(source: DischargeReminderSource) -> None:
    if source not in _discharge_reminder_sources:
        _discharge_reminder_sources.append(source)


def register_eraser(eraser: Eraser) -> None:
    if eraser not in _erasers:
        _erasers.append(eraser)


def extra_next_actions(cases: list, today) -> dict:
    """Every registered source's next actions, merged per case."""
    merged: dict = {}
    for source in _next_action_sources:
        for case_pk, actions in source(cases, today).items():
            merged.setdefault(case_pk, []).extend(actions)
    return merged


def extra_timeline_entries(case) -> Iterable:
    for source in _timeline_sources:
        yield from source(case)


def discharge_reminders(case) -> list:
    return [reminder for source in _discharge_reminder_sources for reminder in source(case)]


def erase_elsewhere(person_ids: list) -> dict:
    """Every registered app's erasure for these people; the counts merged."""
    counts: dict = {}
    for eraser in _erasers:
        counts |= eraser(person_ids)
    return counts
