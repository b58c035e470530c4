"""SMART on FHIR's Python client (`fhirclient`, written apart from Linkwork and from fhir.resources)
reads every FHIR endpoint as an integrator's system would: `prepare()` from the CapabilityStatement,
then each resource parsed strictly by its R4 models, and each refusal parsed as an OperationOutcome.

Its HTTP requests go through Django's test client (a requests transport adapter), so they run in
the test's transaction on either database, with no server to start.
"""

import uuid
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client, override_settings
from fhirclient import client as fhir_client
from fhirclient import server as fhir_server
from fhirclient.models.capabilitystatement import CapabilityStatement
from fhirclient.models.communication import Communication
from fhirclient.models.healthcareservice import HealthcareService
from fhirclient.models.operationoutcome import OperationOutcome
from fhirclient.models.questionnaire import Questionnaire
from fhirclient.models.questionnaireresponse import QuestionnaireResponse
from fhirclient.models.servicerequest import ServiceRequest
from fhirclient.models.task import Task
from requests.structures import CaseInsensitiveDict

from linkwork.accounts.api_auth import api_token_issue
from linkwork.accounts.models import Membership, Organisation
from linkwork.interop.fhir.systems import code_system, extension_url, identifier_system
from linkwork.messaging.models import OutboxMessage
from linkwork.testing.factories import SYSTEM

from .conftest import service_request_to

BASE = "http://testserver"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("access")]


class DjangoTestClientAdapter(requests.adapters.BaseAdapter):
    """A requests transport that hands each request to Django's test client."""

    def __init__(self):
        super().__init__()
        self.client = Client()

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        headers = {
            name: value
            for name, value in request.headers.items()
            if name.lower() not in ("content-length", "host")
        }
        answer = self.client.generic(
            request.method,
            f"{url.path}?{url.query}" if url.query else url.path,
            data=request.body or b"",
            content_type=request.headers.get("Content-Type", ""),
            headers=headers,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(answer.items())
        response.url, response.request, response.encoding = request.url, request, "utf-8"
        return response

    def close(self):
        pass


def connect(token: str | None) -> fhir_client.FHIRClient:
    smart = fhir_client.FHIRClient(settings={"app_id": "gp-system", "api_base": f"{BASE}/fhir/"})
    smart.server.session.mount(f"{BASE}/", DjangoTestClientAdapter())
    if token:
        smart.server.session.headers["Authorization"] = f"Bearer {token}"
    return smart


def token(access, username) -> str:
    membership = Membership.objects.get(user=access.world.users[username])
    return api_token_issue(by=SYSTEM, membership=membership, name=f"{username}'s system")[1]


def referral_for(scheme) -> dict:
    resource = service_request_to(scheme)
    resource["identifier"][0]["value"] = f"GP-{uuid.uuid4()}"
    resource["extension"].append(
        {"url": extension_url("eligibility-override-reason"), "valueString": "Checked with the service"}
    )
    return resource


@override_settings(LINKWORK_BASE_URL=BASE)
def test_prepare_reads_the_capability_statement(access):
    smart = connect(None)

    assert smart.prepare() is True
    statement = smart.server.capabilityStatement
    assert isinstance(statement, CapabilityStatement)
    assert {resource.type for resource in statement.rest[0].resource} >= {"ServiceRequest", "Task"}


@override_settings(LINKWORK_BASE_URL=BASE)
def test_a_referral_is_created_and_read_back(access):
    smart = connect(token(access, "referrer"))
    smart.prepare()

    created = ServiceRequest(referral_for(access.schemes["own"]), strict=True).create(smart.server)
    read = ServiceRequest.read(created["id"], smart.server)

    assert (read.status, read.intent, read.subject.reference) == ("active", "order", "#patient")
    assert read.contained[0].name[0].family == "Hopper"
    assert read.reasonCode[0].coding[0].system == code_system("need")


@override_settings(LINKWORK_BASE_URL=BASE)
def test_every_read_parses_with_the_independent_client(access):
    own = access.cases["own"]
    Organisation.objects.filter(pk=access.world.organisations["vcse_a"].pk).update(ods_code="8JK12")
    worker = connect(token(access, "link_worker"))
    referrer = connect(token(access, "referrer"))
    message = OutboxMessage.objects.get(
        kind="referral_accepted", channel="in_app", person=access.referrals["own"].person
    )

    task = Task.read(str(own["onward_id"]), worker.server)
    found = list(Task.where(struct={"owner": "8JK12"}).perform_resources_iter(worker.server))
    service = HealthcareService.read(str(access.public_listing["service_id"]), worker.server)
    questionnaire = Questionnaire.read("ons4", worker.server)
    response = QuestionnaireResponse.read(str(own["response_id"]), worker.server)
    communication = Communication.read(str(message.pk), referrer.server)
    referral = ServiceRequest.read(str(access.referrals["own"].pk), worker.server)

    assert task.owner.identifier.value == "8JK12"
    assert [resource.id for resource in found] == [task.id]
    assert service.identifier[0].system == identifier_system("service")
    assert questionnaire.url == f"{BASE}/fhir/Questionnaire/ons4"
    assert all(
        option.valueCoding.system == code_system("questionnaire-answer/ons4")
        for item in questionnaire.item
        for option in item.answerOption or []
    )
    assert response.questionnaire.startswith(f"{BASE}/fhir/Questionnaire/health_today|")
    assert communication.identifier[0].system == identifier_system("message-back")
    assert referral.status == "completed"


@override_settings(LINKWORK_BASE_URL=BASE)
@pytest.mark.parametrize(
    ("username", "path", "error"),
    [
        (None, "Task", fhir_server.FHIRUnauthorizedException),
        ("referrer", "Task", fhir_server.FHIRPermissionDeniedException),
        ("referrer", "Patient/1", fhir_server.FHIRNotFoundException),
        ("referrer", "ServiceRequest", requests.HTTPError),
    ],
)
def test_every_refusal_parses_as_an_operation_outcome(access, username, path, error):
    smart = connect(token(access, username) if username else None)

    with pytest.raises(error) as refused:
        smart.server.request_json(path)

    outcome = OperationOutcome(refused.value.response.json(), strict=True)
    assert outcome.issue[0].severity == "error"
    assert refused.value.response.headers["Content-Type"] == "application/fhir+json"
