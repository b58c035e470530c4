"""Schemathesis drives every operation of /api/v1/ from its own OpenAPI schema: whatever it sends, the API
answers with a declared status and body, never a server error."""

import datetime
import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from linkwork.people.validators import nhs_check_digit
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Well-formed requests only: a request with no token must be refused for the token, whatever else it holds.
well_formed = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
well_formed.config.generation.update(modes=[GenerationMode.POSITIVE])

# Requests the schema says are valid, for the referral operation: none may be refused (422).
accepting = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()).include(
    path="/api/v1/referrals"
)
accepting.config.generation.update(modes=[GenerationMode.POSITIVE])

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def keep_the_test_transaction_open():
    """Requests go through the real WSGI handler; like Django's test client, keep it from closing the
    connection that holds the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_headers(world, token_for):
    org = world.organisations
    scheme_apply_preset(
        by=SYSTEM,
        preset="ways-to-wellness",
        commissioner=org["commissioner"],
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )
    return {"Authorization": f"Bearer {token_for('referrer')}"}


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_no_input_makes_the_api_fail(case, api_headers):
    case.call_and_validate(headers=api_headers, checks=CHECKS)


@well_formed.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_without_a_token_every_operation_answers_401(case, db):
    response = case.call()
    assert response.status_code == 401, response.text


_submissions = itertools.count()


def _valid_nhs_number(number: int) -> str:
    """A valid NHS number in the 999 range that never reaches a patient, different for each number."""
    for candidate in itertools.count(number * 10):
        first_nine = f"999{candidate % 1_000_000:06d}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
    raise AssertionError("unreachable")


# Slow (about 15 s on a busy 2-core machine): each of the 40 examples records a real referral, and
# fewer would leave combinations of optional fields untried.
@accepting.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_no_request_the_schema_calls_valid_is_refused(case, wellbeing, token_for):
    """What no static schema can say is set to a valid value; everything else is as generated.

    Those are: which schemes exist here, the NHS number's check digit (a fresh valid one, so the
    request is never taken for someone already recorded), a date of birth not in the future, the
    scheme's own criteria (an override reason) and a fresh key (a key is one submission).
    """
    number = next(_submissions)
    today = datetime.date.today()
    born = datetime.date.fromisoformat(case.body["person"]["date_of_birth"])
    case.body["scheme"] = wellbeing.slug  # accepts every professional source the API offers
    case.body["person"]["nhs_number"] = _valid_nhs_number(number)
    case.body["person"]["date_of_birth"] = min(max(born, datetime.date(1900, 1, 1)), today).isoformat()
    case.body["eligibility_override_reason"] = "Checked with the service"
    case.headers["Idempotency-Key"] = f"schemathesis-{number}"

    case.call_and_validate(
        headers={"Authorization": f"Bearer {token_for('referrer')}"},
        checks=[not_a_server_error, positive_data_acceptance],
    )
