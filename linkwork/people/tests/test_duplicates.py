"""Likely matches without an NHS number are asked about, never silently reused or duplicated.

Only records the referrer's organisation already knows are ever asked about or joined; the rest are in
test_matching_scope.py (ADR 0014)."""

import datetime

import pytest

from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.people.models import DuplicateCandidate, LegitimateRelationship, Person
from linkwork.people.services import PossibleDuplicate, person_register, person_resolve
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.testing.factories import SYSTEM, make_organisation, valid_nhs_number

ADA = {
    "given_name": "Ada",
    "family_name": "Lovelace",
    "date_of_birth": datetime.date(1980, 5, 17),
    "postcode": "LS1 4AP",
}


@pytest.fixture
def practice(db):
    return make_organisation(name="First Practice")


@pytest.fixture
def other_practice(db):
    return make_organisation(name="Second Practice")


@pytest.fixture
def existing(practice):
    return person_register(by=SYSTEM, organisation=practice, basis=RelationshipBasis.REFERRAL, **ADA)


def resolve(organisation, decision=None, source="test:referral", **details):
    return person_resolve(
        by=SYSTEM,
        organisation=organisation,
        basis=RelationshipBasis.REFERRAL,
        source=source,
        details=ADA | details,
        duplicate_decision=decision,
    )


def row_counts():
    return (
        Person.objects.count(),
        LegitimateRelationship.objects.count(),
        DuplicateCandidate.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_likely_match_is_asked_about_and_nothing_is_written(existing, practice):
    before = row_counts()

    with pytest.raises(PossibleDuplicate) as raised:
        resolve(practice, given_name="  ada ", family_name="LOVELACE", postcode="ls14ap")

    assert raised.value.candidate_ids == (existing.pk,)
    assert row_counts() == before


def test_the_question_carries_only_the_candidate_ids_and_a_message_naming_no_one(existing, practice):
    with pytest.raises(PossibleDuplicate) as raised:
        resolve(practice)

    assert set(vars(raised.value)) == {"message", "field", "candidate_ids"}
    assert "Lovelace" not in raised.value.message
    assert raised.value.field == "duplicate_decision"


def test_same_person_reuses_the_existing_record_and_links_the_referral(existing, practice):
    person = resolve(practice, decision=f"same:{existing.pk}", phone="07700 900123")

    assert person == existing
    assert Person.objects.count() == 1
    assert LegitimateRelationship.objects.filter(person=existing, source="test:referral").exists()
    existing.refresh_from_db()
    assert existing.phone == ""
    assert AuditEvent.objects.filter(action="person.match_confirmed", person_id=existing.pk).exists()


def test_a_new_person_is_created_and_kept_for_a_team_lead_to_review(existing, other_practice):
    person = resolve(other_practice, decision="new")

    assert person != existing
    pair = DuplicateCandidate.objects.get()
    assert (pair.person, pair.candidate, pair.status) == (person, existing, DuplicateCandidate.Status.OPEN)
    assert AuditEvent.objects.filter(action="person.duplicate_candidate", person_id=person.pk).exists()


def test_choosing_someone_who_does_not_match_is_refused_and_nothing_is_written(existing, other_practice):
    stranger = person_register(
        by=SYSTEM,
        organisation=other_practice,
        basis=RelationshipBasis.REFERRAL,
        **(ADA | {"given_name": "Grace", "family_name": "Hopper"}),
    )
    before = row_counts()

    with pytest.raises(DomainError, match="does not match these details"):
        resolve(other_practice, decision=f"same:{stranger.pk}")

    assert row_counts() == before
    assert not LegitimateRelationship.objects.filter(person=stranger, source="test:referral").exists()


@pytest.mark.parametrize("decision", ["same:not-an-id", "maybe", ""])
def test_an_unreadable_decision_is_refused(existing, other_practice, decision):
    with pytest.raises(DomainError, match="same person or a new one"):
        resolve(other_practice, decision=decision)


@pytest.mark.parametrize(
    "difference",
    [
        {"given_name": "Augusta"},
        {"family_name": "Byron"},
        {"date_of_birth": datetime.date(1980, 5, 18)},
        {"postcode": "LS2 7EE"},
    ],
)
def test_people_who_differ_in_any_matching_detail_are_created_without_asking(
    existing, other_practice, difference
):
    person = resolve(other_practice, **difference)

    assert person != existing
    assert not DuplicateCandidate.objects.exists()


def test_a_new_nhs_number_for_a_record_without_one_is_recorded_as_a_likely_match(existing, other_practice):
    person = resolve(other_practice, nhs_number=valid_nhs_number())

    assert person != existing
    assert DuplicateCandidate.objects.filter(person=person, candidate=existing).exists()
    existing.refresh_from_db()
    assert existing.nhs_number == ""


def test_a_record_with_an_nhs_number_is_not_a_likely_match_for_a_different_nhs_number(
    practice, other_practice
):
    resolve(practice, nhs_number=valid_nhs_number())

    resolve(other_practice, nhs_number=valid_nhs_number())

    assert Person.objects.count() == 2
    assert not DuplicateCandidate.objects.exists()
