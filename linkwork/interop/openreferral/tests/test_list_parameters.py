"""Every ORUK list endpoint with every parameter openapi.json documents for it, alone: each answers
200 with a valid page and filters as documented (on SQLite and PostgreSQL alike)."""

import json

import pytest
from django.urls import reverse

from linkwork.directory.models import Taxonomy
from linkwork.testing.directory import category, directory_add, listing, session

from .conftest import STANDARD

pytestmark = pytest.mark.django_db

TAXONOMY_ID = "the test taxonomy's id"
DEBT_TERM_ID = "the debt term's id"

# (endpoint, parameter, value, the service names expected in order). Each list endpoint's names come
# from its rows' services; the taxonomy lists name their terms and taxonomies.
CASES = [
    ("services", "search", "walks", ["Evening walking group"]),
    ("services", "page", "2", ["Evening walking group"]),
    ("services", "per_page", "1", ["Debt advice"]),
    ("services", "taxonomy_term_id", DEBT_TERM_ID, ["Debt advice"]),
    ("services", "taxonomy_id", TAXONOMY_ID, ["Debt advice", "Evening walking group"]),
    ("services", "minimum_age", "40", ["Evening walking group"]),
    ("services", "maximum_age", "30", ["Debt advice"]),
    ("services", "start_time", "17:00", ["Evening walking group"]),
    ("services", "end_time", "12:00", ["Debt advice"]),
    ("services", "day", "TU", ["Evening walking group"]),
    ("service_at_locations", "search", "walks", ["Evening walking group"]),
    ("service_at_locations", "search", "debt advice", ["Debt advice"]),
    ("service_at_locations", "page", "2", ["Evening walking group"]),
    ("service_at_locations", "per_page", "1", ["Debt advice"]),
    ("service_at_locations", "taxonomy_term_id", DEBT_TERM_ID, ["Debt advice"]),
    ("service_at_locations", "taxonomy_id", TAXONOMY_ID, ["Debt advice", "Evening walking group"]),
    ("service_at_locations", "minimum_age", "40", ["Evening walking group"]),
    ("service_at_locations", "maximum_age", "30", ["Debt advice"]),
    ("service_at_locations", "start_time", "17:00", ["Evening walking group"]),
    ("service_at_locations", "end_time", "12:00", ["Debt advice"]),
    ("service_at_locations", "day", "MO", ["Debt advice"]),
    ("service_at_locations", "postcode", "NE5 9CC", ["Evening walking group", "Debt advice"]),
    # Proximity is measured from a postcode, so it is sent with one.
    ("service_at_locations", "proximity", "1000", ["Evening walking group"]),
    ("taxonomies", "page", "1", ["Test categories"]),
    ("taxonomies", "per_page", "1", ["Test categories"]),
    ("taxonomy_terms", "page", "2", ["Physical activity"]),
    ("taxonomy_terms", "per_page", "1", ["Debt"]),
]


def documented_parameters(endpoint: str) -> set[str]:
    spec = json.loads((STANDARD / "openapi.json").read_text())
    references = spec["paths"][f"/{endpoint}"]["get"].get("parameters", [])
    return {reference["$ref"].rsplit("/", 1)[-1] for reference in references}


@pytest.fixture
def directory(db):
    walking = listing(
        "Evening walking group",
        categories=("physical_activity",),
        sessions=[session("TU", "18:00", "19:30")],
        minimum_age=50,
        maximum_age=90,
        postcode="NE5 9CC",
    )
    walking["service_at_locations"][0]["location"].update(latitude=54.99, longitude=-1.62)
    debt = listing(
        "Debt advice",
        categories=("debt",),
        sessions=[session("MO", "09:00", "12:00")],
        minimum_age=18,
        maximum_age=25,
        postcode="NE4 9AA",
    )
    debt["service_at_locations"][0]["location"].update(latitude=54.97, longitude=-1.66)
    return directory_add(walking, debt)


@pytest.mark.parametrize("endpoint", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"])
def test_every_documented_parameter_has_a_case_here(endpoint):
    assert {parameter for name, parameter, _, _ in CASES if name == endpoint} == documented_parameters(
        endpoint
    )


@pytest.mark.parametrize(
    ("endpoint", "parameter", "value", "names"),
    CASES,
    ids=[f"{endpoint}-{parameter}-{value}" for endpoint, parameter, value, _ in CASES],
)
def test_each_parameter_answers_a_valid_filtered_page(
    client, directory, assert_valid, endpoint, parameter, value, names
):
    # Ids are looked up here, not in the parameters, so test ids are the same in every worker.
    value = {TAXONOMY_ID: str(Taxonomy.objects.get().pk), DEBT_TERM_ID: str(category("debt")["id"])}.get(
        value, value
    )
    query = {parameter: value}
    if parameter == "page":
        query["per_page"] = "1"
    if parameter == "proximity":
        query["postcode"] = "NE5 9CC"

    response = client.get(reverse(f"openreferral:{endpoint}"), query)

    assert response.status_code == 200, response.content
    body = response.json()
    assert_valid(body, path=f"/{endpoint}")
    assert [_name(item) for item in body["contents"]] == names


def test_every_parameter_together_answers_a_valid_page(client, directory, assert_valid):
    query = {
        "search": "walks",
        "page": "1",
        "per_page": "10",
        "taxonomy_term_id": str(category("physical_activity")["id"]),
        "taxonomy_id": str(Taxonomy.objects.get().pk),
        "minimum_age": "40",
        "maximum_age": "90",
        "start_time": "17:00",
        "end_time": "20:00",
        "day": "tuesday",
        "postcode": "NE4 9AA",
        "proximity": "5000",
    }

    response = client.get(reverse("openreferral:service_at_locations"), query)

    assert response.status_code == 200
    assert_valid(response.json(), path="/service_at_locations")
    assert [item["service"]["name"] for item in response.json()["contents"]] == ["Evening walking group"]


def _name(item) -> str:
    return item["service"]["name"] if "service" in item else item["name"]
