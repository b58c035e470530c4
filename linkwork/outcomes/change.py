"""Individual change: each scale's start-of-support score against the latest, judged by the threshold.

Pure Python over an instrument definition and stored responses' scores; no queries.
"""

from dataclasses import dataclass

from .definitions import item_label, scales_of
from .vocabulary import Verdict


@dataclass(frozen=True)
class ScaleChange:
    code: str
    title: str
    low: float
    high: float
    direction: str
    threshold: float | None
    points: tuple  # (date, label, value) for every completed response with this scale, oldest first
    baseline: float | None
    latest: float | None

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.latest is None:
            return None
        return round(self.latest - self.baseline, 2)

    @property
    def verdict(self) -> Verdict | None:
        """Improved, worse or no reliable change; None until there is a score after the baseline."""
        change = self.change
        if change is None:
            return None
        if self.threshold is None:
            return Verdict.NO_RELIABLE_CHANGE if change == 0 else Verdict.NOT_JUDGED
        better = change if self.direction == "higher_is_better" else -change
        if better >= self.threshold:
            return Verdict.IMPROVED
        if better <= -self.threshold:
            return Verdict.WORSE
        return Verdict.NO_RELIABLE_CHANGE


def reported_value(stored_scale: dict) -> float:
    """The value to compare: the converted score where the scale has a conversion table."""
    return stored_scale["raw"] if stored_scale["converted"] is None else stored_scale["converted"]


def scale_title(definition, scale) -> str:
    if scale.get("title"):
        return scale["title"]
    if len(scales_of(definition)) == 1:
        return definition["title"]
    position, item = next(
        (index, item)
        for index, item in enumerate(definition["item"], start=1)
        if item["linkId"] == scale["items"][0]
    )
    return item_label(item, position)


def scale_changes(definition, responses) -> list[ScaleChange]:
    """One ScaleChange per scale the completed `responses` (oldest first, with `time_point`) scored."""
    scoring = definition["scoring"]
    changes = []
    for scale in scales_of(definition):
        scored = [response for response in responses if scale["code"] in response.scores]
        if not scored:
            continue
        points = tuple(
            (response.completed_on, response.occasion_label, reported_value(response.scores[scale["code"]]))
            for response in scored
        )
        baseline = next((r for r in scored if r.time_point == "baseline"), None)
        later = [
            r for r in scored if baseline is not None and r is not baseline and r.time_point != "baseline"
        ]
        conversion = scale.get("conversion")
        low, high = (conversion["values"][0], conversion["values"][-1]) if conversion else scale["range"]
        changes.append(
            ScaleChange(
                code=scale["code"],
                title=scale_title(definition, scale),
                low=low,
                high=high,
                direction=scale.get("direction", scoring["direction"]),
                threshold=scale.get("meaningful_change", scoring.get("meaningful_change")),
                points=points,
                baseline=reported_value(baseline.scores[scale["code"]]) if baseline else None,
                latest=reported_value(later[-1].scores[scale["code"]]) if later else None,
            )
        )
    return changes
