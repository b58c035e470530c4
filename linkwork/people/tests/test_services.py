import datetime

import pytest
from django.core.exceptions import ValidationError

from linkwork.accounts.models import Organisation
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.people.models import LegitimateRelationship, Person
from linkwork.people.services import person_register
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.testing.factories import SYSTEM, make_organisation


@pytest.fixture
def practice(db):
    return make_organisation(name="Register Practice")


def register(practice, **details):
    defaults = {"given_name": "Ada", "family_name": "Lovelace", "date_of_birth": datetime.date(1980, 5, 17)}
    return person_register(
        by=SYSTEM, organisation=practice, basis=RelationshipBasis.REFERRAL, **(defaults | details)
    )


def test_registering_a_person_links_them_to_the_organisation_and_audits_it(practice):
    person = register(practice, nhs_number="943 476 5919", postcode="ls14ap")

    assert person.nhs_number == "9434765919"
    assert person.postcode == "LS1 4AP"
    relationship = LegitimateRelationship.objects.get(person=person)
    assert (relationship.organisation, relationship.basis) == (practice, RelationshipBasis.REFERRAL)
    actions = set(AuditEvent.objects.filter(person_id=person.pk).values_list("action", flat=True))
    assert actions == {"person.create", "relationship.grant"}


def test_a_second_person_with_the_same_nhs_number_is_refused_and_nothing_is_written(practice):
    register(practice, nhs_number="9434765919")
    people, relationships, events = (
        Person.objects.count(),
        LegitimateRelationship.objects.count(),
        AuditEvent.objects.count(),
    )

    with pytest.raises(DomainError, match="already recorded"):
        register(practice, nhs_number="943-476-5919", given_name="Someone", family_name="Else")

    assert Person.objects.count() == people
    assert LegitimateRelationship.objects.count() == relationships
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        ({"nhs_number": "9434765918"}, "nhs_number", "typing mistakes"),
        (
            {"date_of_birth": datetime.date.today() + datetime.timedelta(days=2)},
            "date_of_birth",
            "in the past",
        ),
        ({"postcode": "LS1"}, "postcode", "full UK postcode"),
    ],
)
def test_bad_details_are_refused_with_a_clear_message_and_nothing_is_written(
    practice, details, field, message
):
    with pytest.raises(ValidationError) as raised:
        register(practice, **details)

    assert message in " ".join(raised.value.message_dict[field])
    assert Person.objects.count() == 0
    assert AuditEvent.objects.filter(action="person.create").count() == 0


def test_the_registered_practice_must_be_a_gp_practice(practice):
    provider = make_organisation(Organisation.Kind.PROVIDER, "Not A Practice")

    with pytest.raises(ValidationError, match="Choose a GP practice"):
        register(practice, registered_practice=provider)
    register(practice, registered_practice=practice)


def test_people_without_an_nhs_number_can_be_registered_more_than_once(practice):
    register(practice, given_name="One")
    register(practice, given_name="Two")

    assert Person.objects.filter(nhs_number="").count() == 2
