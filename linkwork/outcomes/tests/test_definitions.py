import json

import pytest

from linkwork.casework.vocabulary import ASSESSMENT_DOMAINS
from linkwork.outcomes.definitions import (
    INSTRUMENT_DIR,
    DefinitionError,
    item_label,
    load_shipped,
    shipped_codes,
    validate_definition,
)

OPEN = [
    "anxiety_depression_today",
    "gad7",
    "gp_use",
    "health_today",
    "holistic_assessment",
    "ons4",
    "ons_loneliness",
    "people_to_turn_to",
    "phq9",
    "ucla_loneliness_3",
]
LICENSED = ["cel_loneliness", "eq5d5l", "swemwbs", "wemwbs"]


def test_the_open_and_licensed_instruments_all_ship():
    assert shipped_codes() == sorted(OPEN + LICENSED)


@pytest.mark.parametrize("code", shipped_codes())
def test_each_shipped_definition_loads_and_validates(code):
    definition = load_shipped(code)

    validate_definition(definition)
    assert definition["resourceType"] == "Questionnaire"
    assert definition["name"] == code
    assert definition["scoring"]["licence"] == ("licensed" if code in LICENSED else "open")


def test_no_licensed_item_text_or_answer_wording_is_in_the_repo():
    for path in INSTRUMENT_DIR.glob("*.json"):
        definition = json.loads(path.read_text(encoding="utf-8"))
        if definition["scoring"]["licence"] != "licensed":
            continue
        for item in definition["item"]:
            assert "text" not in item, f"{path.name} item {item['linkId']} has text"
            for option in item.get("answerOption", []):
                assert "display" not in option["valueCoding"], (
                    f"{path.name} item {item['linkId']} has wording"
                )


def test_licensed_items_are_labelled_neutrally_until_text_is_loaded():
    items = load_shipped("swemwbs")["item"]

    assert item_label(items[2], 3) == "Item 3"
    assert item_label({**items[2], "text": "Licensed item text 3 (test)"}, 3) == "Licensed item text 3 (test)"


def test_the_holistic_assessment_uses_the_casework_domains():
    items = load_shipped("holistic_assessment")["item"]

    assert {item["linkId"]: item["text"] for item in items} == ASSESSMENT_DOMAINS


def test_a_licensed_definition_carrying_text_is_refused():
    definition = load_shipped("swemwbs")
    definition["item"][0]["text"] = "Licensed item text 1 (test)"

    with pytest.raises(DefinitionError, match="item 1: licensed instruments ship without text"):
        validate_definition(definition)


def test_a_scale_range_that_does_not_match_its_items_is_refused():
    definition = load_shipped("phq9")
    definition["scoring"]["scales"][0]["range"] = [0, 30]

    with pytest.raises(DefinitionError, match=r"scale total: range must be \[0, 27\]"):
        validate_definition(definition)


def test_a_conversion_table_of_the_wrong_length_is_refused():
    definition = load_shipped("swemwbs")
    definition["scoring"]["scales"][0]["conversion"]["values"].pop()

    with pytest.raises(DefinitionError, match="conversion table needs one value for each raw score 7 to 35"):
        validate_definition(definition)
