"""FHIR as a client expects it: the CapabilityStatement, create answering 201 with Location, the
referral read back within its scope, every refusal an OperationOutcome, and identifier systems from
the deployment's base URL, the same inbound and outbound."""

import json

import pytest
from django.conf import settings
from django.test import override_settings
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.servicerequest import ServiceRequest

from linkwork.interop.fhir.systems import ODS_SYSTEM, code_system, identifier_system
from linkwork.referrals.models import Referral
from linkwork.testing.fixtures import instruments_synced

FHIR_JSON = "application/fhir+json"
BASE = "https://linkwork.trust.example"


def create(client, resource, token):
    return client.post(
        "/fhir/ServiceRequest",
        json.dumps(resource),
        content_type=FHIR_JSON,
        headers={"Authorization": f"Bearer {token}"},
    )


def read(client, path, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, headers=headers)


def outcome(response) -> OperationOutcome:
    assert response["Content-Type"] == FHIR_JSON
    return OperationOutcome.model_validate(response.json())


def test_the_capability_statement_is_public_and_lists_what_is_supported(client, db):
    response = client.get("/fhir/metadata")

    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    statement = CapabilityStatement.model_validate(response.json())
    assert (statement.kind, statement.fhirVersion) == ("instance", "4.0.1")
    supported = {
        resource.type: [interaction.code for interaction in resource.interaction]
        for resource in statement.rest[0].resource
    }
    assert supported["ServiceRequest"] == ["create", "read"]
    assert supported["Task"] == ["read", "search-type"]
    assert set(supported) == {
        "ServiceRequest",
        "Task",
        "HealthcareService",
        "Communication",
        "Questionnaire",
        "QuestionnaireResponse",
    }


def test_create_answers_201_with_the_referral_and_its_location(client, service_request, token_for):
    response = create(client, service_request, token_for("referrer"))

    referral = Referral.objects.get()
    assert response.status_code == 201
    assert response["Location"].endswith(f"/fhir/ServiceRequest/{referral.pk}")
    assert (
        response.json() == read(client, f"/fhir/ServiceRequest/{referral.pk}", token_for("referrer")).json()
    )


def test_the_referral_reads_back_as_what_was_sent(client, service_request, token_for, world):
    token = token_for("referrer")
    referral_id = create(client, service_request, token).json()["id"]

    response = read(client, f"/fhir/ServiceRequest/{referral_id}", token)

    assert response.status_code == 200
    resource = ServiceRequest.model_validate(response.json())
    assert (resource.status, resource.intent, resource.subject.reference) == ("active", "order", "#patient")
    [patient] = resource.contained
    assert patient.identifier[0].value == "9434765919"
    assert (patient.name[0].given, patient.name[0].family) == (["Grace"], "Hopper")
    assert [coding.code for concept in resource.reasonCode for coding in concept.coding] == [
        "loneliness",
        "money_debt",
        "copd",
    ]
    practice = world.organisations["practice_a"]
    assert (resource.requester.identifier.system, resource.requester.identifier.value) == (
        ODS_SYSTEM,
        practice.ods_code,
    )
    assert resource.identifier[0].system == identifier_system("referral")


def test_a_referral_read_back_can_be_sent_again_as_the_same_submission(client, service_request, token_for):
    token = token_for("referrer")
    first = create(client, service_request, token)
    again = dict(first.json())
    again.pop("id")

    response = client.post(
        "/fhir/ServiceRequest",
        json.dumps(again),
        content_type=FHIR_JSON,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "resent-read-back"},
    )

    assert response.status_code == 201
    assert Referral.objects.count() == 2


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("referrer", 200),
        ("link_worker", 200),
        ("team_lead", 200),
        ("referrer_b", 404),
        ("link_worker_b", 404),
    ],
)
def test_a_referral_is_read_only_by_its_referrer_and_the_schemes_providers(
    client, service_request, token_for, username, status
):
    referral_id = create(client, service_request, token_for("referrer")).json()["id"]

    response = read(client, f"/fhir/ServiceRequest/{referral_id}", token_for(username))

    assert response.status_code == status
    if status != 200:
        assert outcome(response).issue[0].code == "not-found"


@pytest.mark.parametrize(
    ("method", "path", "token", "status", "code"),
    [
        ("get", "/fhir/Patient/123", None, 404, "not-found"),
        ("get", "/fhir/Task/not-a-uuid", "link_worker", 404, "not-found"),
        ("get", "/fhir/ServiceRequest/8d0ea3b8-4e4b-4c1e-9d1c-5f0b1a2b3c4d", "referrer", 404, "not-found"),
        ("get", "/fhir/", None, 404, "not-found"),
        ("get", "/fhir/ServiceRequest", "referrer", 405, "not-supported"),
        ("delete", "/fhir/Task", "link_worker", 405, "not-supported"),
        ("post", "/fhir/metadata", None, 405, "not-supported"),
        ("put", "/fhir/Questionnaire/ons4", "referrer", 405, "not-supported"),
        ("get", "/fhir/Task", None, 401, "login"),
        ("get", "/fhir/ServiceRequest/8d0ea3b8-4e4b-4c1e-9d1c-5f0b1a2b3c4d", None, 401, "login"),
        ("get", "/fhir/Task", "referrer", 403, "forbidden"),
        (
            "get",
            "/fhir/ServiceRequest/8d0ea3b8-4e4b-4c1e-9d1c-5f0b1a2b3c4d",
            "vcse_coordinator",
            403,
            "forbidden",
        ),
    ],
)
def test_every_refusal_is_an_operation_outcome(client, token_for, method, path, token, status, code):
    headers = {"Authorization": f"Bearer {token_for(token)}"} if token else {}

    response = getattr(client, method)(path, headers=headers)

    assert response.status_code == status
    [issue] = outcome(response).issue
    assert (issue.severity, issue.code) == ("error", code)
    if status == 405:
        assert response["Allow"]


@override_settings(LINKWORK_BASE_URL=BASE)
def test_systems_come_from_the_base_url_setting_inbound_and_outbound(
    client, service_request, token_for, scheme
):
    service_request["performer"][0]["identifier"]["system"] = f"{BASE}/fhir/Id/scheme"
    service_request["reasonCode"] = [
        {"coding": [{"system": f"{BASE}/fhir/CodeSystem/need", "code": "housing"}]},
        {"coding": [{"system": f"{BASE}/fhir/CodeSystem/long-term-condition", "code": "copd"}]},
    ]
    service_request["extension"] = [
        {"url": f"{BASE}/fhir/StructureDefinition/consent-to-refer", "valueBoolean": True}
    ]

    response = create(client, service_request, token_for("referrer"))

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"{BASE}/fhir/ServiceRequest/{body['id']}"
    assert body["performer"][0]["identifier"]["system"] == f"{BASE}/fhir/Id/scheme"
    assert body["reasonCode"][0]["coding"][0] == {"system": f"{BASE}/fhir/CodeSystem/need", "code": "housing"}
    assert f"{BASE}/fhir/StructureDefinition/consent-to-refer" in [
        extension["url"] for extension in body["extension"]
    ]
    assert "linkwork.example" not in response.content.decode()
    assert "linkwork.org.uk" not in response.content.decode()


def test_systems_of_another_deployment_are_not_taken_for_ours(client, service_request, token_for):
    service_request["performer"][0]["identifier"]["system"] = "https://linkwork.org.uk/fhir/Id/scheme"

    response = create(client, service_request, token_for("referrer"))

    assert response.status_code == 422
    assert outcome(response).issue[0].expression == ["ServiceRequest.performer"]


def test_questionnaire_answer_codings_carry_a_system_and_its_url_is_this_deployments(client, token_for):
    instruments_synced()

    response = read(client, "/fhir/Questionnaire/ons4", token_for("link_worker"))

    questionnaire = Questionnaire.model_validate(response.json())
    assert questionnaire.url == f"{settings.LINKWORK_BASE_URL}/fhir/Questionnaire/ons4"
    codings = [option.valueCoding for item in questionnaire.item for option in item.answerOption or []]
    assert codings
    assert {coding.system for coding in codings} == {code_system("questionnaire-answer/ons4")}
