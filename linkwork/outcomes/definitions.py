"""Instrument definitions: FHIR R4 Questionnaire-shaped JSON plus a Linkwork `scoring` block.

Pure Python (no Django), so the rules can be checked and used anywhere. docs/outcomes.md describes
the format.
"""

import json
from pathlib import Path

from linkwork.core.errors import DomainError

INSTRUMENT_DIR = Path(__file__).resolve().parent / "instruments"
LICENCES = {"open", "licensed"}
DIRECTIONS = {"higher_is_better", "higher_is_worse"}
ITEM_TYPES = {"choice", "integer"}


class DefinitionError(DomainError):
    """A definition file that breaks the format; the message lists every problem found."""


def shipped_codes():
    return sorted(path.stem for path in INSTRUMENT_DIR.glob("*.json"))


def load_shipped(code):
    path = INSTRUMENT_DIR / f"{code}.json"
    if not path.is_file():
        raise DefinitionError(
            f"No shipped instrument called {code!r}. Shipped: {', '.join(shipped_codes())}."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def item_label(item, position):
    """The item's text, or a neutral label while a licensed instrument has no text loaded."""
    return item.get("text") or f"Item {position}"


def items_asked_at(definition, time_point):
    """The items asked at a time point, with their position in the whole instrument (from 1)."""
    asked_at = definition["scoring"].get("asked_at", {})
    return [item for item in definition["item"] if time_point in asked_at.get(item["linkId"], [time_point])]


def has_item_text(definition):
    return any("text" in item for item in definition["item"])


def without_item_text(definition):
    """The definition with item text and answer wording removed: the part a licence does not cover."""
    stripped = json.loads(json.dumps(definition))
    for item in stripped["item"]:
        item.pop("text", None)
        for option in item.get("answerOption", []):
            option["valueCoding"].pop("display", None)
    return stripped


def first_difference(expected, actual, path="definition"):
    """Where two JSON values first differ, as a readable path; None when they are equal."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(expected.keys() | actual.keys()):
            if key not in actual:
                return f"{path}.{key} is missing"
            if key not in expected:
                return f"{path}.{key} is not in the shipped definition"
            found = first_difference(expected[key], actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path} has {len(actual)} entries, the shipped definition {len(expected)}"
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            found = first_difference(left, right, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if expected == actual else f"{path} is {actual!r}, the shipped definition has {expected!r}"


def item_score_range(item, scoring):
    """Lowest and highest score an item can take."""
    if item["type"] == "integer":
        low, high = scoring["ranges"][item["linkId"]]
        return low, high
    scores = [option["ordinalValue"] for option in item["answerOption"]]
    return min(scores), max(scores)


def scales_of(definition):
    """The scales to report; one per item when items are reported separately and none are listed."""
    scoring = definition["scoring"]
    if scoring.get("scales"):
        return scoring["scales"]
    return [
        {"code": item["linkId"], "items": [item["linkId"]], "range": list(item_score_range(item, scoring))}
        for item in definition["item"]
    ]


def validate_definition(definition, *, allow_licensed_text=False):
    """Raise DefinitionError listing every problem, or return None when the definition is sound."""
    problems = []
    try:
        _check_questionnaire(definition, problems, allow_licensed_text)
        if not problems:
            _check_scoring(definition, problems)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        problems.append(f"malformed definition ({type(error).__name__}: {error})")
    if problems:
        name = definition.get("name", "?") if isinstance(definition, dict) else "?"
        raise DefinitionError(f"Instrument {name}: " + "; ".join(problems) + ".")


def _check_questionnaire(definition, problems, allow_licensed_text):
    if definition.get("resourceType") != "Questionnaire":
        problems.append('resourceType must be "Questionnaire"')
    for field in ("url", "name", "title", "status", "copyright"):
        if not definition.get(field):
            problems.append(f"{field} is missing")
    scoring = definition.get("scoring")
    if not isinstance(scoring, dict):
        problems.append("the scoring block is missing")
        return
    licence = scoring.get("licence")
    if licence not in LICENCES:
        problems.append(f"scoring.licence must be one of {sorted(LICENCES)}")
    items = definition.get("item") or []
    if not items:
        problems.append("there are no items")
    link_ids = [item.get("linkId") for item in items]
    if len(set(link_ids)) != len(link_ids) or None in link_ids:
        problems.append("every item needs its own linkId")
    ranges = scoring.get("ranges", {})
    for item in items:
        link_id = item.get("linkId")
        if item.get("type") not in ITEM_TYPES:
            problems.append(f"item {link_id}: type must be one of {sorted(ITEM_TYPES)}")
        elif item["type"] == "choice":
            _check_options(item, problems)
        elif len(ranges.get(link_id, [])) != 2:
            problems.append(f"item {link_id}: an integer item needs scoring.ranges [low, high]")
        if licence == "open" and not item.get("text"):
            problems.append(f"item {link_id}: open instruments ship their text")
        if (
            licence == "licensed"
            and not allow_licensed_text
            and without_item_text({"item": [item]})["item"][0] != item
        ):
            problems.append(f"item {link_id}: licensed instruments ship without text or answer wording")


def _check_options(item, problems):
    options = item.get("answerOption") or []
    codes = [option.get("valueCoding", {}).get("code") for option in options]
    scores = [option.get("ordinalValue") for option in options]
    if not options or None in codes or len(set(codes)) != len(codes):
        problems.append(f"item {item['linkId']}: answer options need distinct codes")
    if any(type(score) is not int for score in scores) or len(set(scores)) != len(scores):
        problems.append(
            f"item {item['linkId']}: answer options need distinct whole-number ordinalValue scores"
        )


def _check_scoring(definition, problems):
    scoring = definition["scoring"]
    items = {item["linkId"]: item for item in definition["item"]}
    if scoring.get("direction") not in DIRECTIONS:
        problems.append(f"scoring.direction must be one of {sorted(DIRECTIONS)}")
    threshold = scoring.get("meaningful_change")
    if threshold is not None and not (isinstance(threshold, int | float) and threshold > 0):
        problems.append("scoring.meaningful_change must be a positive number or null")
    if not isinstance(scoring.get("report_items_separately"), bool):
        problems.append("scoring.report_items_separately must be true or false")
    for link_id in scoring.get("reversed", []):
        if items.get(link_id, {}).get("type") != "choice":
            problems.append(f"reversed item {link_id} is not a choice item of this instrument")
    for link_id, time_points in scoring.get("asked_at", {}).items():
        if link_id not in items or not time_points:
            problems.append(f"scoring.asked_at names item {link_id}, which is not in this instrument")
    risk = scoring.get("risk_item")
    if risk and (risk.get("linkId") not in items or not risk.get("flag")):
        problems.append("scoring.risk_item needs the linkId of an item and a flag name")
    if not scoring.get("scales") and not scoring.get("report_items_separately"):
        problems.append("list scoring.scales, or report items separately")
    for scale in scales_of(definition):
        _check_scale(scale, items, scoring, problems)


def _check_scale(scale, items, scoring, problems):
    code = scale.get("code")
    members = scale.get("items") or []
    if not members or any(link_id not in items for link_id in members):
        problems.append(f"scale {code}: its items must be items of this instrument")
        return
    if scoring["report_items_separately"] and len(members) != 1:
        problems.append(f"scale {code}: items reported separately are never added up")
    possible = [item_score_range(items[link_id], scoring) for link_id in members]
    low, high = sum(r[0] for r in possible), sum(r[1] for r in possible)
    if list(scale.get("range", [])) != [low, high]:
        problems.append(f"scale {code}: range must be [{low}, {high}], what its items can add up to")
    if scale.get("direction", scoring.get("direction")) not in DIRECTIONS:
        problems.append(f"scale {code}: direction must be one of {sorted(DIRECTIONS)}")
    conversion = scale.get("conversion")
    if conversion:
        if conversion.get("from_raw") != low or len(conversion.get("values", [])) != high - low + 1:
            problems.append(
                f"scale {code}: the conversion table needs one value for each raw score {low} to {high}"
            )
        else:
            low, high = conversion["values"][0], conversion["values"][-1]
    bands = scale.get("bands")
    if bands and not _bands_cover(bands, low, high):
        problems.append(f"scale {code}: bands must follow on from each other and cover {low} to {high}")


def _bands_cover(bands, low, high):
    edges = [(band["min"], band["max"]) for band in bands]
    follow_on = all(edges[i][1] + 1 == edges[i + 1][0] for i in range(len(edges) - 1))
    return follow_on and edges[0][0] == low and edges[-1][1] == high
