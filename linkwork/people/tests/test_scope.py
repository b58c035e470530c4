import pytest
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.people.models import LegitimateRelationship, Person
from linkwork.people.services import relationship_grant
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.testing.factories import SYSTEM, actor_for
from linkwork.testing.fixtures import ROLE_HOMES


def visible_names(world, user_key, role, home):
    actor = actor_for(world.users[user_key], world.organisations[home], role)
    return set(Person.objects.visible_to(actor).values_list("family_name", flat=True))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.REFERRER, {"Alpha", "Shared"}),
        (Role.LINK_WORKER, {"Alpha", "Shared"}),
        (Role.TEAM_LEAD, {"Alpha", "Shared"}),
        (Role.VCSE_COORDINATOR, {"Shared"}),
        (Role.COMMISSIONER, set()),
        (Role.ADMINISTRATOR, set()),
    ],
)
def test_each_role_sees_only_people_its_organisation_is_linked_to(world, role, expected):
    assert visible_names(world, role.value, role, ROLE_HOMES[role]) == expected


def test_the_other_organisation_sees_only_its_own_people(world):
    assert visible_names(world, "referrer_b", Role.REFERRER, "practice_b") == {"Bravo"}
    assert visible_names(world, "link_worker_b", Role.LINK_WORKER, "provider_b") == {"Bravo"}


def test_a_vcse_coordinator_sees_nobody_through_a_referral_link(world):
    relationship_grant(
        by=SYSTEM,
        person=world.people["person_b"],
        organisation=world.organisations["vcse_a"],
        basis=RelationshipBasis.REFERRAL,
    )

    assert visible_names(world, "vcse_coordinator", Role.VCSE_COORDINATOR, "vcse_a") == {"Shared"}


def test_an_ended_relationship_no_longer_grants_access(world):
    LegitimateRelationship.objects.filter(
        person=world.people["person_a"], organisation=world.organisations["provider_a"]
    ).update(ended_at=timezone.now())

    assert visible_names(world, "link_worker", Role.LINK_WORKER, "provider_a") == {"Shared"}


def test_relationships_are_scoped_like_people(world):
    actor = actor_for(world.users["referrer"], world.organisations["practice_a"], Role.REFERRER)

    people = set(
        LegitimateRelationship.objects.visible_to(actor).values_list("person__family_name", flat=True)
    )

    assert people == {"Alpha", "Shared"}
