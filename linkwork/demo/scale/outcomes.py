"""Outcome measures at baseline, reviews and exit, scored by the real scoring engine.

Each case has a hidden wellbeing level that improves (for most people) over support; every item's
answer is drawn near that level, so baseline, review and exit scores form plausible pairs.
"""

import datetime

from linkwork.outcomes.definitions import item_score_range, items_asked_at, scales_of
from linkwork.outcomes.scoring import score_answers

from .synthetic import Weighted

# The measures each preset asks, beyond its schedule's; optional ones are asked of some people.
OPTIONAL = {"ucla_loneliness_3": 0.4, "anxiety_depression_today": 0.4}
# Integer items whose full range would be implausible as a typical answer.
PLAUSIBLE = {"visits_last_4_weeks": (0, 8)}
COMPLETED_BY = Weighted({"in_session": 75, "paper": 10, "secure_link": 15})
REVIEW_WEEKS = {"pcn-link-worker": 12}
MEASURE_FIELDS = (
    "id", "created_at", "updated_at", "case", "instrument", "instrument_version", "time_point",
    "occasion", "status", "reason", "answers", "scores", "flags", "completed_on", "completed_by",
    "recorded_by",
)  # fmt: skip


class Instruments:
    """What answering needs from each instrument, worked out once."""

    def __init__(self, instruments):
        self.by_code = {}
        for instrument in instruments:
            definition = instrument.definition
            worse = {
                link_id
                for scale in scales_of(definition)
                if scale.get("direction", definition["scoring"]["direction"]) == "higher_is_worse"
                for link_id in scale["items"]
            }
            if definition["scoring"]["direction"] == "higher_is_worse":
                worse |= {item["linkId"] for item in definition["item"]}
            self.by_code[instrument.code] = (instrument, worse)


def measure_rows(rng, *, opened, now, instruments, uuid, keep, out):
    """Append the case's measures: baseline, the scheme's reviews, and exit when the case closed."""
    made = opened.made
    scheme = made.scheme
    level = rng.uniform(0.15, 0.6)
    gain = rng.gauss(0.12, 0.12)
    for time_point, occasion, when, progress in _occasions(scheme, opened, now):
        for code in scheme.schedule.get(time_point, []):
            if code not in instruments.by_code or rng.random() > keep * OPTIONAL.get(code, 1.0):
                continue
            instrument, worse = instruments.by_code[code]
            by = COMPLETED_BY.pick(rng)
            row = [uuid(rng), when, when, opened.id, instrument.pk, instrument.version, time_point, occasion]
            if rng.random() < 0.05:
                by = ""  # nothing was completed: the link worker recorded why
                row += ["declined", "Did not want to answer today.", {}, {}, []]
            else:
                answers = _answers(rng, instrument.definition, worse, time_point, level + gain * progress)
                result = score_answers(instrument.definition, answers, time_point=time_point)
                scores = {
                    scale_code: {"raw": scale.raw, "converted": scale.converted, "band": scale.band}
                    for scale_code, scale in result.scales.items()
                }
                row += ["completed", "", answers, scores, list(result.flags)]
            row += [when.date(), by, None if by == "secure_link" else made.link_worker]
            out["measures"].append(tuple(row))


def _occasions(scheme, opened, now):
    start = opened.opened_at
    end = opened.closed_at
    baseline = start + datetime.timedelta(days=3)
    if baseline < now:
        yield "baseline", 0, baseline, 0.0
    cadence = scheme.review_cadence_weeks or REVIEW_WEEKS.get(scheme.preset)
    if scheme.schedule.get("review") and cadence:
        last = end or now
        total = (last - start).total_seconds() or 1.0
        occasion = 1
        while start + datetime.timedelta(weeks=cadence * occasion) < last:
            when = start + datetime.timedelta(weeks=cadence * occasion)
            yield "review", occasion, when, (when - start).total_seconds() / total
            occasion += 1
    if end is not None:
        yield "exit", 0, end, 1.0


def _answers(rng, definition, worse, time_point, level):
    scoring = definition["scoring"]
    reversed_items = set(scoring.get("reversed", []))
    answers = {}
    for item in items_asked_at(definition, time_point) if scoring.get("asked_at") else definition["item"]:
        link_id = item["linkId"]
        low, high = PLAUSIBLE.get(link_id) or item_score_range(item, scoring)
        quality = min(1.0, max(0.0, level + rng.gauss(0, 0.1)))
        if link_id in worse:
            quality = 1.0 - quality
        value = low + round(quality * (high - low))
        if item["type"] == "choice":
            allowed = sorted(option["ordinalValue"] for option in item["answerOption"])
            value = min(allowed, key=lambda option: abs(option - value))
        if link_id in reversed_items:
            value = low + high - value
        answers[link_id] = value
    return answers
