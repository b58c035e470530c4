"""Fixtures for tests that need an open case: the wellbeing scheme, actors by role, a case opened the real way."""

import pytest

from linkwork.accounts.models import Role
from linkwork.casework.services.cases import referral_decide_and_open_case
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_submit,
    referral_triage,
)
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM, actor_for, born_years_ago


@pytest.fixture
def wellbeing(world):
    """The wellbeing coordinator scheme (6-session limit) over practice A and provider A."""
    org = world.organisations
    return scheme_apply_preset(
        by=SYSTEM,
        preset="wellbeing-coordinator",
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )


@pytest.fixture
def case_actors(world):
    org, users = world.organisations, world.users
    return {
        "referrer": actor_for(users["referrer"], org["practice_a"], Role.REFERRER),
        "team_lead": actor_for(users["team_lead"], org["provider_a"], Role.TEAM_LEAD),
        "link_worker": actor_for(users["link_worker"], org["provider_a"], Role.LINK_WORKER),
        "link_worker_b": actor_for(users["link_worker_b"], org["provider_b"], Role.LINK_WORKER),
    }


@pytest.fixture
def open_case(world, wellbeing, case_actors):
    return open_case_for(world, wellbeing, case_actors, family_name="Casey")


def referral_for(case_actors, scheme, **person):
    """A GP's referral of a new person (loneliness), as submitted: not yet triaged."""
    details = {"given_name": "Cass", "family_name": "Casey", "date_of_birth": born_years_ago(50)} | person
    referral, _ = referral_submit(
        by=case_actors["referrer"],
        scheme=scheme,
        source="gp_practice",
        person_details=details,
        needs=["loneliness"],
        consent_to_refer=True,
        duplicate_decision="new",
    )
    return referral


def contacted_referral_for(world, scheme, case_actors, **person):
    """A referral triaged, allocated to provider A's link worker, who has just reached the person."""
    referral = referral_for(case_actors, scheme, **person)
    referral = referral_triage(by=case_actors["team_lead"], referral=referral, level="standard")
    referral = referral_allocate(
        by=case_actors["team_lead"], referral=referral, link_worker=world.users["link_worker"]
    )
    contact_attempt_record(
        by=case_actors["link_worker"], referral=referral, method="phone", outcome="reached"
    )
    return referral


def open_case_for(world, scheme, case_actors, **person):
    """A case opened the way the service opens them: referral, triage, allocation, contact, acceptance."""
    referral = contacted_referral_for(world, scheme, case_actors, **person)
    return referral_decide_and_open_case(by=case_actors["link_worker"], referral=referral, accepted=True)
