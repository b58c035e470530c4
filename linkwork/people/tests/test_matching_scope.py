"""Matching never reveals a record the referrer's organisation could not already see (ADR 0014).

Organisation "known" supports Ada; "unknown" is a practice that has never had anything to do with her.
"""

import datetime

import pytest

from linkwork.accounts.models import Organisation, Role
from linkwork.core.errors import DomainError
from linkwork.people.merging import person_merge, person_unmerge
from linkwork.people.models import DuplicateCandidate, LegitimateRelationship, Person
from linkwork.people.services import PossibleDuplicate, person_resolve
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.testing.concurrency import run_at_once
from linkwork.testing.factories import (
    SYSTEM,
    actor_for,
    make_organisation,
    make_person,
    make_user,
    valid_nhs_number,
)

NHS_NUMBER = "9434765919"
ADA = {
    "given_name": "Ada",
    "family_name": "Lovelace",
    "date_of_birth": datetime.date(1980, 5, 17),
    "postcode": "LS1 4AP",
}
# What the organisation that knows Ada recorded, which no one else may learn from a referral.
KNOWN_ONLY_TO_THEM = {"phone": "07700 900999", "address_line_1": "1 Sentinel Street"}


@pytest.fixture
def known(db):
    return make_organisation(Organisation.Kind.PROVIDER, name="Known Provider")


@pytest.fixture
def unknown(db):
    return make_organisation(name="Unknown Practice")


@pytest.fixture
def ada(known):
    return make_person(known, nhs_number=NHS_NUMBER, **ADA, **KNOWN_ONLY_TO_THEM)


@pytest.fixture
def ada_without_nhs_number(known):
    return make_person(known, nhs_number="", **ADA, **KNOWN_ONLY_TO_THEM)


def resolve(organisation, *, decision=None, source="test:referral", **details):
    return person_resolve(
        by=SYSTEM,
        organisation=organisation,
        basis=RelationshipBasis.REFERRAL,
        source=source,
        details=details,
        duplicate_decision=decision,
    )


def known_to(organisation):
    return set(Person.objects.known_to(organisation).values_list("pk", flat=True))


def team_lead_of(organisation):
    return actor_for(make_user(organisation=organisation, role=Role.TEAM_LEAD), organisation, Role.TEAM_LEAD)


def test_a_likely_match_the_referrer_cannot_see_is_never_asked_about_nor_used(
    ada_without_nhs_number, unknown
):
    person = resolve(unknown, **ADA)

    assert person.pk != ada_without_nhs_number.pk
    assert ada_without_nhs_number.pk not in known_to(unknown)
    pair = DuplicateCandidate.objects.get()
    assert (pair.person, pair.candidate) == (person, ada_without_nhs_number)


def test_choosing_a_record_the_referrer_cannot_see_is_refused_and_links_nothing(
    ada_without_nhs_number, unknown
):
    with pytest.raises(DomainError, match="does not match these details"):
        resolve(unknown, decision=f"same:{ada_without_nhs_number.pk}", **ADA)

    assert ada_without_nhs_number.pk not in known_to(unknown)


def test_a_likely_match_the_referrer_knows_is_still_asked_about(ada_without_nhs_number, known):
    with pytest.raises(PossibleDuplicate) as raised:
        resolve(known, **ADA)

    assert raised.value.candidate_ids == (ada_without_nhs_number.pk,)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(ADA, id="same-details"),
        pytest.param(
            ADA | {"family_name": "Byron", "date_of_birth": datetime.date(1990, 1, 1)}, id="other-details"
        ),
    ],
)
def test_an_nhs_number_held_by_a_record_the_referrer_cannot_see_gives_a_new_unconfirmed_record(
    ada, unknown, typed
):
    person = resolve(unknown, nhs_number=NHS_NUMBER, **typed)

    assert person.pk != ada.pk
    assert (person.nhs_number, person.nhs_number_unconfirmed) == (NHS_NUMBER, True)
    assert ada.pk not in known_to(unknown)
    assert not LegitimateRelationship.objects.filter(person=ada, organisation=unknown).exists()
    assert DuplicateCandidate.objects.filter(person=person, candidate=ada).exists()


def _as_the_referrer_sees_it(person):
    hidden = {"id", "created_at", "updated_at", "nhs_number_unconfirmed"}
    return {
        field.name: getattr(person, field.attname)
        for field in Person._meta.concrete_fields
        if field.name not in hidden
    }


def test_the_referrers_record_holds_what_they_typed_whether_or_not_someone_else_holds_the_nhs_number(
    ada, unknown
):
    held = resolve(unknown, nhs_number=NHS_NUMBER, **ADA)
    other_number = valid_nhs_number()
    fresh = resolve(make_organisation(name="Another Practice"), nhs_number=other_number, **ADA)

    assert fresh.nhs_number_unconfirmed is False
    assert _as_the_referrer_sees_it(held) == _as_the_referrer_sees_it(fresh) | {"nhs_number": NHS_NUMBER}


def test_an_nhs_number_the_referrer_knows_joins_its_record(ada, known):
    person = resolve(known, nhs_number="943 476 5919", **(ADA | {"family_name": " lovelace "}))

    assert person.pk == ada.pk
    assert LegitimateRelationship.objects.filter(person=ada, source="test:referral").exists()


def test_an_nhs_number_the_referrer_knows_typed_with_other_details_never_joins_it(ada, known):
    person = resolve(known, nhs_number=NHS_NUMBER, **(ADA | {"date_of_birth": datetime.date(1990, 5, 5)}))

    assert person.pk != ada.pk
    assert person.nhs_number == ""
    assert DuplicateCandidate.objects.filter(person=person, candidate=ada).exists()


def test_a_second_referral_from_the_same_organisation_joins_its_own_unconfirmed_record(ada, unknown):
    first = resolve(unknown, nhs_number=NHS_NUMBER, source="test:first", **ADA)
    second = resolve(unknown, nhs_number=NHS_NUMBER, source="test:second", **ADA)

    assert second.pk == first.pk
    assert Person.objects.filter(nhs_number=NHS_NUMBER).count() == 2


def test_the_pair_waits_for_a_team_lead_who_sees_both_records(ada, known, unknown):
    person = resolve(unknown, nhs_number=NHS_NUMBER, **ADA)
    # The receiving provider is linked by the referral, as referral_submit does for the scheme's providers.
    LegitimateRelationship.objects.create(
        person=person, organisation=known, basis=RelationshipBasis.REFERRAL, source="test:provider"
    )

    pairs = DuplicateCandidate.objects.visible_to(team_lead_of(known)).open()
    elsewhere = DuplicateCandidate.objects.visible_to(
        team_lead_of(make_organisation(Organisation.Kind.PROVIDER, name="Elsewhere Provider"))
    )

    assert [(pair.person_id, pair.candidate_id) for pair in pairs] == [(person.pk, ada.pk)]
    assert not elsewhere.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_referrals_of_one_new_nhs_number_converge_within_an_organisation_only():
    practice, other = make_organisation(name="Race Practice A"), make_organisation(name="Race Practice B")
    attempts = [(practice, "race:1"), (practice, "race:2"), (other, "race:3")]

    results, errors = run_at_once(
        *[
            lambda organisation=organisation, source=source: resolve(
                organisation, nhs_number=NHS_NUMBER, source=source, **ADA
            )
            for organisation, source in attempts
        ]
    )

    assert errors == []
    holders = Person.objects.filter(nhs_number=NHS_NUMBER)
    assert holders.count() == 2
    assert holders.filter(nhs_number_unconfirmed=False).count() == 1
    assert len(known_to(practice) & set(holders.values_list("pk", flat=True))) == 1
    assert len(known_to(other) & set(holders.values_list("pk", flat=True))) == 1
    assert known_to(practice).isdisjoint(known_to(other))
    assert len({result.pk for result in results}) == 2


@pytest.mark.parametrize("keep", ["held_first", "held_second"])
def test_merging_the_pair_leaves_one_confirmed_record_and_undo_restores_both(ada, known, unknown, keep):
    second = resolve(unknown, nhs_number=NHS_NUMBER, **ADA)
    LegitimateRelationship.objects.create(
        person=second, organisation=known, basis=RelationshipBasis.REFERRAL, source="test:provider"
    )
    survivor, duplicate = (ada, second) if keep == "held_first" else (second, ada)
    team_lead = team_lead_of(known)

    merge = person_merge(
        by=team_lead, survivor=survivor, duplicate=duplicate, reason="Same NHS number, checked"
    )

    survivor.refresh_from_db()
    assert (survivor.nhs_number, survivor.nhs_number_unconfirmed) == (NHS_NUMBER, False)
    person_unmerge(by=team_lead, merge=merge, reason="Merged by mistake")
    standing = dict(Person.objects.filter(nhs_number=NHS_NUMBER).values_list("pk", "nhs_number_unconfirmed"))
    assert standing == {ada.pk: False, second.pk: True}


def test_a_merge_that_takes_an_unconfirmed_nhs_number_keeps_it_unconfirmed(ada, known, unknown):
    held = resolve(unknown, nhs_number=NHS_NUMBER, **ADA)
    without = make_person(known, nhs_number="", **ADA)
    for person in (held, without):
        LegitimateRelationship.objects.get_or_create(
            person=person, organisation=known, basis=RelationshipBasis.REFERRAL, source="test:provider"
        )

    merge = person_merge(by=team_lead_of(known), survivor=without, duplicate=held, reason="One person")

    without.refresh_from_db()
    assert (without.nhs_number, without.nhs_number_unconfirmed) == (NHS_NUMBER, True)
    assert merge.changes["nhs_number_unconfirmed"] == {"was": False}
