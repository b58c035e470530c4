import json

import pytest
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.servicerequest import ServiceRequest

from linkwork.core.models import AuditEvent
from linkwork.interop.fhir.systems import extension_url
from linkwork.people.models import Person
from linkwork.referrals.models import Referral

from .conftest import aged

URL = "/fhir/ServiceRequest"
FHIR_JSON = "application/fhir+json"


def post(client, resource, *, token, key=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if key:
        headers["Idempotency-Key"] = key
    body = resource if isinstance(resource, str) else json.dumps(resource)
    return client.post(URL, body, content_type=FHIR_JSON, headers=headers)


def outcome(response) -> OperationOutcome:
    assert response["Content-Type"] == FHIR_JSON
    return OperationOutcome.model_validate(response.json())


def written_rows():
    return Referral.objects.count(), Person.objects.count(), AuditEvent.objects.count()


def test_a_service_request_round_trip_creates_the_referral_it_describes(
    client, service_request, token_for, scheme
):
    response = post(client, service_request, token=token_for("referrer"))

    assert response.status_code == 201
    assert response["Content-Type"] == FHIR_JSON
    echo = ServiceRequest.model_validate(response.json())
    referral = Referral.objects.get()
    assert (echo.id, echo.status) == (str(referral.pk), "active")
    assert echo.subject.reference == "#patient"
    person = referral.person
    assert (person.nhs_number, person.given_name, person.family_name) == ("9434765919", "Grace", "Hopper")
    assert (person.date_of_birth, person.postcode, person.phone) == (aged(55), "NE1 4AB", "0191 496 0000")
    assert referral.scheme == scheme
    assert referral.source == "gp_practice"  # from the token's organisation, a GP practice
    assert referral.needs == ["loneliness", "money_debt"]
    assert referral.conditions == ["copd"]
    assert referral.needs_details == "Lives alone since her husband died; worried about the gas bill."
    assert referral.referrer_contact == "Dr Example, 0191 496 0001"
    assert (referral.consent_to_refer, referral.consent_to_share) == (True, True)
    assert (referral.safe_to_phone, referral.safe_to_write) == (True, False)


def test_the_same_identifier_again_answers_200_with_the_same_referral(client, service_request, token_for):
    token = token_for("referrer")

    first = post(client, service_request, token=token)
    again = post(client, service_request, token=token)

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] == str(Referral.objects.get().pk)


def test_the_same_identifier_with_different_details_is_refused_422(client, service_request, token_for):
    token = token_for("referrer")
    post(client, service_request, token=token)
    before = written_rows()
    service_request["contained"][0]["name"][0]["given"] = ["Margaret"]

    again = post(client, service_request, token=token)

    assert again.status_code == 422
    [issue] = outcome(again).issue
    assert (issue.code, issue.expression) == ("business-rule", ["ServiceRequest.identifier"])
    assert "already used to send a referral with different details" in issue.diagnostics
    assert written_rows() == before


def test_an_idempotency_key_header_wins_over_the_identifier(client, service_request, token_for):
    token = token_for("referrer")

    post(client, service_request, token=token, key="header-key")
    service_request["identifier"][0]["value"] = "GP-REF-0002"
    again = post(client, service_request, token=token, key="header-key")

    assert again.status_code == 200
    assert Referral.objects.count() == 1


def test_a_request_without_any_key_is_refused_rather_than_risk_a_duplicate(
    client, service_request, token_for
):
    del service_request["identifier"]

    response = post(client, service_request, token=token_for("referrer"))

    assert response.status_code == 422
    assert outcome(response).issue[0].expression == ["ServiceRequest.identifier"]


@pytest.mark.parametrize(
    ("change", "status", "code", "expression"),
    [
        (lambda sr: sr.pop("subject"), 400, "structure", "ServiceRequest.subject"),
        (lambda sr: sr.update(status="bogus"), 400, "code-invalid", "ServiceRequest.status"),
        (lambda sr: sr.update(status="draft"), 422, "business-rule", "ServiceRequest.status"),
        (lambda sr: sr.update(intent="plan"), 422, "business-rule", "ServiceRequest.intent"),
        (
            lambda sr: sr.update(subject={"reference": "Patient/123"}),
            422,
            "not-supported",
            "ServiceRequest.subject",
        ),
        (lambda sr: sr.update(performer=[]), 422, "required", "ServiceRequest.performer"),
        (lambda sr: sr["contained"][0].pop("birthDate"), 422, "required", "Patient.birthDate"),
    ],
)
def test_invalid_fhir_gets_an_operation_outcome(
    client, service_request, token_for, change, status, code, expression
):
    change(service_request)

    response = post(client, service_request, token=token_for("referrer"))

    assert response.status_code == status
    [issue] = outcome(response).issue
    assert (issue.severity, issue.code, issue.expression) == ("error", code, [expression])
    assert Referral.objects.count() == 0


def test_a_body_that_is_not_json_is_a_400(client, token_for):
    response = post(client, "{not json", token=token_for("referrer"))

    assert response.status_code == 400
    assert outcome(response).issue[0].code == "structure"


@pytest.mark.parametrize(
    ("change", "diagnostics", "expression"),
    [
        (
            lambda sr: sr["contained"][0]["identifier"][0].update(value="9434765918"),
            "Enter a valid NHS number: check it for typing mistakes",
            "Patient.identifier",
        ),
        (
            lambda sr: sr["contained"][0].update(birthDate="2999-01-01"),
            "Date of birth must be today or in the past",
            "Patient.birthDate",
        ),
        (
            lambda sr: sr["contained"][0].update(birthDate=aged(38).isoformat()),
            "Not eligible: aged 38: this scheme accepts 40–74",
            f"ServiceRequest.extension('{extension_url('eligibility-override-reason')}')",
        ),
        (
            lambda sr: sr["performer"][0]["identifier"].update(value="no-such-scheme"),
            "There is no scheme 'no-such-scheme' you can refer to",
            "ServiceRequest.performer",
        ),
        (
            lambda sr: sr.update(extension=[]),
            "The person must agree to be referred before you can refer them",
            f"ServiceRequest.extension('{extension_url('consent-to-refer')}')",
        ),
    ],
)
def test_business_rule_errors_are_422_and_write_nothing(
    client, service_request, token_for, change, diagnostics, expression
):
    token = token_for("referrer")
    change(service_request)
    before = written_rows()

    response = post(client, service_request, token=token)

    assert response.status_code == 422
    [issue] = outcome(response).issue
    assert (issue.diagnostics, issue.expression) == (diagnostics, [expression])
    assert written_rows() == before


def test_without_a_valid_token_the_answer_is_401(client, service_request, db):
    for token in (None, "lw_not-a-real-token"):
        response = post(client, service_request, token=token)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert outcome(response).issue[0].code == "login"


def test_a_link_workers_token_is_refused_403(client, service_request, token_for):
    response = post(client, service_request, token=token_for("link_worker"))

    assert response.status_code == 403
    assert outcome(response).issue[0].code == "forbidden"
    assert Referral.objects.count() == 0


def test_only_fhir_json_is_accepted(client, service_request, token_for):
    response = client.post(
        URL,
        json.dumps(service_request),
        content_type="text/plain",
        headers={"Authorization": f"Bearer {token_for('referrer')}"},
    )

    assert response.status_code == 415
    assert outcome(response).issue[0].code == "not-supported"


def test_a_nul_character_is_invalid_fhir_and_is_named_where_it_is(client, service_request, token_for):
    service_request["contained"][0]["name"][0]["given"] = ["Gr\x00ace"]
    token = token_for("referrer")
    before = written_rows()

    response = post(client, service_request, token=token)

    assert response.status_code == 400
    [issue] = outcome(response).issue
    assert (issue.code, issue.expression) == ("invalid", ["ServiceRequest.contained[0].name[0].given[0]"])
    assert "NUL character" in issue.diagnostics
    assert written_rows() == before


@pytest.mark.parametrize(
    ("length", "code", "diagnostics"),
    [
        (2001, "business-rule", "Keep this to 2,000 characters or fewer (it has 2,001)"),
        (2_000_000, "too-long", "Text can be at most 10,000 characters long; this is 2,000,000"),
    ],
)
def test_over_long_free_text_is_refused_naming_the_note(
    client, service_request, token_for, length, code, diagnostics
):
    service_request["note"] = [{"text": "x" * length}]
    token = token_for("referrer")
    before = written_rows()

    response = post(client, service_request, token=token)

    assert response.status_code == 422
    [issue] = outcome(response).issue
    assert issue.code == code
    assert issue.diagnostics == diagnostics
    assert issue.expression[0].startswith("ServiceRequest.note")
    assert written_rows() == before


def test_a_body_too_large_to_read_is_an_operation_outcome(client, service_request, token_for):
    service_request["note"] = [{"text": "x" * 5_000_000}]

    response = post(client, service_request, token=token_for("referrer"))

    assert response.status_code == 413
    [issue] = outcome(response).issue
    assert (issue.code, issue.diagnostics) == ("too-long", "The request is too large: send at most 2,560 KB")
