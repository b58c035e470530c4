"""Likely matches without an NHS number are asked about, never silently reused or duplicated."""

import datetime

import pytest

from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.people.models import DuplicateCandidate, LegitimateRelationship, Person
from linkwork.people.services import PossibleDuplicate, person_register, person_resolve
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.testing.concurrency import run_at_once
from linkwork.testing.factories import SYSTEM, make_organisation, make_person, valid_nhs_number

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


def test_a_likely_match_is_asked_about_and_nothing_is_written(existing, other_practice):
    before = row_counts()

    with pytest.raises(PossibleDuplicate) as raised:
        resolve(other_practice, given_name="  ada ", family_name="LOVELACE", postcode="ls14ap")

    assert raised.value.candidate_ids == (existing.pk,)
    assert row_counts() == before


def test_the_question_carries_only_the_candidate_ids_and_a_message_naming_no_one(existing, other_practice):
    with pytest.raises(PossibleDuplicate) as raised:
        resolve(other_practice)

    assert set(vars(raised.value)) == {"message", "field", "candidate_ids"}
    assert "Lovelace" not in raised.value.message
    assert raised.value.field == "duplicate_decision"


def test_same_person_reuses_the_existing_record_and_links_the_referrer(existing, other_practice):
    person = resolve(other_practice, decision=f"same:{existing.pk}", phone="07700 900123")

    assert person == existing
    assert Person.objects.count() == 1
    assert LegitimateRelationship.objects.filter(person=existing, organisation=other_practice).exists()
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


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_nhs_number_converge_on_one_person():
    practices = [make_organisation(name="Race Practice A"), make_organisation(name="Race Practice B")]
    nhs_number = valid_nhs_number()

    results, errors = run_at_once(
        *[
            lambda practice=practice: resolve(practice, nhs_number=nhs_number, source=f"race:{practice.pk}")
            for practice in practices
        ]
    )

    assert errors == []
    person = Person.objects.get(nhs_number=nhs_number)
    assert {result.pk for result in results} == {person.pk}
    linked = set(
        LegitimateRelationship.objects.filter(person=person).values_list("organisation_id", flat=True)
    )
    assert linked == {practice.pk for practice in practices}


def test_an_nhs_number_typed_with_someone_elses_details_never_opens_their_record(db):
    practice = make_organisation(name="Identity Practice")
    holder = make_person(
        practice, nhs_number="9434765919", family_name="Holder", date_of_birth=datetime.date(1960, 1, 1)
    )
    stranger_practice = make_organisation(name="Stranger Practice")

    person = person_resolve(
        by=SYSTEM,
        organisation=stranger_practice,
        basis=RelationshipBasis.REFERRAL,
        details={
            "nhs_number": "9434765919",
            "given_name": "Not",
            "family_name": "Holder",
            "date_of_birth": datetime.date(1990, 5, 5),
        },
    )

    assert person.pk != holder.pk
    assert person.nhs_number == ""
    assert not holder.relationships.filter(organisation=stranger_practice).exists()
    assert DuplicateCandidate.objects.filter(person=person, candidate=holder).exists()


def test_an_nhs_number_with_matching_details_joins_the_existing_record(db):
    practice = make_organisation(name="Joining Practice")
    holder = make_person(
        practice, nhs_number="9434765919", family_name="Holder", date_of_birth=datetime.date(1960, 1, 1)
    )
    other = make_organisation(name="Second Practice")

    person = person_resolve(
        by=SYSTEM,
        organisation=other,
        basis=RelationshipBasis.REFERRAL,
        details={
            "nhs_number": "943 476 5919",
            "given_name": "X",
            "family_name": " holder ",
            "date_of_birth": datetime.date(1960, 1, 1),
        },
    )

    assert person.pk == holder.pk
    assert holder.relationships.filter(organisation=other).exists()
