"""Two years of Ways to Wellness support, so the reports have figures in every period preset (last
quarter, this and last financial year) and the outcome report shows holistic-assessment change.

Each person is referred, triaged, allocated, reached and accepted through the real services; the case
is then dated back between 2 and 24 months, with a start-of-support assessment, reviews every 26 weeks
(the scheme's cadence) and, for about half of those supported over a year, an end-of-support
assessment and discharge. Seeding again changes nothing: each referral is found by its key.
"""

import datetime
import random

from django.utils import timezone

from linkwork.accounts.models import Membership, Role
from linkwork.casework.domains import DOMAINS, HIGHEST_SCORE, LOWEST_SCORE
from linkwork.casework.models import Case
from linkwork.casework.services.assessments import assessment_record
from linkwork.casework.services.cases import case_discharge, referral_decide_and_open_case
from linkwork.casework.services.contacts import contact_record
from linkwork.casework.vocabulary import DischargeReason, TimePoint
from linkwork.core.context import Actor
from linkwork.referrals.models import Referral
from linkwork.schemes.models import Scheme

from . import data
from .referrals import referral_progress, referral_seed

PRESET = "ways-to-wellness"
PEOPLE = 24
# Numbers after the scheme's everyday demo referrals, so their keys never meet.
FIRST_NUMBER = 500
REVIEW_WEEKS = 26
DISCHARGE_AFTER_WEEKS = 52
NOTES = (
    "Went through each area together; money and getting out are the biggest worries.",
    "Feels more in control of their breathing since joining the walking group.",
    "A harder few months after a hospital stay, but back at the café group.",
    "Says the benefits advice and the gardening club made the most difference.",
)


def reporting_history_seed() -> None:
    scheme = Scheme.objects.filter(preset=PRESET).first()
    if scheme is None:
        return
    definition = next(definition for definition in data.SCHEMES if definition["preset"] == PRESET)
    team_lead = Membership.objects.select_related("user", "organisation").get(
        user__username=f"{definition['username_prefix']}.teamlead", role=Role.TEAM_LEAD
    )
    # Imported here: services imports this module to call the seed.
    from .services import synthetic_person

    rng = random.Random(f"{data.RANDOM_SEED}:{PRESET}:history")
    practices = list(scheme.practices.order_by("name"))
    for index in range(PEOPLE):
        number = FIRST_NUMBER + index
        details = synthetic_person(rng, definition)
        weeks_ago = rng.randint(9, 104)
        if Referral.objects.filter(idempotency_key=f"demo:{scheme.slug}:{number}").exists():
            continue
        referral = referral_seed(
            scheme=scheme, practice=practices[index % len(practices)], details=details, number=number, rng=rng
        )
        referral_progress(referral=referral, stage="contacted", team_lead_membership=team_lead)
        referral.refresh_from_db()
        _supported(referral, weeks_ago, team_lead, rng)


def _supported(referral: Referral, weeks_ago: int, team_lead: Membership, rng: random.Random) -> None:
    worker = Actor(user=referral.link_worker, organisation=team_lead.organisation, role=Role.LINK_WORKER)
    case = referral_decide_and_open_case(by=worker, referral=referral, accepted=True)
    # Dates are worked out as local days first: a moment weeks ago may fall on another day once summer
    # time is counted, and an assessment dated tomorrow would rightly be refused.
    opened_on = timezone.localdate() - datetime.timedelta(weeks=weeks_ago)
    opened = _at(opened_on, hour=9)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=opened - datetime.timedelta(weeks=3),
        triaged_at=opened - datetime.timedelta(weeks=2),
        allocated_at=opened - datetime.timedelta(weeks=2),
        first_contact_at=opened - datetime.timedelta(days=3),
        outcome_at=opened,
    )
    Case.objects.filter(pk=case.pk).update(opened_at=opened)
    case.refresh_from_db()
    for weeks in (1, 3, 6):
        contact_record(
            by=worker,
            case=case,
            occurs_at=_at(opened_on + datetime.timedelta(weeks=weeks), hour=10),
            mode=rng.choice(["face_to_face", "phone"]),
            place=rng.choice(["gp_practice", "community_centre", "cafe"]),
            attendance="attended",
            duration_minutes=60,
            note=rng.choice(NOTES),
        )
    scores = {domain.code: rng.choices([1, 2, 3, 4], weights=[3, 4, 3, 1])[0] for domain in DOMAINS}
    assessment_record(
        by=worker,
        case=case,
        assessed_on=opened_on,
        time_point=TimePoint.BASELINE,
        scores=scores,
        note=NOTES[0],
    )
    discharged = weeks_ago >= DISCHARGE_AFTER_WEEKS and rng.random() < 0.5
    last_week = min(weeks_ago, DISCHARGE_AFTER_WEEKS + 10) if discharged else weeks_ago
    follow_ups = [(week, TimePoint.REVIEW) for week in range(REVIEW_WEEKS, last_week + 1, REVIEW_WEEKS)]
    if discharged:
        follow_ups = [(week, time_point) for week, time_point in follow_ups if week < last_week]
        follow_ups.append((last_week, TimePoint.EXIT))
    for week, time_point in follow_ups:
        scores = {code: _moved_on(score, rng) for code, score in scores.items()}
        assessment_record(
            by=worker,
            case=case,
            assessed_on=opened_on + datetime.timedelta(weeks=week),
            time_point=time_point,
            scores=scores,
            note=rng.choice(NOTES[1:]),
        )
    if discharged:
        closed = min(timezone.now(), _at(opened_on + datetime.timedelta(weeks=last_week), hour=12))
        case = case_discharge(
            by=worker,
            case=case,
            reason=DischargeReason.GOALS_ACHIEVED,
            summary="Goals met: settled at the walking group and the money worries are sorted.",
            expected_version=case.version,
        )
        Case.objects.filter(pk=case.pk).update(closed_at=closed)


def _at(day: datetime.date, *, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def _moved_on(score: int, rng: random.Random) -> int:
    change = rng.choices([-1, 0, 1], weights=[1, 3, 5])[0]
    return min(HIGHEST_SCORE, max(LOWEST_SCORE, score + change))
