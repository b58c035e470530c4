"""Import batches: a team lead keeps their own provider's imported cases under a name, once."""

import pytest

from linkwork.accounts.models import Role
from linkwork.casework.models import ImportBatch
from linkwork.casework.services.imports import import_batch_add_cases
from linkwork.core.errors import DomainError
from linkwork.testing.cases import open_case_for
from linkwork.testing.factories import actor_for

pytestmark = pytest.mark.django_db


def test_the_same_name_reuses_the_batch_and_adds_each_case_once(world, wellbeing, case_actors):
    first, second = (
        open_case_for(world, wellbeing, case_actors, family_name=name) for name in ("One", "Two")
    )
    lead = case_actors["team_lead"]

    batch = import_batch_add_cases(by=lead, scheme=wellbeing, name="2025 records", cases=[first])
    again = import_batch_add_cases(by=lead, scheme=wellbeing, name="2025 records", cases=[first, second])

    assert again.pk == batch.pk
    assert sorted(again.cases.values_list("pk", flat=True)) == sorted([first.pk, second.pk])
    assert ImportBatch.objects.count() == 1


def test_only_a_team_lead_of_the_cases_provider_may_keep_them(world, wellbeing, case_actors):
    case = open_case_for(world, wellbeing, case_actors)
    user = world.users["link_worker_b"]
    user.memberships.update(role=Role.TEAM_LEAD)
    other_lead = actor_for(user, world.organisations["provider_b"], Role.TEAM_LEAD)

    for actor in (case_actors["link_worker"], other_lead):
        with pytest.raises(DomainError):
            import_batch_add_cases(by=actor, scheme=wellbeing, name="Not theirs", cases=[case])
    assert not ImportBatch.objects.exists()
