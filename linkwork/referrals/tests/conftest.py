import pytest

from linkwork.accounts.models import Role
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM, actor_for, born_years_ago


@pytest.fixture
def scheme(world):
    """Ways to Wellness over practice A and provider A (world fixture), provider B also providing."""
    org = world.organisations
    return scheme_apply_preset(
        by=SYSTEM,
        preset="ways-to-wellness",
        commissioner=org["commissioner"],
        providers=[org["provider_a"], org["provider_b"]],
        practices=[org["practice_a"]],
    )


@pytest.fixture
def actors(world):
    org, users = world.organisations, world.users
    return {
        "referrer": actor_for(users["referrer"], org["practice_a"], Role.REFERRER),
        "team_lead": actor_for(users["team_lead"], org["provider_a"], Role.TEAM_LEAD),
        "link_worker": actor_for(users["link_worker"], org["provider_a"], Role.LINK_WORKER),
        "link_worker_b": actor_for(users["link_worker_b"], org["provider_b"], Role.LINK_WORKER),
        "referrer_b": actor_for(users["referrer_b"], org["practice_b"], Role.REFERRER),
    }


aged = born_years_ago


@pytest.fixture
def eligible_submission(scheme):
    return {
        "scheme": scheme,
        "source": "gp_practice",
        "person_details": {
            "nhs_number": "9434765919",
            "given_name": "Grace",
            "family_name": "Hopper",
            "date_of_birth": aged(55),
        },
        "needs": ["loneliness", "money_debt"],
        "conditions": ["copd"],
        "consent_to_refer": True,
        "consent_to_share": True,
    }
