import hashlib
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from linkwork.accounts.models import ApiToken, Membership, Role
from linkwork.accounts.services import membership_grant
from linkwork.core.models import AuditEvent
from linkwork.people.models import Person
from linkwork.referrals.models import Referral
from linkwork.referrals.vocabulary import NEEDS
from linkwork.schemes.vocabulary import LONG_TERM_CONDITIONS
from linkwork.testing.auth import sign_in
from linkwork.testing.concurrency import run_at_once
from linkwork.testing.factories import SYSTEM, make_user

from .conftest import aged

URL = "/api/v1/referrals"


@pytest.fixture
def body(eligible_submission):
    """The eligible submission from conftest, as the JSON an API client sends."""
    submission = eligible_submission
    return {
        "scheme": submission["scheme"].slug,
        "source": submission["source"],
        "person": submission["person_details"]
        | {"date_of_birth": submission["person_details"]["date_of_birth"].isoformat()},
        "needs": submission["needs"],
        "conditions": submission["conditions"],
        "consent_to_refer": submission["consent_to_refer"],
        "consent_to_share": submission["consent_to_share"],
    }


def post(client, body, *, token=None, key="submission-1"):
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if key:
        headers["Idempotency-Key"] = key
    return client.post(URL, body, content_type="application/json", headers=headers)


def written_rows():
    return Referral.objects.count(), Person.objects.count(), AuditEvent.objects.count()


def test_a_new_referral_answers_201_and_the_same_key_again_200_with_the_same_referral(
    client, body, token_for
):
    token = token_for("referrer")

    first = post(client, body, token=token)
    again = post(client, body, token=token)

    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json() == again.json() == {"id": str(Referral.objects.get().pk), "status": "received"}
    referral = Referral.objects.get()
    assert referral.referring_organisation.name == "Practice A"
    assert referral.person.nhs_number == "9434765919"


def test_the_same_key_from_another_api_user_is_a_different_submission(client, body, token_for, world):
    make_user("second_gp", organisation=world.organisations["practice_a"], role=Role.REFERRER)

    post(client, body, token=token_for("referrer"))
    other = post(client, body, token=token_for("second_gp"))

    assert other.status_code == 201
    assert Referral.objects.count() == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body["person"].update(given_name="Margaret"),
        lambda body: body.update(needs=["housing"]),
        lambda body: body.update(consent_to_share=False),
    ],
    ids=["another-person", "other-needs", "other-consent"],
)
def test_the_same_key_with_different_details_is_refused_422_and_changes_nothing(
    client, body, token_for, change
):
    token = token_for("referrer")
    post(client, body, token=token)
    first = Referral.objects.get()
    before = written_rows()
    change(body)

    again = post(client, body, token=token)

    assert again.status_code == 422
    [error] = again.json()["errors"]
    assert error["field"] == "Idempotency-Key"
    assert "already used to send a referral with different details" in error["message"]
    assert str(first.pk) not in again.content.decode()
    assert written_rows() == before
    assert Referral.objects.get().person.given_name == first.person.given_name


def test_the_same_details_in_another_order_are_the_same_submission(client, body, token_for):
    token = token_for("referrer")
    body["needs"] = ["loneliness", "money_debt"]
    post(client, body, token=token)
    body["needs"] = ["money_debt", "loneliness"]

    again = post(client, body, token=token)

    assert again.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_create_one_referral(body, token_for):
    token = token_for("referrer")

    responses, errors = run_at_once(*[lambda: post(Client(), body, token=token, key="same")] * 2)
    statuses = [response.status_code for response in responses]

    assert errors == []
    assert sorted(statuses) == [200, 201]
    assert Referral.objects.count() == 1


@pytest.mark.parametrize(
    ("person_change", "field", "message"),
    [
        (
            {"nhs_number": "9434765918"},
            "person.nhs_number",
            "Enter a valid NHS number: check it for typing mistakes",
        ),
        (
            {"date_of_birth": "2999-01-01"},
            "person.date_of_birth",
            "Date of birth must be today or in the past",
        ),
        (
            {"date_of_birth": aged(38).isoformat()},
            "eligibility_override_reason",
            "Not eligible: aged 38: this scheme accepts 40–74",
        ),
    ],
)
def test_a_refused_referral_answers_422_with_the_field_and_writes_nothing(
    client, body, token_for, person_change, field, message
):
    token = token_for("referrer")
    body["person"] |= person_change
    before = written_rows()

    response = post(client, body, token=token)

    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": field, "message": message}]}
    assert written_rows() == before


def test_every_problem_in_the_request_is_listed_with_its_field(client, body, token_for):
    body["person"] |= {"nhs_number": "123", "date_of_birth": "not a date"}
    del body["needs"]

    response = post(client, body, token=token_for("referrer"), key=None)

    assert response.status_code == 422
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert set(errors) == {"Idempotency-Key", "person.nhs_number", "person.date_of_birth", "needs"}
    assert errors["person.nhs_number"] == "Enter an NHS number with 10 digits, like 999 876 5439"
    assert errors["person.date_of_birth"] == "Enter the date of birth as a real date, like 1970-01-31"


def test_a_body_that_is_not_json_answers_400_in_the_same_shape(client, token_for):
    response = post(client, "{not json", token=token_for("referrer"))

    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": None, "message": "Cannot parse request body"}]}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"scheme": "no-such-scheme"}, "scheme", "There is no scheme 'no-such-scheme' you can refer to"),
        ({"needs": ["juggling"]}, "needs.0", "Input should be 'loneliness', 'low_mood'"),
        ({"needs": []}, "needs", "Choose at least one reason for the referral"),
        (
            {"source": "self"},
            "source",
            "Input should be 'gp_practice', 'health', 'social_care' or 'other_agency'",
        ),
        ({"conditions": ["gout"]}, "conditions.0", "Input should be 'diabetes_type_1'"),
        ({"consent_to_refer": False}, "consent_to_refer", "must agree to be referred"),
    ],
)
def test_service_refusals_name_the_field(client, body, token_for, change, field, message):
    response = post(client, body | change, token=token_for("referrer"))

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == field
    assert message in error["message"]


def test_without_a_valid_token_the_answer_is_401(client, body, token_for, world):
    revoked = token_for("referrer")
    ApiToken.objects.update(revoked_at=timezone.now())
    lapsed = token_for("referrer_b")
    Membership.objects.filter(user=world.users["referrer_b"]).update(is_active=False)

    for token in (None, "lw_not-a-real-token", revoked, lapsed):
        response = post(client, body, token=token)
        assert response.status_code == 401, token
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json()["errors"][0]["message"].startswith("Send a valid API token")
    assert Referral.objects.count() == 0


def test_a_link_workers_token_is_refused_403(client, body, token_for):
    response = post(client, body, token=token_for("link_worker"))

    assert response.status_code == 403
    assert response.json() == {"errors": [{"field": None, "message": "Only referrers can submit referrals"}]}
    assert Referral.objects.count() == 0


def test_a_signed_in_session_is_not_enough_without_a_token(client, body, world):
    sign_in(client, world.users["referrer"])

    assert post(client, body).status_code == 401


def test_using_a_token_records_when_it_was_last_used(client, body, token_for):
    token = token_for("referrer")

    post(client, body, token=token)

    assert ApiToken.objects.get().last_used_at is not None


def test_the_openapi_document_declares_every_answer(client, db):
    document = client.get("/api/v1/openapi.json").json()

    operation = document["paths"]["/api/v1/referrals"]["post"]
    assert set(operation["responses"]) == {"200", "201", "400", "401", "403", "422"}
    assert (document["info"]["title"], document["info"]["version"]) == ("Linkwork API", "1")
    error_schema = operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
    assert error_schema.endswith("/ErrorOut")
    [header] = [parameter for parameter in operation["parameters"] if parameter["in"] == "header"]
    assert (header["name"], header["required"]) == ("Idempotency-Key", True)


def test_the_openapi_document_carries_the_codes_and_rules_the_api_checks(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    referral, person = schemas["ReferralIn"]["properties"], schemas["PersonIn"]["properties"]

    assert referral["source"]["enum"] == ["gp_practice", "health", "social_care", "other_agency"]
    assert referral["needs"]["items"]["enum"] == list(NEEDS)
    assert referral["needs"]["minItems"] == 1
    assert referral["conditions"]["items"]["enum"] == list(LONG_TERM_CONDITIONS)
    assert referral["consent_to_refer"]["const"] is True
    assert re.fullmatch(person["postcode"]["pattern"], "NE1 4AB")
    assert re.fullmatch(person["nhs_number"]["pattern"], "943 476 5919")
    assert re.fullmatch(person["email"]["pattern"], "grace.hopper@example.org")


def test_the_docs_page_loads_its_assets_from_this_server(client, db):
    response = client.get("/api/v1/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/assets/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_create_api_token_prints_a_token_that_works_and_stores_only_its_hash(client, body, world):
    output = io.StringIO()

    call_command("create_api_token", "referrer", "--name", "Practice system", stdout=output)

    secret = output.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.key_prefix == secret[:8]
    assert secret not in {str(value) for value in token.__dict__.values()}
    assert post(client, body, token=secret).status_code == 201


def test_create_api_token_needs_an_active_membership_and_a_choice_among_several(world):
    make_user("no_membership")
    with pytest.raises(CommandError, match="no active membership"):
        call_command("create_api_token", "no_membership", stdout=io.StringIO())

    membership_grant(
        by=SYSTEM,
        user=world.users["referrer"],
        organisation=world.organisations["practice_b"],
        role=Role.REFERRER,
    )
    with pytest.raises(CommandError, match="choose one with --organisation"):
        call_command("create_api_token", "referrer", stdout=io.StringIO())

    call_command("create_api_token", "referrer", "--organisation", "practice b", stdout=io.StringIO())
    assert ApiToken.objects.get().membership.organisation.name == "Practice B"


NUL_REFUSED = "Remove the NUL character (\\u0000): text cannot contain it"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"person": {"given_name": "Gr\x00ace"}}, "person.given_name"),
        ({"needs_details": "Lonely\x00"}, "needs_details"),
        ({"needs": ["loneliness", "money\x00debt"]}, "needs.1"),
        ({"scheme": "\x00"}, "scheme"),
    ],
)
def test_a_nul_character_anywhere_is_refused_with_its_field_and_writes_nothing(
    client, body, token_for, change, field
):
    if "person" in change:
        change = {"person": body["person"] | change["person"]}
    token = token_for("referrer")
    before = written_rows()

    response = post(client, body | change, token=token)

    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": field, "message": NUL_REFUSED}]}
    assert written_rows() == before


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (2001, "Keep this to 2,000 characters or fewer (it has 2,001)"),
        (2_000_000, "Text can be at most 10,000 characters long; this is 2,000,000"),
    ],
)
def test_over_long_free_text_is_refused_with_its_field_and_writes_nothing(
    client, body, token_for, length, message
):
    token = token_for("referrer")
    before = written_rows()

    response = post(client, body | {"needs_details": "x" * length}, token=token)

    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": "needs_details", "message": message}]}
    assert written_rows() == before


def test_a_body_too_large_to_read_is_answered_in_the_apis_own_shape(client, body, token_for):
    response = post(client, body | {"needs_details": "x" * 5_000_000}, token=token_for("referrer"))

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": None, "message": "The request is too large: send at most 2,560 KB"}]
    }
