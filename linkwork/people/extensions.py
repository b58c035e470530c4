"""Where apps above people add to the person's page without people importing them.

Referrals and casework sit above people in the layers, yet the person's page should link to the
person's referrals and cases. They register a source here from their AppConfig.ready() (the same
pattern as casework/extensions.py, ADR 0006).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonLink:
    text: str
    href: str
    when: datetime.datetime | None = None
    when_word: str = ""  # "received", "opened": how the page introduces the date
    detail: str = ""


# Called with (actor, person); returns (heading, [PersonLink, ...]) in one query, scoped to the actor.
PersonLinkSource = Callable[[object, object], tuple[str, list[PersonLink]]]

_sources: list[PersonLinkSource] = []


def register_person_links(source: PersonLinkSource) -> None:
    if source not in _sources:
        _sources.append(source)


def person_links(actor, person) -> list[tuple[str, list[PersonLink]]]:
    """Every registered source's links for the person, as (heading, links), in registration order."""
    return [source(actor, person) for source in _sources]
