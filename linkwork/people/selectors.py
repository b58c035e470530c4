"""Reads of people's records. Each starts from the organisation scope; opening and searching are audited."""

from django.core.paginator import Paginator

from linkwork.core.services import audit_record

from .models import LegitimateRelationship, Person

PAGE_SIZE = 25
SEARCH_LIMIT = 50
_LIST_FIELDS = ("id", "given_name", "family_name", "date_of_birth", "nhs_number", "postcode")


def people_page(*, actor, page_number):
    """One page of the people the actor's organisation supports, by last name."""
    people = Person.objects.visible_to(actor).only(*_LIST_FIELDS).order_by("family_name", "given_name", "id")
    page = Paginator(people, PAGE_SIZE).get_page(page_number)
    audit_record(
        actor=actor,
        action="person.list",
        details={"page": page.number, "people": [str(person.pk) for person in page]},
    )
    return page


def person_search(*, actor, nhs_number="", family_name="", date_of_birth=None):
    """People in scope matching the criteria (at most SEARCH_LIMIT); the search itself is audited."""
    people = Person.objects.visible_to(actor).only(*_LIST_FIELDS)
    if nhs_number:
        people = people.filter(nhs_number=nhs_number)
    if family_name:
        people = people.filter(family_name__iexact=family_name)
    if date_of_birth:
        people = people.filter(date_of_birth=date_of_birth)
    results = list(people.order_by("family_name", "given_name", "id")[:SEARCH_LIMIT])
    audit_record(
        actor=actor,
        action="person.search",
        details={
            "criteria": sorted(
                name
                for name, value in [
                    ("nhs_number", nhs_number),
                    ("family_name", family_name),
                    ("date_of_birth", date_of_birth),
                ]
                if value
            ),
            "people": [str(person.pk) for person in results],
        },
    )
    return results


def person_open(*, actor, person_id):
    """The person and the relationships the actor may see, or None; every attempt is audited."""
    person = (
        Person.objects.visible_to(actor).filter(pk=person_id).select_related("registered_practice").first()
    )
    if person is None:
        audit_record(actor=actor, action="person.view", person_id=person_id, denied=True)
        return None, []
    relationships = list(
        LegitimateRelationship.objects.visible_to(actor)
        .current()
        .filter(person=person)
        .select_related("organisation")
        .order_by("started_at")
    )
    audit_record(actor=actor, action="person.view", target=person, person_id=person.pk)
    return person, relationships
