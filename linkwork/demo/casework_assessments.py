"""Demo holistic assessments: a start-of-support assessment, then reviews at the scheme's cadence."""

import datetime
import random

from django.utils import timezone

from linkwork.casework.domains import DOMAINS, HIGHEST_SCORE, LOWEST_SCORE
from linkwork.casework.models import Case
from linkwork.casework.services.assessments import assessment_record
from linkwork.casework.vocabulary import TimePoint
from linkwork.core.context import Actor

# Without a scheme cadence, the demo reviews as often as a link worker commonly would.
DEFAULT_REVIEW_WEEKS = 12
NOTES = [
    "Talked through each area together; money and getting out are the biggest worries.",
    "Feels more settled since the benefits claim went in.",
    "Has started going to the walking group on Tuesdays.",
    "A harder month after a hospital appointment, but keen to keep going.",
]


def seed(*, case: Case, actor: Actor, rng: random.Random) -> None:
    """Record a start-of-support assessment on the day the case opened, then reviews up to today,
    each a little better than the last with the odd setback. Does nothing if the case has any."""
    if case.assessments.exists():
        return
    opened_on = timezone.localdate(case.opened_at)
    scores = {domain.code: rng.choices([1, 2, 3, 4], weights=[2, 4, 3, 1])[0] for domain in DOMAINS}
    assessment_record(
        by=actor,
        case=case,
        assessed_on=opened_on,
        time_point=TimePoint.BASELINE,
        scores=scores,
        note=NOTES[0],
    )
    every = datetime.timedelta(weeks=case.referral.scheme.review_cadence_weeks or DEFAULT_REVIEW_WEEKS)
    review_on = opened_on + every
    while review_on <= timezone.localdate():
        scores = {code: _moved_on(score, rng) for code, score in scores.items()}
        assessment_record(
            by=actor,
            case=case,
            assessed_on=review_on,
            time_point=TimePoint.REVIEW,
            scores=scores,
            note=rng.choice(NOTES[1:]),
        )
        review_on += every


def _moved_on(score: int, rng: random.Random) -> int:
    change = rng.choices([-1, 0, 1], weights=[1, 4, 5])[0]
    return min(HIGHEST_SCORE, max(LOWEST_SCORE, score + change))
