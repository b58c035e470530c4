import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.core.models import AuditEvent
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import make_person


@pytest.fixture
def referrer_client(client, world):
    sign_in(client, world.users["referrer"])
    return client


def test_the_people_list_shows_only_people_linked_to_the_organisation(referrer_client, world):
    response = referrer_client.get(reverse("people:list"))

    html = response.content.decode()
    assert str(world.people["person_a"].pk) in html
    assert str(world.people["person_shared"].pk) in html
    assert str(world.people["person_b"].pk) not in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_searching_by_nhs_number_finds_the_person_and_is_audited(referrer_client, world):
    person = world.people["person_a"]
    formatted = f"{person.nhs_number[:3]} {person.nhs_number[3:6]} {person.nhs_number[6:]}"

    response = referrer_client.post(reverse("people:list"), {"nhs_number": formatted})

    assert "1 person found" in response.content.decode()
    event = AuditEvent.objects.filter(action="person.search").latest("id")
    assert event.details == {"criteria": ["nhs_number"], "people": [str(person.pk)]}
    assert person.nhs_number not in str(event.details)


def test_searching_for_another_organisations_person_finds_no_one(referrer_client, world):
    response = referrer_client.post(
        reverse("people:list"), {"nhs_number": world.people["person_b"].nhs_number}
    )

    html = response.content.decode()
    assert "No one found" in html
    assert str(world.people["person_b"].pk) not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "check it for typing mistakes"),
        ({}, "Enter an NHS number or a last name to search"),
        (
            {
                "family_name": "Alpha",
                "date_of_birth_day": "31",
                "date_of_birth_month": "2",
                "date_of_birth_year": "1980",
            },
            "Date of birth must be a real date",
        ),
        (
            {"family_name": "Alpha", "date_of_birth_day": "3", "date_of_birth_year": "1980"},
            "must include a month",
        ),
    ],
)
def test_bad_searches_get_a_clear_message_and_search_nothing(referrer_client, world, data, message):
    response = referrer_client.post(reverse("people:list"), data)

    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html
    assert "<title>Error: People" in html
    assert not AuditEvent.objects.filter(action="person.search").exists()


def test_opening_a_person_is_audited(referrer_client, world):
    person = world.people["person_a"]

    response = referrer_client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    assert response.status_code == 200
    assert person.full_name in response.content.decode()
    event = AuditEvent.objects.filter(action="person.view").latest("id")
    assert (event.person_id, event.outcome, event.actor) == (person.pk, "allowed", world.users["referrer"])


def test_a_refused_attempt_to_open_a_person_is_audited_as_denied(referrer_client, world):
    person = world.people["person_b"]

    response = referrer_client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    assert response.status_code == 404
    assert person.full_name not in response.content.decode()
    event = AuditEvent.objects.filter(action="person.view").latest("id")
    assert (event.person_id, event.outcome) == (person.pk, "denied")


def test_the_person_page_shows_only_relationships_the_viewer_may_see(client, world):
    sign_in(client, world.users["link_worker"])

    html = client.get(
        reverse("people:detail", kwargs={"person_id": world.people["person_shared"].pk})
    ).content.decode()

    assert "Provider A" in html
    assert "Practice A" in html


def test_people_list_queries_do_not_grow_with_the_number_of_people(referrer_client, world):
    practice = world.organisations["practice_a"]
    url = reverse("people:list")
    with CaptureQueriesContext(connection) as few:
        referrer_client.get(url)
    for number in range(30):
        make_person(practice, family_name=f"Extra{number:02d}")
    with CaptureQueriesContext(connection) as many:
        referrer_client.get(url)

    assert len(many) == len(few)
    # The page's reads, and the audit event with one insert for the people it showed.
    assert len(few) <= 13
