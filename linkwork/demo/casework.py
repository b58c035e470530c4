"""Demo casework on each open case: contacts, a booked appointment, and each feature's own records."""

import datetime
import random

from django.utils import timezone

from linkwork.casework.limits import session_limit
from linkwork.casework.models import Case
from linkwork.casework.services.contacts import contact_record
from linkwork.core.context import Actor
from linkwork.referrals.models import Referral

from . import casework_assessments, casework_goals, casework_risk
from . import outcomes as outcome_measures

CONTACT_NOTES = [
    "Talked through what matters most; keen to get out of the house more.",
    "Went through the benefits letter together; will bring the form next time.",
    "Met at the café; visited the community centre's Tuesday group afterwards.",
    "Phoned to check in after the first group session: enjoyed it.",
]


def case_seed(*, case, link_worker: Actor, team_lead: Actor, rng: random.Random) -> None:
    """A few weeks of plausible support for one open case, through the real services."""
    now = timezone.now()
    opened = now - datetime.timedelta(weeks=rng.randint(14, 40))
    _backdate(case, opened)
    for weeks_ago, attendance in ((5, "attended"), (3, "did_not_attend"), (2, "attended"), (1, "attended")):
        contact_record(
            by=link_worker,
            case=case,
            occurs_at=_office_hours(now - datetime.timedelta(weeks=weeks_ago), rng),
            mode=rng.choice(["face_to_face", "phone", "home_visit"]),
            place=rng.choice(["gp_practice", "community_centre", "cafe", "home"]),
            attendance=attendance,
            duration_minutes=rng.choice([30, 45, 60]) if attendance == "attended" else None,
            note=rng.choice(CONTACT_NOTES) if attendance == "attended" else "",
        )
    if _first_capped_case(case):
        _near_the_session_limit(case, link_worker, rng)
    contact_record(
        by=link_worker,
        case=case,
        occurs_at=_office_hours(now + datetime.timedelta(days=rng.randint(2, 9)), rng),
        mode="face_to_face",
        place="community_centre",
        attendance="booked",
    )
    casework_assessments.seed(case=case, actor=link_worker, rng=rng)
    casework_goals.seed(case=case, actor=link_worker, rng=rng)
    casework_risk.seed(case=case, actor=link_worker, rng=rng)
    casework_risk.seed_supervision(case=case, team_lead_actor=team_lead, rng=rng)
    outcome_measures.seed(case=case, actor=link_worker, rng=rng)


def _first_capped_case(case) -> bool:
    """The first demo case of a scheme with a session limit: the one shown one session from it."""
    if not case.referral.scheme.session_cap:
        return False
    others = Case.objects.filter(referral__scheme_id=case.referral.scheme_id).exclude(pk=case.pk)
    return not others.exists()


def _near_the_session_limit(case, link_worker: Actor, rng: random.Random) -> None:
    """Earlier attended sessions until one is left, so the case page, the caseload and the reminder
    job all show the scheme's limit coming."""
    attended = session_limit(case, case.contacts.sessions().count())
    for weeks_ago in range(6, 6 + attended.cap - 1 - attended.attended):
        contact_record(
            by=link_worker,
            case=case,
            occurs_at=_office_hours(timezone.now() - datetime.timedelta(weeks=weeks_ago), rng),
            mode="face_to_face",
            place="community_centre",
            attendance="attended",
            duration_minutes=45,
            note=rng.choice(CONTACT_NOTES),
        )


def _backdate(case, opened):
    """Demo cases are seeded today; start them (and their referrals) months ago so reviews and charts show change."""
    Referral.objects.filter(pk=case.referral_id).update(
        created_at=opened - datetime.timedelta(weeks=3),
        triaged_at=opened - datetime.timedelta(weeks=2),
        allocated_at=opened - datetime.timedelta(weeks=2),
        first_contact_at=opened - datetime.timedelta(days=2),
        outcome_at=opened,
    )
    Case.objects.filter(pk=case.pk).update(opened_at=opened)
    case.refresh_from_db()


def _office_hours(moment, rng):
    """The same day at a plausible appointment time, 9:30 to 15:30 London time."""
    local = timezone.localtime(moment)
    return local.replace(hour=rng.randint(9, 15), minute=30, second=0, microsecond=0)
