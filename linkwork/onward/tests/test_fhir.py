"""Onward referrals as FHIR Task and services as HealthcareService, validated and minimised."""

import pytest
from django.conf import settings
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.task import Task

from linkwork.accounts.models import Organisation
from linkwork.interop.fhir.systems import ODS_SYSTEM
from linkwork.onward.services import onward_referral_respond, onward_referral_send
from linkwork.testing.auth import sign_in
from linkwork.testing.cases import open_case_for
from linkwork.testing.factories import valid_nhs_number

pytestmark = pytest.mark.django_db


def sent(world, wellbeing, case_actors, service, **shares):
    case = open_case_for(world, wellbeing, case_actors, nhs_number=valid_nhs_number(), family_name="Taskman")
    return onward_referral_send(
        by=case_actors["link_worker"], case=case, service=service, consent=True, summary="Keen", **shares
    )


def test_the_receiving_service_reads_the_task_without_the_nhs_number_unless_shared(
    client, world, wellbeing, case_actors, walking_group, vcse, token_for
):
    private = sent(world, wellbeing, case_actors, walking_group)
    shared = sent(world, wellbeing, case_actors, walking_group, share_nhs_number=True)
    onward_referral_respond(by=vcse, referral=private, status="rejected", decline_reason="no_capacity")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for('vcse_coordinator')}"}

    private_task = Task.model_validate_json(
        client.get(reverse("fhir:task", kwargs={"task_id": private.pk}), **headers).content
    )
    shared_task = Task.model_validate_json(
        client.get(reverse("fhir:task", kwargs={"task_id": shared.pk}), **headers).content
    )

    assert (private_task.status, private_task.statusReason.text) == ("rejected", "The service is full")
    assert private_task.for_fhir.identifier is None
    assert private_task.for_fhir.display == private.case.person.full_name
    assert shared_task.for_fhir.identifier.value == shared.case.person.nhs_number
    assert shared_task.owner.display == world.organisations["vcse_a"].name


def test_tasks_are_searched_by_owner_within_the_actors_scope(
    client, world, wellbeing, case_actors, walking_group, token_for
):
    referral = sent(world, wellbeing, case_actors, walking_group)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for('link_worker')}"}
    vcse = world.organisations["vcse_a"]
    Organisation.objects.filter(pk=vcse.pk).update(ods_code="8JK12")

    found = Bundle.model_validate_json(
        client.get(reverse("fhir:task_search"), {"owner": "8jk12"}, **headers).content
    )
    by_identifier = Bundle.model_validate_json(
        client.get(
            reverse("fhir:task_search"), {"owner:identifier": f"{ODS_SYSTEM}|8JK12"}, **headers
        ).content
    )
    by_database_id = Bundle.model_validate_json(
        client.get(reverse("fhir:task_search"), {"owner": str(vcse.pk)}, **headers).content
    )
    none = Bundle.model_validate_json(
        client.get(reverse("fhir:task_search"), {"owner": "ZZZ99"}, **headers).content
    )
    outsider = client.get(
        reverse("fhir:task_search"), **{"HTTP_AUTHORIZATION": f"Bearer {token_for('link_worker_b')}"}
    )

    assert [entry.resource.id for entry in found.entry] == [str(referral.pk)]
    assert [entry.resource.id for entry in by_identifier.entry] == [str(referral.pk)]
    assert found.entry[0].resource.owner.identifier.value == "8JK12"
    assert found.entry[0].fullUrl == f"{settings.LINKWORK_BASE_URL}/fhir/Task/{referral.pk}"
    assert found.entry[0].search.mode == "match"
    assert by_database_id.total == 0
    assert none.total == 0
    assert Bundle.model_validate_json(outsider.content).total == 0


@pytest.mark.parametrize("owner", ["²", "9" * 30])
def test_an_owner_that_only_looks_like_an_id_finds_nothing_rather_than_failing(
    client, world, wellbeing, case_actors, walking_group, token_for, owner
):
    sent(world, wellbeing, case_actors, walking_group)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for('link_worker')}"}

    response = client.get(reverse("fhir:task_search"), {"owner": owner}, **headers)

    assert response.status_code == 200
    assert Bundle.model_validate_json(response.content).total == 0


def test_a_service_reads_as_a_valid_healthcare_service(client, world, walking_group):
    sign_in(client, world.users["referrer"])

    resource = HealthcareService.model_validate_json(
        client.get(reverse("fhir:healthcare_service", kwargs={"service_id": walking_group.pk})).content
    )

    assert resource.name == "Benwell walking group"
    assert resource.providedBy.display == world.organisations["vcse_a"].name
