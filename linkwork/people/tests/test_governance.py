"""Who has seen a record, and everything held about a person (subject access): team leads only."""

import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.core.client_address import reset_current_client_address, set_current_client_address
from linkwork.core.models import AuditEvent
from linkwork.core.services import audit_record
from linkwork.core.subject_access import subject_access_json, subject_access_sections
from linkwork.messaging.models import OutboxMessage
from linkwork.people.models import Person
from linkwork.people.services import relationship_grant
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.testing.factories import SYSTEM, actor_for


def _actor(world, username, organisation, role):
    return actor_for(world.users[username], world.organisations[organisation], role)


def _events_about(person, action):
    return AuditEvent.objects.filter(person_id=person.pk, action=action)


@pytest.mark.django_db
def test_a_team_lead_sees_who_viewed_the_record_from_which_organisation(world, login):
    person = world.people["person_a"]
    referrer = _actor(world, "referrer", "practice_a", Role.REFERRER)
    audit_record(actor=referrer, action="person.view", target=person, person_id=person.pk)
    audit_record(actor=referrer, action="onward.export", person_id=person.pk)
    audit_record(actor=referrer, action="test.emergency", person_id=person.pk, details={"break_glass": True})
    audit_record(actor=referrer, action="person.view", person_id=person.pk, denied=True)
    audit_record(actor=referrer, action="test.list_showing_a", details={"people": [str(person.pk)]})
    audit_record(
        actor=referrer, action="test.list_of_others", details={"people": [str(world.people["person_b"].pk)]}
    )

    response = login(world.users["team_lead"]).get(reverse("people:access", args=[person.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Practice A" in page
    assert "referrer (referrer)" in page
    assert "Exported" in page
    assert "Refused" in page
    assert "Emergency access" in page
    assert "test.list_showing_a" in page
    assert "test.list_of_others" not in page
    assert _events_about(person, "person.access_history_view").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["people:access", "people:subject_access", "people:subject_access_json"])
def test_a_link_worker_is_refused_and_the_refusal_is_audited(world, login, name):
    person = world.people["person_a"]

    response = login(world.users["link_worker"]).get(reverse(name, args=[person.pk]))

    assert response.status_code == 403
    refusal = _events_about(person, "page.denied").get()
    assert refusal.outcome == AuditEvent.Outcome.DENIED
    assert refusal.details["page"] == name


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["people:access", "people:subject_access_json"])
def test_a_team_lead_of_an_unlinked_organisation_gets_not_found_and_is_audited(world, login, name):
    person = world.people["person_b"]

    response = login(world.users["team_lead"]).get(reverse(name, args=[person.pk]))

    assert response.status_code == 404
    assert AuditEvent.objects.filter(person_id=person.pk, outcome=AuditEvent.Outcome.DENIED).count() == 1


@pytest.mark.django_db
def test_emergency_access_alone_does_not_open_the_governance_pages(world, login):
    person = world.people["person_b"]
    relationship_grant(
        by=SYSTEM,
        person=person,
        organisation=world.organisations["provider_a"],
        basis=RelationshipBasis.BREAK_GLASS,
        source="test:break_glass",
    )
    client = login(world.users["team_lead"])

    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    assert client.get(reverse("people:access", args=[person.pk])).status_code == 404
    assert client.get(reverse("people:subject_access_json", args=[person.pk])).status_code == 404


@pytest.mark.django_db
def test_the_access_page_makes_the_same_number_of_queries_however_long_the_history(world, login):
    person = world.people["person_a"]
    client = login(world.users["team_lead"])
    url = reverse("people:access", args=[person.pk])
    referrer = _actor(world, "referrer", "practice_a", Role.REFERRER)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(60):
        audit_record(actor=referrer, action="person.view", target=person, person_id=person.pk)
        audit_record(actor=referrer, action="person.list", details={"people": [str(person.pk)]})
    assert queries() == few


def _models_with_a_path_to(target, model, seen=()):
    """Forward foreign keys, followed independently of the export's own (backward) walk."""
    for field in model._meta.concrete_fields:
        related = field.related_model
        if not field.is_relation or related is None or related in seen or related is model:
            continue
        if related is target or _models_with_a_path_to(target, related, (*seen, model)):
            return True
    return False


@pytest.mark.django_db
def test_subject_access_covers_every_model_that_points_to_a_person(world, login, open_case):
    person = open_case.person
    expected = {
        model._meta.label
        for model in apps.get_models()
        if model is Person or _models_with_a_path_to(Person, model)
    }

    response = login(world.users["team_lead"]).get(reverse("people:subject_access_json", args=[person.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    exported = json.loads(response.content)
    assert expected - set(exported) == set()
    assert exported["people.Person"]["records"][0]["nhs_number"] == person.nhs_number
    assert [case["id"] for case in exported["casework.Case"]["records"]] == [str(open_case.pk)]
    assert exported["referrals.ContactAttempt"]["records"], "records two steps away are included"
    assert exported["core.AuditEvent"]["records"], "the person's access history is included"
    export = _events_about(person, "person.subject_access_export").get()
    assert export.details["format"] == "json"
    assert export.details["records"]["casework.Case"] == 1


@pytest.mark.django_db
def test_subject_access_holds_only_what_the_asking_organisation_may_see(world, open_case):
    person = open_case.person
    relationship_grant(
        by=SYSTEM,
        person=person,
        organisation=world.organisations["provider_b"],
        basis=RelationshipBasis.REFERRAL,
        source="test:provider_b",
    )
    provider_b = _actor(world, "link_worker_b", "provider_b", Role.LINK_WORKER)
    provider_a = _actor(world, "team_lead", "provider_a", Role.TEAM_LEAD)

    def held(actor):
        return {
            section.label: section.rows for section in subject_access_sections(actor=actor, person=person)
        }

    assert [row["id"] for row in held(provider_b)["people.Person"]] == [person.pk]
    assert held(provider_b)["casework.Case"] == []
    assert [row["id"] for row in held(provider_a)["casework.Case"]] == [open_case.pk]


def test_subject_access_includes_the_messages_sent_to_the_person(world, open_case):
    message = OutboxMessage.objects.create(
        kind="appointment_confirmation",
        channel="sms",
        dedupe_key="test:sar-message",
        person=open_case.person,
        to_address="07700900123",
        body="Your appointment is on Monday",
    )
    team_lead = _actor(world, "team_lead", "provider_a", Role.TEAM_LEAD)

    sections = {
        section.label: section.rows
        for section in subject_access_sections(actor=team_lead, person=open_case.person)
    }

    assert message.pk in [row["id"] for row in sections["messaging.OutboxMessage"]]


@pytest.mark.django_db
def test_subject_access_lists_the_searches_that_showed_the_person_without_the_others(world):
    person, other = world.people["person_a"], world.people["person_b"]
    referrer = _actor(world, "referrer", "practice_a", Role.REFERRER)
    audit_record(
        actor=referrer,
        action="person.search",
        details={"criteria": ["family_name"], "people": [str(other.pk), str(person.pk)]},
    )
    audit_record(actor=referrer, action="person.search", details={"people": [str(other.pk)]})
    team_lead = _actor(world, "team_lead", "provider_a", Role.TEAM_LEAD)

    sections = {
        section.label: section.rows for section in subject_access_sections(actor=team_lead, person=person)
    }

    searches = [row for row in sections["core.AuditEvent"] if row["action"] == "person.search"]
    assert [row["details"] for row in searches] == [{"criteria": ["family_name"], "people": [str(person.pk)]}]


@pytest.mark.django_db
def test_subject_access_never_gives_the_address_staff_acted_from(world):
    person = world.people["person_a"]
    token = set_current_client_address("198.51.100.7")
    try:
        audit_record(
            actor=_actor(world, "referrer", "practice_a", Role.REFERRER),
            action="person.view",
            person_id=person.pk,
        )
    finally:
        reset_current_client_address(token)
    team_lead = _actor(world, "team_lead", "provider_a", Role.TEAM_LEAD)

    text = subject_access_json(subject_access_sections(actor=team_lead, person=person))

    assert "198.51.100.7" not in text
    assert "client_address" not in text


@pytest.mark.django_db
def test_subject_access_keeps_no_other_records_a_caseload_showed(world):
    person, other = world.people["person_a"], world.people["person_b"]
    worker = _actor(world, "link_worker", "provider_a", Role.LINK_WORKER)
    audit_record(
        actor=worker,
        action="case.list",
        details={"cases": ["case-of-a", "case-of-b"], "people": [str(person.pk), str(other.pk)]},
    )
    team_lead = _actor(world, "team_lead", "provider_a", Role.TEAM_LEAD)

    sections = {
        section.label: section.rows for section in subject_access_sections(actor=team_lead, person=person)
    }

    lists = [row for row in sections["core.AuditEvent"] if row["action"] == "case.list"]
    assert [row["details"] for row in lists] == [{"people": [str(person.pk)]}]


@pytest.mark.django_db
def test_subject_access_page_is_readable_and_audited(world, login, open_case):
    person = open_case.person

    response = login(world.users["team_lead"]).get(reverse("people:subject_access", args=[person.pk]))

    assert response.status_code == 200
    assert f"Everything held about {person.full_name}" in response.content.decode()
    assert _events_about(person, "person.subject_access_export").get().details["format"] == "html"


@pytest.mark.django_db
def test_only_team_leads_see_the_governance_links_on_the_person_page(world, login):
    person = world.people["person_a"]
    access_url = reverse("people:access", args=[person.pk])

    lead_page = login(world.users["team_lead"]).get(reverse("people:detail", args=[person.pk]))
    worker_page = login(world.users["link_worker"]).get(reverse("people:detail", args=[person.pk]))

    assert access_url in lead_page.content.decode()
    assert access_url not in worker_page.content.decode()
