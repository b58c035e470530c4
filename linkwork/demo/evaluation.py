"""Demo data for issue 21's evaluation: the PCN scheme's people also answer "People I can turn to".

Each PCN case that has completed ONS4 measures gets the social-connection count on the same occasions,
most people gaining a person or two to turn to over their reviews, so the outcome report for that
measure has pairs, subgroups, a difference between groups and the attrition-adjusted estimate to show.
Seeding again adds nothing: a case that already has the measure is left alone.
"""

import random

from linkwork.accounts.models import Role
from linkwork.casework.models import Case
from linkwork.casework.vocabulary import TimePoint
from linkwork.core.context import Actor
from linkwork.outcomes.models import MeasureResponse
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.outcomes.vocabulary import MeasureStatus

CODE = "people_to_turn_to"
ITEMS = ("talk", "practical_help", "emergency", "enjoy_together", "would_notice", "turn_to_you")
PRESET = "pcn-link-worker"
SEED = 21


def evaluation_seed() -> None:
    rng = random.Random(SEED)
    ons4 = (
        MeasureResponse.objects.filter(
            instrument__code="ons4",
            status=MeasureStatus.COMPLETED,
            case__referral__scheme__preset=PRESET,
            # Answers are recorded on open cases only; the imported 2024 records are all closed.
            case__status=Case.Status.OPEN,
        )
        .exclude(case__measure_responses__instrument__code=CODE)
        .select_related("case__provider", "case__link_worker")
        .order_by("case_id", "completed_on", "created_at")
    )
    by_case = {}
    for response in ons4:
        by_case.setdefault(response.case, []).append(response)
    for case, responses in by_case.items():
        actor = Actor(user=case.link_worker, organisation=case.provider, role=Role.LINK_WORKER)
        start = [rng.choice((0, 0, 1, 1, 2)) for _ in ITEMS]
        gains = rng.choice((0, 1, 2, 3))
        for response in responses:
            reviews = 0 if response.time_point == TimePoint.BASELINE else max(response.occasion, 1)
            answers = list(start)
            for _ in range(min(gains, reviews * 2)):
                answers[rng.randrange(len(ITEMS))] += 1
            measures_record(
                by=actor,
                case=case,
                time_point=response.time_point,
                occasion=response.occasion,
                measures=[
                    MeasureAnswers(
                        CODE, {item: min(2, value) for item, value in zip(ITEMS, answers, strict=True)}
                    )
                ],
                completed_on=response.completed_on,
            )
