"""The event wiring written in core/events.py is the wiring that runs."""

import re
from pathlib import Path

import pytest

from linkwork.core import events

PRODUCT_CODE = Path(events.__file__).resolve().parents[1]


def _qualified(handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


@pytest.mark.parametrize("name", sorted(events.LISTENERS))
def test_the_listeners_named_for_each_event_are_the_handlers_subscribed(name):
    assert [_qualified(handler) for handler in events.handlers(name)] == list(events.LISTENERS[name])


def test_every_event_named_is_published_by_some_service():
    published = set()
    for path in PRODUCT_CODE.rglob("*.py"):
        if "tests" not in path.parts:
            for first_argument in re.findall(r"events\.publish\(\s*([^,]+),", path.read_text()):
                published |= set(re.findall(r"events\.([A-Z_]+)", first_argument))

    assert {getattr(events, constant) for constant in published} == set(events.LISTENERS)


def test_an_event_not_named_in_core_events_is_refused():
    with pytest.raises(ValueError, match=r"Unknown event 'referral\.alocated'"):
        events.publish("referral.alocated", referral=None, by=None)
    with pytest.raises(ValueError, match="Unknown event"):
        events.subscribe("case.closed", lambda **_: None)
