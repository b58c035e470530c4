"""The directory pages: who may use them, and what a search shows."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.testing.auth import sign_in
from linkwork.testing.directory import category, directory_add, listing, session

pytestmark = pytest.mark.django_db

DIRECTORY_ROLES = [Role.REFERRER, Role.LINK_WORKER, Role.TEAM_LEAD, Role.VCSE_COORDINATOR]
OTHER_ROLES = [Role.COMMISSIONER, Role.ADMINISTRATOR]


@pytest.fixture
def services(db):
    return directory_add(
        listing(
            "Evening walking group",
            attendance="drop_in",
            sessions=[session("TU", "18:00", "19:30")],
            capacity_status="waiting_list",
            expected_wait_weeks=6,
        ),
        listing("Debt advice", categories=("debt",), minimum_age=18, cost=10, languages=[("ur", "Urdu")]),
        listing("Old listing", status="defunct"),
    )


def test_anonymous_visitors_are_sent_to_log_in(client, services):
    for url in (
        reverse("directory:search"),
        reverse("directory:service", kwargs={"service_id": services[0].pk}),
    ):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", DIRECTORY_ROLES)
def test_people_who_find_or_list_services_can_search_and_read_them(client, world, services, role):
    sign_in(client, world.users[role])

    search = client.get(reverse("directory:search"))
    detail = client.get(reverse("directory:service", kwargs={"service_id": services[0].pk}))

    assert search.status_code == 200
    assert detail.status_code == 200
    assert ">Directory</a>" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_commissioners_and_administrators_are_refused(client, world, services, role):
    sign_in(client, world.users[role])

    assert client.get(reverse("directory:search")).status_code == 403
    assert client.get(reverse("directory:service", kwargs={"service_id": services[0].pk})).status_code == 403
    assert ">Directory</a>" not in client.get(reverse("home")).content.decode()


def test_the_search_shows_matching_services_with_capacity_and_sessions(client, world, services):
    sign_in(client, world.users[Role.LINK_WORKER])

    html = client.get(
        reverse("directory:search"), {"q": "walk", "after_five": "on", "day": "TU"}
    ).content.decode()

    assert "1 service<" in html
    assert "Evening walking group" in html
    assert "Waiting list: about 6 weeks" in html
    assert "Tuesdays, 18:00 to 19:30" in html
    assert "Debt advice" not in html


def test_an_empty_search_lists_every_listed_service(client, world, services):
    sign_in(client, world.users[Role.LINK_WORKER])

    html = client.get(reverse("directory:search")).content.decode()

    assert "2 services<" in html
    assert "Old listing" not in html


def test_filters_reach_the_search(client, world, services):
    sign_in(client, world.users[Role.REFERRER])
    debt = str(category("debt")["id"])

    html = client.get(
        reverse("directory:search"), {"category": debt, "age": "30", "language": "ur"}
    ).content.decode()

    assert "1 service<" in html
    assert "Debt advice" in html


def test_a_bad_filter_is_explained_not_searched(client, world, services):
    sign_in(client, world.users[Role.LINK_WORKER])

    response = client.get(reverse("directory:search"), {"age": "old", "capacity": "plenty"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Correct the search to see services." in html


def test_no_results_says_so(client, world, services):
    sign_in(client, world.users[Role.LINK_WORKER])

    html = client.get(reverse("directory:search"), {"q": "astronomy"}).content.decode()

    assert "No services found" in html


def test_results_come_in_pages_of_twenty(client, world):
    directory_add(*[listing(f"Group {number:02d}") for number in range(25)])
    sign_in(client, world.users[Role.LINK_WORKER])

    first = client.get(reverse("directory:search")).content.decode()
    second = client.get(reverse("directory:search"), {"page": "2"}).content.decode()

    assert "Group 19" in first
    assert "Group 20" not in first
    assert "Group 24" in second


def test_the_service_page_shows_the_whole_listing(client, world, services):
    sign_in(client, world.users[Role.LINK_WORKER])

    html = client.get(reverse("directory:service", kwargs={"service_id": services[1].pk})).content.decode()

    assert "Debt advice" in html
    assert "18 and over" in html
    assert "English, Urdu" in html
    assert "NE4 9ZZ" in html
    assert "Step-free entrance" in html
    assert "0191 498 0000" in html
    assert "Refer through Linkwork" in html


def test_a_stale_listing_warns_the_link_worker(client, world):
    (service,) = directory_add(listing("Old news", last_verified_on=None))
    sign_in(client, world.users[Role.LINK_WORKER])

    html = client.get(reverse("directory:service", kwargs={"service_id": service.pk})).content.decode()

    assert "May be out of date" in html


def test_unknown_and_defunct_services_are_not_found(client, world, services):
    sign_in(client, world.users[Role.LINK_WORKER])

    for service_id in (uuid.uuid4(), services[2].pk):
        assert client.get(reverse("directory:service", kwargs={"service_id": service_id})).status_code == 404


def test_a_postcode_puts_the_nearest_services_first(client, world):
    walk = listing("Benwell walk", postcode="NE4 9AA")
    far = listing("Fenham walk", postcode="NE5 9CC")
    far["service_at_locations"][0]["location"]["longitude"] = -1.60
    directory_add(walk, far)
    sign_in(client, world.users[Role.LINK_WORKER])

    html = client.get(reverse("directory:search"), {"postcode": "ne4 9aa", "within_km": "5"}).content.decode()

    assert html.index("Benwell walk") < html.index("Fenham walk")
    assert "About 0.0 km away" in html
    assert "About 3.2 km away" in html


def test_an_unknown_postcode_or_a_distance_without_one_is_explained(client, world, services):
    sign_in(client, world.users[Role.LINK_WORKER])

    unknown = client.get(reverse("directory:search"), {"postcode": "ZZ9 9ZZ"}).content.decode()
    no_postcode = client.get(reverse("directory:search"), {"within_km": "2"}).content.decode()

    assert "Linkwork does not know where that postcode is" in unknown
    assert "Enter a postcode to search within a distance" in no_postcode


def test_a_results_page_costs_the_same_queries_for_one_or_twenty_services(client, world):
    sign_in(client, world.users[Role.LINK_WORKER])
    search = {"q": "group", "postcode": "NE4 9ZZ"}
    directory_add(listing("Group 0", categories=("c0",), languages=[("pl", "Polish")]))
    client.get(reverse("directory:search"), search)  # the first request also loads the session and user
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("directory:search"), search)
    directory_add(
        *[
            listing(f"Group {n}", categories=(f"c{n}",), sessions=[session(), session("FR")])
            for n in range(1, 20)
        ]
    )

    with CaptureQueriesContext(connection) as twenty:
        html = client.get(reverse("directory:search"), search).content.decode()

    assert "20 services<" in html
    assert len(twenty) == len(one)


def _directory_queries(queries) -> list[str]:
    return [query["sql"] for query in queries if '"directory_' in query["sql"]]


@pytest.mark.parametrize(
    "search",
    [{"q": "group", "page": "2", "age": "40", "free_or_low_cost": "on"}, {}],
    ids=["words and filters, second page", "everything"],
)
def test_the_search_page_costs_a_fixed_number_of_queries_however_many_services(client, world, search):
    sign_in(client, world.users[Role.LINK_WORKER])

    def page_queries_after_adding(count):
        directory_add(
            *[
                listing(
                    f"Group {n}", categories=(f"c{n % 7}",), sessions=[session(), session("FR")], cost=n % 3
                )
                for n in range(count)
            ]
        )
        client.get(reverse("directory:search"), search)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("directory:search"), search).status_code == 200
        return queries

    few = page_queries_after_adding(5)
    many = page_queries_after_adding(55)

    assert len(many) == len(few)
    # Categories for the filter, the count, one page of services, then their categories, sessions and costs.
    assert len(_directory_queries(many)) == 6
