"""GET /api/v1/reports/outcomes: bearer tokens only, the page's scope, the same figures as the tables."""

import pytest
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.evaluation.tables import outcome_tables
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import actor_for

from .conftest import HEALTH, Story

pytestmark = pytest.mark.django_db

URL = reverse("api:reports_outcomes")


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_api_answers_the_same_figures_as_the_page_tables(client, world, scheme, tell, token_for):
    tell([Story(40 + n, 50 + 2 * n, "female" if n % 2 else "male", 30 + 5 * n) for n in range(7)])
    commissioner = actor_for(
        world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER
    )
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH)
    expected = outcome_tables(outcome_report(actor=commissioner, criteria=criteria, channel="test"))

    response = client.get(
        URL, {"scheme": scheme.slug, "instrument": HEALTH}, **bearer(token_for("commissioner"))
    )

    body = response.json()
    assert response.status_code == 200
    assert body["scheme"] == scheme.slug
    assert body["suppression_threshold"] == 5
    assert body["whole_scheme"]
    assert [table["key"] for table in body["tables"]] == [table.key for table in expected]
    change = body["tables"][0]["rows"][0]
    assert change["n"] == 7
    assert change["change_mean"] == expected[0].rows[0]["change_mean"]
    assert change["t_p"] == expected[0].rows[0]["t_p"]
    assert any("Welch" in line for line in body["methods"])


def test_small_counts_are_suppressed_in_the_json_too(client, scheme, tell, token_for):
    tell([Story(40, 50)] * 3)

    body = client.get(
        URL, {"scheme": scheme.slug, "instrument": HEALTH}, **bearer(token_for("commissioner"))
    ).json()

    change = body["tables"][0]["rows"][0]
    assert change["n"] == "<5"
    assert "change_mean" not in change


def test_a_session_is_not_enough_and_other_roles_are_refused(client, world, scheme, instruments, token_for):
    sign_in(client, world.users["commissioner"])
    query = {"scheme": scheme.slug, "instrument": HEALTH}

    assert client.get(URL, query).status_code == 401
    refused = client.get(URL, query, **bearer(token_for("link_worker")))
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["message"] == "Only commissioners and team leads can read reports"


def test_unknown_scheme_measure_or_bad_date_get_clear_errors(client, scheme, instruments, token_for):
    headers = bearer(token_for("commissioner"))

    unknown_scheme = client.get(URL, {"scheme": "nope", "instrument": HEALTH}, **headers)
    unknown_measure = client.get(URL, {"scheme": scheme.slug, "instrument": "nope"}, **headers)
    bad_date = client.get(
        URL, {"scheme": scheme.slug, "instrument": HEALTH, "opened_from": "2026-02-31"}, **headers
    )

    assert unknown_scheme.status_code == 422
    assert unknown_scheme.json()["errors"] == [
        {"field": "scheme", "message": "There is no scheme 'nope' you can report on"}
    ]
    assert unknown_measure.json()["errors"][0]["field"] == "instrument"
    assert bad_date.status_code == 422
    assert bad_date.json()["errors"][0]["field"] == "opened_from"


def test_a_nul_character_in_the_query_is_refused_with_its_field(client, scheme, instruments, token_for):
    response = client.get(
        URL, {"scheme": "ways\x00", "instrument": HEALTH}, **bearer(token_for("commissioner"))
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "scheme", "message": "Remove the NUL character (\\u0000): text cannot contain it"}
    ]


def test_a_team_lead_token_reports_only_their_providers_part(client, scheme, tell, token_for):
    tell([Story(40, 50)] * 5)

    body = client.get(
        URL, {"scheme": scheme.slug, "instrument": HEALTH}, **bearer(token_for("team_lead"))
    ).json()

    assert body["whole_scheme"] is False
    assert body["tables"][0]["rows"][0]["n"] == 5
