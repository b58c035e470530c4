"""The scoring engine: scores an instrument's answers from its definition's rules alone.

Pure Python (no Django). Answers are item scores keyed by linkId: the answer option's ordinalValue
for choice items, the number itself for integer items, so scores entered from a paper form work
whether or not a licensed instrument's text has been loaded.
"""

from dataclasses import dataclass, field

from linkwork.core.errors import DomainError

from .definitions import item_score_range, items_asked_at, scales_of


class ScoringError(DomainError):
    """Answers that cannot be scored; the message names the item."""


@dataclass(frozen=True)
class ScaleScore:
    code: str
    raw: int
    converted: float | None
    band: str | None
    direction: str

    @property
    def reported(self):
        """The score to show and compare: the converted score when the scale has a conversion table."""
        return self.raw if self.converted is None else self.converted


@dataclass(frozen=True)
class ScoreResult:
    instrument: str
    item_scores: dict[str, int]
    scales: dict[str, ScaleScore]
    flags: tuple[str, ...] = field(default=())


def score_answers(definition, answers, *, time_point=None) -> ScoreResult:
    """Score `answers` ({linkId: score}); raise ScoringError for unknown, missing or out-of-range answers."""
    scoring = definition["scoring"]
    title = definition["title"]
    items = {item["linkId"]: item for item in _items_asked(definition, time_point)}
    known = {item["linkId"] for item in definition["item"]}
    for link_id in answers:
        if link_id not in known:
            raise ScoringError(f"{title}: there is no item {link_id!r}.", field=link_id)
        if link_id not in items:
            raise ScoringError(f"{title}: item {link_id} is not asked at {time_point}.", field=link_id)
    item_scores = {link_id: _checked_answer(title, item, answers, scoring) for link_id, item in items.items()}
    for link_id in scoring.get("reversed", []):
        if link_id in item_scores:
            low, high = item_score_range(items[link_id], scoring)
            item_scores[link_id] = low + high - item_scores[link_id]
    scales = {
        scale["code"]: _scale_score(scale, item_scores, scoring)
        for scale in scales_of(definition)
        if all(link_id in item_scores for link_id in scale["items"])
    }
    return ScoreResult(
        instrument=definition["name"],
        item_scores=item_scores,
        scales=scales,
        flags=_flags(scoring, item_scores),
    )


def _items_asked(definition, time_point):
    asked_at = definition["scoring"].get("asked_at")
    if not asked_at:
        return definition["item"]
    if time_point is None:
        raise ScoringError(f"{definition['title']} asks different questions at each time point: say which.")
    return items_asked_at(definition, time_point)


def _checked_answer(title, item, answers, scoring):
    link_id = item["linkId"]
    if link_id not in answers or answers[link_id] is None:
        raise ScoringError(f"{title}: item {link_id} has no answer.", field=link_id)
    value = answers[link_id]
    if type(value) is not int:
        raise ScoringError(f"{title}: item {link_id} needs a whole number, not {value!r}.", field=link_id)
    if item["type"] == "choice":
        allowed = sorted(option["ordinalValue"] for option in item["answerOption"])
        if value not in allowed:
            choices = ", ".join(str(score) for score in allowed)
            raise ScoringError(
                f"{title}: item {link_id} cannot be {value}; it must be one of {choices}.", field=link_id
            )
    else:
        low, high = item_score_range(item, scoring)
        if not low <= value <= high:
            raise ScoringError(
                f"{title}: item {link_id} cannot be {value}; it must be {low} to {high}.", field=link_id
            )
    return value


def _scale_score(scale, item_scores, scoring):
    raw = sum(item_scores[link_id] for link_id in scale["items"])
    conversion = scale.get("conversion")
    converted = conversion["values"][raw - conversion["from_raw"]] if conversion else None
    reported = raw if converted is None else converted
    band = next(
        (band["code"] for band in scale.get("bands", []) if band["min"] <= reported <= band["max"]),
        None,
    )
    return ScaleScore(
        code=scale["code"],
        raw=raw,
        converted=converted,
        band=band,
        direction=scale.get("direction", scoring["direction"]),
    )


def _flags(scoring, item_scores):
    risk = scoring.get("risk_item")
    if risk and item_scores.get(risk["linkId"], 0) > risk["above"]:
        return (risk["flag"],)
    return ()
