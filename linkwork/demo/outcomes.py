"""Demo outcome measures: each scheme's start-of-support measures, then reviews that show change.

Answers are drawn so most people improve a little and some do not, so the change view shows every
verdict. A few cases are left with their measures due, or with one declined, as in real services.
"""

import datetime
import random

from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.casework.models import Case
from linkwork.casework.vocabulary import TimePoint
from linkwork.core.context import Actor
from linkwork.outcomes.definitions import item_score_range, items_asked_at
from linkwork.outcomes.models import Instrument, MeasureResponse, QuestionnaireLink
from linkwork.outcomes.schedule import scheduled_codes
from linkwork.outcomes.services.links import questionnaire_link_issue
from linkwork.outcomes.services.responses import MeasureAnswers, measure_not_completed, measures_record

REVIEW_WEEKS = 12  # schemes without a cadence: the demo reviews as often as link workers commonly do
LEFT_DUE_ONE_IN = 5
DECLINED_ONE_IN = 7


def seed(*, case: Case, actor: Actor, rng: random.Random) -> None:
    """Baseline on the day the case opened, then reviews up to today. Does nothing if the case has any."""
    if MeasureResponse.objects.filter(case=case).exists():
        return
    scheme = case.referral.scheme
    codes = scheduled_codes(scheme, TimePoint.BASELINE)
    if not codes or rng.randrange(LEFT_DUE_ONE_IN) == 0:
        return
    instruments = {
        i.code: i for i in Instrument.objects.filter(code__in=codes + scheduled_codes(scheme, "review"))
    }
    opened_on = timezone.localdate(case.opened_at)
    progress = rng.choice([0.0, 0.3, 0.5, 0.7])  # how far towards the better end the person moves
    declined = codes[-1] if len(codes) > 1 and rng.randrange(DECLINED_ONE_IN) == 0 else None
    _record(
        actor,
        case,
        instruments,
        [c for c in codes if c != declined],
        TimePoint.BASELINE,
        0,
        opened_on,
        0.0,
        rng,
    )
    if declined:
        measure_not_completed(
            by=actor,
            case=case,
            code=declined,
            time_point=TimePoint.BASELINE,
            occasion=0,
            status="declined",
            reason="Preferred not to answer these questions at the first meeting.",
        )
    review_codes = scheduled_codes(scheme, TimePoint.REVIEW)
    every = datetime.timedelta(weeks=scheme.review_cadence_weeks or REVIEW_WEEKS)
    occasion, review_on = 1, opened_on + every
    while review_codes and review_on <= timezone.localdate():
        _record(
            actor,
            case,
            instruments,
            review_codes,
            TimePoint.REVIEW,
            occasion,
            review_on,
            progress * occasion / 2,
            rng,
        )
        occasion, review_on = occasion + 1, review_on + every


def demo_questionnaire_path(*, link_worker_username: str) -> str | None:
    """A new secure link for the next review of one of this worker's cases, to try from `make run`.

    Only the token's digest is stored, so a link can be shown only when it is issued: seeding again
    issues one (and prints it) only when no earlier demo link is still waiting, so a second seed
    writes nothing.
    """
    case = (
        Case.objects.filter(
            status=Case.Status.OPEN,
            link_worker__username=link_worker_username,
            measure_responses__time_point=TimePoint.BASELINE,
        )
        .select_related("referral__scheme", "provider", "link_worker")
        .order_by("opened_at", "pk")
        .first()
    )
    codes = scheduled_codes(case.referral.scheme, TimePoint.REVIEW) if case else []
    if not codes or QuestionnaireLink.objects.filter(case=case).usable(timezone.now()).exists():
        return None
    actor = Actor(user=case.link_worker, organisation=case.provider, role=Role.LINK_WORKER)
    reviews = MeasureResponse.objects.filter(case=case, time_point=TimePoint.REVIEW)
    occasion = 1 + max(reviews.values_list("occasion", flat=True), default=0)
    _, token = questionnaire_link_issue(
        by=actor, case=case, time_point=TimePoint.REVIEW, occasion=occasion, codes=codes
    )
    return reverse("outcomes:questionnaire", kwargs={"token": token})


def _record(actor, case, instruments, codes, time_point, occasion, on, progress, rng):
    measures = [
        MeasureAnswers(code, _answers(instruments[code].definition, time_point, min(progress, 1.0), rng))
        for code in codes
    ]
    measures_record(
        by=actor, case=case, time_point=time_point, occasion=occasion, measures=measures, completed_on=on
    )


def _answers(definition, time_point, progress, rng):
    """Item scores starting near the worse end and moving `progress` of the way to the better end."""
    scoring = definition["scoring"]
    better_high = scoring["direction"] == "higher_is_better"
    reversed_items = set(scoring.get("reversed", []))
    answers = {}
    for item in items_asked_at(definition, time_point):
        low, high = item_score_range(item, scoring)
        worse, better = (low, high) if better_high != (item["linkId"] in reversed_items) else (high, low)
        start = worse + (better - worse) * rng.uniform(0.15, 0.4)
        value = round(start + (better - start) * progress + rng.uniform(-0.1, 0.1) * (high - low))
        value = min(high, max(low, value))
        if item["type"] == "choice":
            scores = sorted(option["ordinalValue"] for option in item["answerOption"])
            value = min(scores, key=lambda score: abs(score - value))
        answers[item["linkId"]] = value
    return answers
