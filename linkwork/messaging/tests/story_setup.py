"""A Ways to Wellness referral followed to the end through the real services: accepted, in support
(a contact attended), holistic assessments at the start and the end, many goals, then discharged."""

import datetime

from django.utils import timezone

from linkwork.casework.domains import DOMAINS
from linkwork.casework.services.assessments import assessment_record
from linkwork.casework.services.cases import case_discharge, referral_decide_and_open_case
from linkwork.casework.services.contacts import contact_record
from linkwork.casework.services.goals import goal_create
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_submit,
    referral_triage,
)
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM, born_years_ago, valid_nhs_number

START = {domain.code: 2 for domain in DOMAINS} | {"money": 1}
END = {domain.code: 4 for domain in DOMAINS} | {"money": 3, "where_you_live": 2}
SUMMARY = "Met every fortnight at the practice and by phone; joined a walking group and a cookery course."


def ways_to_wellness(world):
    org = world.organisations
    return scheme_apply_preset(
        by=SYSTEM, preset="ways-to-wellness", providers=[org["provider_a"]], practices=[org["practice_a"]]
    )


def refer_to_ways_to_wellness(world, case_actors, scheme, **person):
    """A GP referral that meets the scheme's criteria (52, with COPD), shared with the referrer."""
    referral, _ = referral_submit(
        by=case_actors["referrer"],
        scheme=scheme,
        source="gp_practice",
        person_details={
            "nhs_number": valid_nhs_number(),
            "given_name": "Wendy",
            "family_name": "Wellness",
            "date_of_birth": born_years_ago(52),
            "registered_practice": world.organisations["practice_a"],
        }
        | person,
        needs=["long_term_condition", "loneliness"],
        conditions=["copd"],
        consent_to_refer=True,
        consent_to_share=True,
        duplicate_decision="new",
    )
    return referral


def accept(world, case_actors, referral):
    """Triaged light, allocated, reached by phone, and accepted: the case opens."""
    lead, worker = case_actors["team_lead"], case_actors["link_worker"]
    referral = referral_triage(by=lead, referral=referral, level="light")
    referral = referral_allocate(by=lead, referral=referral, link_worker=world.users["link_worker"])
    contact_attempt_record(by=worker, referral=referral, method="phone", outcome="reached")
    return referral_decide_and_open_case(by=case_actors["link_worker"], referral=referral, accepted=True)


def support(case_actors, case, *, goals=3, exit_scores=END):
    """A contact attended, the start-of-support assessment, `goals` goals and (unless None) the exit one."""
    worker = case_actors["link_worker"]
    today = timezone.localdate()
    contact_record(
        by=worker,
        case=case,
        occurs_at=timezone.now() - datetime.timedelta(minutes=5),
        mode="face_to_face",
        place="gp_practice",
        attendance="attended",
        duration_minutes=60,
    )
    assessment_record(by=worker, case=case, assessed_on=today, time_point="baseline", scores=START)
    for number in range(goals):
        goal_create(
            by=worker,
            case=case,
            domain=DOMAINS[number % len(DOMAINS)].code,
            description=f"Goal {number + 1}: walk to the shops and back twice a week, then join the group",
        )
    if exit_scores is not None:
        assessment_record(by=worker, case=case, assessed_on=today, time_point="exit", scores=exit_scores)
    case.refresh_from_db()
    return case


def discharge(case_actors, case):
    case.refresh_from_db()
    return case_discharge(
        by=case_actors["link_worker"],
        case=case,
        reason="goals_achieved",
        summary=SUMMARY,
        expected_version=case.version,
    )
