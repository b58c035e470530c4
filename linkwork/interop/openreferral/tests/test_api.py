"""The Open Referral UK API: every response valid against the published schemata, paging, errors, CORS."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.directory.models import ServiceAtLocation, Taxonomy, TaxonomyTerm
from linkwork.testing.directory import category, directory_add, listing, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(db):
    return directory_add(
        listing(
            "Evening walking group",
            categories=("physical_activity",),
            sessions=[session("TU", "18:00", "19:30")],
            minimum_age=50,
            capacity_status="waiting_list",
            expected_wait_weeks=6,
            target_groups=["older_people"],
            url="https://walking.example.org/",
            email="walks@example.org",
            languages=[("pl", "Polish")],
            cost=2,
        ),
        listing("Debt advice", categories=("debt",), sessions=[session("MO", "09:00", "12:00")]),
        listing("Closed group", status="defunct", sessions=[], categories=()),
    )


def get(client, name, **kwargs):
    query = kwargs.pop("query", None)
    return client.get(reverse(f"openreferral:{name}", kwargs=kwargs or None), query)


def test_the_root_names_the_version_and_the_openapi_file(client, assert_valid):
    response = get(client, "root")

    body = response.json()
    assert response.status_code == 200
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"] == "http://testserver/openreferral/openapi.json"
    assert_valid(body, path="/")
    assert client.get(body["openapi_url"]).status_code == 200


def test_the_service_list_is_a_valid_page_of_every_service(client, services, assert_valid):
    body = get(client, "services").json()

    assert_valid(body, path="/services")
    assert body["total_items"] == 3
    assert [item["name"] for item in body["contents"]] == [
        "Closed group",
        "Debt advice",
        "Evening walking group",
    ]
    assert body["contents"][2]["linkwork"] == {
        "capacity_status": "waiting_list",
        "expected_wait_weeks": 6,
        "attendance": "booked",
        "referral_method": "through_linkwork",
        "target_groups": ["older_people"],
    }


def test_a_full_service_is_valid_and_nests_everything(client, services, assert_valid):
    body = get(client, "service", service_id=services[0].pk).json()

    assert_valid(body, path="/services/{id}")
    assert body["organization"]["name"] == "Community Group"
    assert body["attributes"][0]["taxonomy_term"]["term"] == "physical_activity"
    sal = body["service_at_locations"][0]
    assert sal["location"]["addresses"][0]["postal_code"] == "NE4 9ZZ"
    assert sal["schedules"][0] | {"id": None} == {
        "id": None,
        "service_id": str(services[0].pk),
        "service_at_location_id": sal["id"],
        "freq": "WEEKLY",
        "interval": 1,
        "byday": "TU",
        "opens_at": "18:00",
        "closes_at": "19:30",
    }
    assert body["cost_options"][0]["amount"] == 2
    assert sorted(language["code"] for language in body["languages"]) == ["en", "pl"]
    assert body["contacts"][0]["phones"][0]["number"] == "0191 498 0000"


def test_service_at_locations_list_and_detail_are_valid(client, services, assert_valid):
    listing_body = get(client, "service_at_locations").json()
    link = ServiceAtLocation.objects.get(service=services[0])
    detail = get(client, "service_at_location", service_at_location_id=link.pk).json()

    assert_valid(listing_body, path="/service_at_locations")
    assert listing_body["total_items"] == 3
    assert listing_body["contents"][2]["service"]["name"] == "Evening walking group"
    # openapi.json declares the compiled *service* schema for this path, which a service-at-location
    # (no name, no status) can never meet; HSDS 3.0 itself returns a service_at_location here. So the
    # detail is checked against service_at_location.json, and the service inside it against service.json.
    assert_valid(detail, schema="service_at_location.json")
    assert_valid(detail["service"], schema="service.json")
    assert detail["schedules"][0]["byday"] == "TU"


def test_taxonomies_and_terms_are_valid(client, services, assert_valid):
    taxonomy = Taxonomy.objects.get()
    term = TaxonomyTerm.objects.get(code="debt")

    taxonomies = get(client, "taxonomies").json()
    one_taxonomy = get(client, "taxonomy", taxonomy_id=taxonomy.pk).json()
    terms = get(client, "taxonomy_terms").json()
    one_term = get(client, "taxonomy_term", taxonomy_term_id=term.pk).json()

    assert_valid(taxonomies, path="/taxonomies")
    assert_valid(one_taxonomy, path="/taxonomies/{id}")
    assert_valid(terms, path="/taxonomy_terms")
    assert_valid(one_term, path="/taxonomy_terms/{id}")
    assert sorted(item["term"] for item in one_taxonomy["taxonomy_terms"]) == ["debt", "physical_activity"]
    assert terms["total_items"] == 2
    assert one_term["taxonomy_id"] == str(taxonomy.pk)


def test_the_official_examples_pass_the_same_checks(example, assert_valid):
    assert_valid(example("service_list.json"), path="/services")
    assert_valid(example("service_full.json"), path="/services/{id}")
    assert_valid(example("taxonomy_list.json"), path="/taxonomies")
    assert_valid(example("taxonomy_term.json"), path="/taxonomy_terms/{id}")


def test_the_checks_catch_a_broken_response(client, services, oruk_errors):
    body = get(client, "service", service_id=services[0].pk).json()
    body["status"] = "open"
    body["service_at_locations"][0]["location"]["location_type"] = "shed"

    errors = oruk_errors(body, path="/services/{id}")

    assert len(errors) == 2


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"search": "walks"}, ["Evening walking group"]),
        ({"taxonomy_term_id": str(category("debt")["id"])}, ["Debt advice"]),
        ({"taxonomy_id": "TAXONOMY"}, ["Debt advice", "Evening walking group"]),
        ({"minimum_age": "40"}, ["Evening walking group"]),
        ({"day": "MO"}, ["Debt advice"]),
        ({"day": "tuesday"}, ["Evening walking group"]),
        ({"start_time": "17:00"}, ["Evening walking group"]),
        ({"end_time": "12:00"}, ["Debt advice"]),
    ],
)
def test_oruk_filters(client, services, query, names):
    if query.get("taxonomy_id") == "TAXONOMY":
        query = {"taxonomy_id": str(Taxonomy.objects.get().pk)}

    body = get(client, "services", query=query).json()

    assert [item["name"] for item in body["contents"]] == names


def test_pages_follow_page_and_per_page(client, services, assert_valid):
    first = get(client, "services", query={"per_page": "2"}).json()
    second = get(client, "services", query={"per_page": "2", "page": "2"}).json()
    beyond = get(client, "services", query={"per_page": "2", "page": "9"}).json()

    assert_valid(second, path="/services")
    assert {key: first[key] for key in first if key != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    assert [second[key] for key in ("page_number", "size", "first_page", "last_page")] == [2, 1, False, True]
    assert (beyond["empty"], beyond["contents"], beyond["size"]) == (True, [], 0)


def test_an_empty_directory_is_one_empty_page(client, db, assert_valid):
    body = get(client, "services").json()

    assert_valid(body, path="/services")
    assert (body["total_items"], body["total_pages"], body["empty"], body["last_page"]) == (0, 0, True, True)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "-1"}, "per_page"),
        ({"per_page": "100000"}, "per_page"),
        ({"taxonomy_term_id": "nope"}, "taxonomy_term_id"),
        ({"minimum_age": "old"}, "minimum_age"),
        ({"maximum_age": "nan"}, "maximum_age"),
        ({"start_time": "5pm"}, "start_time"),
        ({"day": "someday"}, "day"),
    ],
)
def test_bad_parameters_get_a_clear_400(client, services, query, parameter):
    response = get(client, "services", query=query)

    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["parameter"] == parameter
    assert response.json()["message"].startswith(f"{parameter}: ")


@pytest.mark.parametrize("name", ["service", "service_at_location", "taxonomy", "taxonomy_term"])
# Fixed values: parallel workers must collect the same test ids.
@pytest.mark.parametrize("raw_id", ["614b0285-9b25-4728-a0a3-967e0932e5f3", "not-a-uuid"])
def test_unknown_ids_are_a_json_404(client, db, name, raw_id):
    response = client.get(reverse(f"openreferral:{name}", args=[raw_id]))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "not_found", "message": f"There is no {name} with id {raw_id}."}


def test_every_answer_is_open_to_any_origin(client, services):
    responses = [
        get(client, "root"),
        get(client, "services"),
        get(client, "service", service_id=services[0].pk),
        get(client, "service", service_id=uuid.uuid4()),
        client.options(reverse("openreferral:services"), HTTP_ORIGIN="https://example.org"),
    ]

    assert [response["Access-Control-Allow-Origin"] for response in responses] == ["*"] * 5


def test_the_api_is_read_only(client, services):
    response = client.post(reverse("openreferral:services"), {}, content_type="application/json")

    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


def test_the_api_needs_no_login(client, services):
    assert get(client, "service", service_id=services[0].pk).status_code == 200


def _queries(client, name, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        assert get(client, name, **kwargs).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["services", "service_at_locations", "taxonomy_terms"])
def test_a_page_costs_the_same_queries_for_one_or_twenty_services(client, db, name):
    directory_add(listing("Only one"))
    one = _queries(client, name)
    directory_add(*[listing(f"Group {number}", categories=(f"c{number}",)) for number in range(20)])

    twenty = _queries(client, name)

    assert twenty == one


def test_a_full_service_costs_the_same_queries_however_much_it_holds(client, db):
    (small,) = directory_add(listing("Small", sessions=[session()]))
    (large,) = directory_add(
        listing(
            "Large", sessions=[session(day) for day in ("MO", "TU", "WE", "TH")], categories=("a", "b", "c")
        )
    )

    assert _queries(client, "service", service_id=small.pk) == _queries(
        client, "service", service_id=large.pk
    )


@pytest.fixture
def places(db):
    records = []
    for name, postcode, longitude in (
        ("Benwell", "NE4 9AA", -1.66),
        ("Elswick", "NE4 9BB", -1.64),
        ("Fenham", "NE5 9CC", -1.62),
    ):
        record = listing(f"{name} walk", postcode=postcode)
        record["service_at_locations"][0]["location"].update(latitude=54.97, longitude=longitude)
        records.append(record)
    return directory_add(*records)


def test_service_at_locations_near_a_postcode_come_nearest_first(client, places, assert_valid):
    body = get(client, "service_at_locations", query={"postcode": "NE5 9CC", "proximity": "2000"}).json()

    assert_valid(body, path="/service_at_locations")
    assert [item["service"]["name"] for item in body["contents"]] == ["Fenham walk", "Elswick walk"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"postcode": "ZZ9 9ZZ"}, "postcode"),
        ({"proximity": "500"}, "proximity"),
        ({"postcode": "NE4 9AA", "proximity": "far"}, "proximity"),
    ],
)
def test_place_parameters_that_cannot_be_used_are_a_400(client, places, query, parameter):
    response = get(client, "service_at_locations", query=query)

    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
