"""Schemathesis drives every operation of /api/v1/ from its own OpenAPI schema: whatever it sends, the API
answers with a declared status and body, never a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Well-formed requests only: a request with no token must be refused for the token, whatever else it holds.
well_formed = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
well_formed.config.generation.update(modes=[GenerationMode.POSITIVE])

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
