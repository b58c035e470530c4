"""Correcting a person's details (issue 19, point 5): who may, audited, stale edits refused."""

import pytest
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.core.errors import DomainError, StaleEdit
from linkwork.core.models import AuditEvent
from linkwork.people.services import person_details_update
from linkwork.testing.factories import actor_for


@pytest.fixture
def link_worker(world):
    return actor_for(world.users["link_worker"], world.organisations["provider_a"], Role.LINK_WORKER)


def test_a_correction_is_saved_and_audited_by_field_name_only(world, link_worker):
    person = world.people["person_a"]
    person_details_update(
        by=link_worker,
        person=person,
        expected_version=person.version,
        values={"phone": "07700 900111", "postcode": "ne4 5ab", "sex": "female", "ethnicity": "A"},
    )

    person.refresh_from_db()
    assert (person.phone, person.postcode, person.sex, person.ethnicity) == (
        "07700 900111",
        "NE4 5AB",
        "female",
        "A",
    )
    event = AuditEvent.objects.get(action="person.details_update", person_id=person.pk)
    assert event.details == {"changed": ["ethnicity", "phone", "postcode", "sex"]}
    assert "07700" not in str(event.details)


def test_a_stale_correction_is_refused_and_changes_nothing(world, link_worker):
    person = world.people["person_a"]
    opened_at = person.version
    person_details_update(
        by=link_worker, person=person, expected_version=opened_at, values={"phone": "0191 000 0001"}
    )

    with pytest.raises(StaleEdit) as refused:
        person_details_update(
            by=link_worker, person=person, expected_version=opened_at, values={"phone": "0191 999"}
        )

    assert refused.value.current.phone == "0191 000 0001"
    person.refresh_from_db()
    assert person.phone == "0191 000 0001"


def test_a_referrer_cannot_correct_details_nor_anyone_change_identity(world, link_worker):
    person = world.people["person_a"]
    referrer = actor_for(world.users["referrer"], world.organisations["practice_a"], Role.REFERRER)
    with pytest.raises(DomainError):
        person_details_update(by=referrer, person=person, expected_version=1, values={"phone": "1"})
    with pytest.raises(DomainError):
        person_details_update(by=link_worker, person=person, expected_version=1, values={"family_name": "X"})
    person.refresh_from_db()
    assert person.phone == ""
    assert person.family_name == "Alpha"


def test_the_page_saves_a_correction_and_the_person_page_links_to_their_cases_and_referrals(
    client, login, world, open_case
):
    login(world.users["link_worker"])
    person = open_case.person
    edit = reverse("people:edit", kwargs={"person_id": person.pk})
    page = client.get(edit)
    assert page.status_code == 200
    data = {
        "version": person.version,
        "sex": "male",
        "ethnicity": "99",
        "postcode": "NE4 9ZA",
        "phone": "07700 900222",
        "preferred_contact_method": "text",
        "preferred_language": "English",
        "preferred_worker_gender": "",
        "registered_practice": str(world.organisations["practice_a"].pk),
    }
    saved = client.post(edit, data)
    assert saved.status_code == 302
    stale = client.post(edit, data | {"phone": "07700 900333"})
    assert "Someone else changed this" in stale.text
    assert "07700 900222" in stale.text

    detail = client.get(reverse("people:detail", kwargs={"person_id": person.pk})).text
    assert reverse("casework:case", kwargs={"case_id": open_case.pk}) in detail
    assert reverse("referrals:detail", kwargs={"referral_id": open_case.referral.pk}) in detail
