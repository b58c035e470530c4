from django.db import transaction

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record, save_if_changed

from ..definitions import (
    first_difference,
    has_item_text,
    load_shipped,
    shipped_codes,
    validate_definition,
    without_item_text,
)
from ..models import Instrument


@transaction.atomic
def instrument_sync(*, by: Actor) -> list[Instrument]:
    """Create or update every instrument from the shipped files; unchanged ones write and audit nothing.

    Text an organisation loaded for a licensed instrument is kept while the shipped structure is the
    same; a new shipped structure replaces it, and the text has to be loaded again for that version.
    """
    instruments = []
    for code in shipped_codes():
        shipped = load_shipped(code)
        validate_definition(shipped)
        instrument = Instrument.objects.filter(code=code).first()
        created = instrument is None
        instrument = instrument or Instrument(code=code)
        if instrument.has_item_text and without_item_text(instrument.definition) == shipped:
            instruments.append(instrument)
            continue
        changes = save_if_changed(instrument, _fields_from(shipped, has_text=has_item_text(shipped)))
        if created or changes:
            audit_record(
                actor=by,
                action="instrument.create" if created else "instrument.update",
                target=instrument,
                details={"fields": changes, "version": instrument.version},
            )
        instruments.append(instrument)
    return instruments


@transaction.atomic
def instrument_load_text(*, by: Actor, definition: dict) -> Instrument:
    """Add an organisation's licensed item text to a known instrument; the structure must match exactly."""
    if not isinstance(definition, dict) or not isinstance(definition.get("item"), list):
        raise DomainError("This is not an instrument definition: it needs a name and a list of items.")
    code = definition.get("name")
    instrument = Instrument.objects.select_for_update().filter(code=code).first()
    if instrument is None:
        raise DomainError(f"There is no instrument {code!r}: run sync_instruments first, and check the name.")
    if instrument.licence != Instrument.Licence.LICENSED:
        raise DomainError(f"{instrument.title} ships with its text already; there is nothing to load.")
    missing = [item.get("linkId") for item in definition["item"] if not item.get("text")]
    if missing:
        raise DomainError(f"{instrument.title}: these items have no text: {', '.join(map(str, missing))}.")
    difference = first_difference(without_item_text(instrument.definition), without_item_text(definition))
    if difference:
        raise DomainError(
            f"{instrument.title}: the file may only add text to the shipped definition, but {difference}."
        )
    changes = save_if_changed(instrument, _fields_from(definition, has_text=True))
    if changes:
        audit_record(actor=by, action="instrument.load_text", target=instrument, details={"fields": changes})
    return instrument


def _fields_from(definition, *, has_text):
    return {
        "version": definition.get("version", ""),
        "title": definition["title"],
        "licence": definition["scoring"]["licence"],
        "definition": definition,
        "has_item_text": has_text,
    }
