import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from linkwork.core.models import AuditEvent
from linkwork.outcomes.definitions import load_shipped, shipped_codes
from linkwork.outcomes.models import Instrument
from linkwork.outcomes.services.instruments import instrument_sync
from linkwork.testing.factories import SYSTEM

pytestmark = pytest.mark.django_db


def swemwbs_with_fake_text():
    definition = load_shipped("swemwbs")
    for position, item in enumerate(definition["item"], start=1):
        item["text"] = f"Licensed item text {position} (test)"
        for option in item["answerOption"]:
            option["valueCoding"]["display"] = f"Licensed answer {option['valueCoding']['code']} (test)"
    return definition


def load_file(tmp_path, definition):
    path = tmp_path / "definition.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    call_command("load_instrument", str(path))


def test_sync_creates_every_shipped_instrument_once_and_audits_it():
    call_command("sync_instruments")

    assert sorted(Instrument.objects.values_list("code", flat=True)) == shipped_codes()
    assert AuditEvent.objects.filter(action="instrument.create").count() == len(shipped_codes())
    swemwbs = Instrument.objects.get(code="swemwbs")
    assert (swemwbs.licence, swemwbs.has_item_text) == ("licensed", False)
    assert Instrument.objects.get(code="phq9").has_item_text


def test_sync_again_writes_and_audits_nothing():
    instrument_sync(by=SYSTEM)
    stamps = dict(Instrument.objects.values_list("code", "updated_at"))
    audits = AuditEvent.objects.count()

    instrument_sync(by=SYSTEM)

    assert AuditEvent.objects.count() == audits
    assert dict(Instrument.objects.values_list("code", "updated_at")) == stamps


def test_sync_restores_a_changed_definition_and_audits_the_update():
    instrument_sync(by=SYSTEM)
    Instrument.objects.filter(code="gad7").update(title="Changed")

    instrument_sync(by=SYSTEM)

    assert Instrument.objects.get(code="gad7").title == "GAD-7 anxiety"
    assert AuditEvent.objects.filter(action="instrument.update").count() == 1


def test_a_licensed_instrument_scores_paper_item_scores_before_text_is_loaded():
    instrument_sync(by=SYSTEM)

    result = Instrument.objects.get(code="swemwbs").score({str(n): 5 for n in range(1, 8)})

    assert result.scales["total"].converted == 35.00


def test_load_instrument_adds_the_organisations_text_and_sync_keeps_it(tmp_path):
    instrument_sync(by=SYSTEM)

    load_file(tmp_path, swemwbs_with_fake_text())
    instrument_sync(by=SYSTEM)

    swemwbs = Instrument.objects.get(code="swemwbs")
    assert swemwbs.has_item_text
    assert swemwbs.definition["item"][2]["text"] == "Licensed item text 3 (test)"
    assert AuditEvent.objects.filter(action="instrument.load_text", object_id=str(swemwbs.pk)).count() == 1
    assert not AuditEvent.objects.filter(action="instrument.update").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["item"].pop(), "definition.item has 6 entries, the shipped definition 7"),
        (
            lambda d: d["item"][0]["answerOption"][0].update(ordinalValue=0),
            "definition.item[0].answerOption[0].ordinalValue is 0, the shipped definition has 1",
        ),
        (
            lambda d: d["scoring"]["scales"][0]["conversion"]["values"].__setitem__(14, 20.0),
            "definition.scoring.scales[0].conversion.values[14] is 20.0",
        ),
        (lambda d: d["item"][3].pop("text"), "these items have no text: 4"),
        (lambda d: d.update(name="unknown"), "There is no instrument 'unknown'"),
    ],
)
def test_load_instrument_refuses_a_different_structure_and_changes_nothing(tmp_path, change, message):
    instrument_sync(by=SYSTEM)
    before = Instrument.objects.get(code="swemwbs").definition
    definition = swemwbs_with_fake_text()
    change(definition)

    with pytest.raises(CommandError, match=re.escape(message)):
        load_file(tmp_path, definition)

    swemwbs = Instrument.objects.get(code="swemwbs")
    assert (swemwbs.definition, swemwbs.has_item_text) == (before, False)
    assert not AuditEvent.objects.filter(action="instrument.load_text").exists()


def test_load_instrument_refuses_a_malformed_file(tmp_path):
    instrument_sync(by=SYSTEM)
    path = tmp_path / "broken.json"
    path.write_text('{"name": "swemwbs", "item": [', encoding="utf-8")

    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("load_instrument", str(path))

    assert not Instrument.objects.get(code="swemwbs").has_item_text


def test_load_instrument_refuses_an_open_instrument(tmp_path):
    instrument_sync(by=SYSTEM)

    with pytest.raises(CommandError, match="ships with its text already"):
        load_file(tmp_path, load_shipped("phq9"))
