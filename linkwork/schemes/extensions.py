"""Where apps above schemes tell the scheme pages what they know, without schemes importing them.

Referrals, casework and outcomes sit above schemes in the layers, yet an administrator changing a
scheme must not drop a referral source, triage level, provider or outcome measure that open
referrals or cases still use, and the outcome schedule is chosen from outcomes' instruments. Those
apps register here from their AppConfig.ready() (the same pattern as people/extensions.py).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Usage:
    """Open work that relies on one of a scheme's settings: `count` of `what` use `code` of `field`."""

    field: str  # the scheme field: "referral_sources", "triage_levels", "providers", "outcome_schedule"
    code: object  # the code (or provider id) in use
    count: int
    what: str  # "open referrals", "open cases", ...


# Called with the scheme; returns every Usage of its settings by open work, in a few queries.
UsageSource = Callable[[object], list[Usage]]
# Returns (code, title) for each outcome measure a scheme may schedule, in the order to show them.
InstrumentSource = Callable[[], list[tuple[str, str]]]

_usage_sources: list[UsageSource] = []
_instrument_sources: list[InstrumentSource] = []


def register_usage(source: UsageSource) -> None:
    if source not in _usage_sources:
        _usage_sources.append(source)


def register_instruments(source: InstrumentSource) -> None:
    if source not in _instrument_sources:
        _instrument_sources.append(source)


def scheme_usage(scheme) -> list[Usage]:
    """What open referrals and cases use of the scheme's settings (nothing for a new scheme)."""
    if scheme.pk is None:
        return []
    return [usage for source in _usage_sources for usage in source(scheme)]


def instrument_choices() -> list[tuple[str, str]]:
    return [choice for source in _instrument_sources for choice in source()]
