"""Two records of one person, both seen by provider A, waiting for a team lead's decision."""

import datetime
from dataclasses import dataclass

import pytest

from linkwork.accounts.models import Role
from linkwork.people.models import DuplicateCandidate, Person
from linkwork.people.services import person_register, relationship_grant
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.testing.factories import SYSTEM, actor_for, valid_nhs_number

MARY = {
    "given_name": "Mary",
    "family_name": "Seacole",
    "date_of_birth": datetime.date(1955, 11, 23),
    "postcode": "LS1 4AP",
}


@dataclass
class MergeCase:
    survivor: Person
    duplicate: Person
    pair: DuplicateCandidate
    lead: object


def _referred(world, *, referred_by, **details):
    """Registered by a practice (no source: both records clash on that link) and sent to provider A."""
    person = person_register(
        by=SYSTEM, organisation=world.organisations[referred_by], basis=RelationshipBasis.REFERRAL, **details
    )
    relationship_grant(
        by=SYSTEM,
        person=person,
        organisation=world.organisations["provider_a"],
        basis=RelationshipBasis.REFERRAL,
        source=f"test:referral:{person.pk}",
    )
    return person


@pytest.fixture
def merge_case(world):
    survivor = _referred(world, referred_by="practice_a", email="mary@example.org", **MARY)
    duplicate = _referred(
        world,
        referred_by="practice_a",
        nhs_number=valid_nhs_number(),
        phone="07700 900456",
        email="someone.else@example.org",
        registered_practice=world.organisations["practice_b"],
        **MARY,
    )
    relationship_grant(
        by=SYSTEM,
        person=duplicate,
        organisation=world.organisations["practice_b"],
        basis=RelationshipBasis.CONSENT,
        source="test:consent",
    )
    return MergeCase(
        survivor=survivor,
        duplicate=duplicate,
        pair=DuplicateCandidate.objects.create(person=duplicate, candidate=survivor),
        lead=actor_for(world.users["team_lead"], world.organisations["provider_a"], Role.TEAM_LEAD),
    )
