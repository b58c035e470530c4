"""Reads of people's records. Each starts from the organisation scope; opening and searching are audited."""

from django.core.paginator import Paginator
from django.db.models import Q

from linkwork.core.services import audit_record

from .models import DuplicateCandidate, LegitimateRelationship, Person, PersonMerge
from .vocabulary import RelationshipBasis

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
    own = [
        relationship
        for relationship in relationships
        if relationship.organisation_id == actor.organisation_id
    ]
    emergency = bool(own) and all(relationship.basis == RelationshipBasis.BREAK_GLASS for relationship in own)
    audit_record(
        actor=actor,
        action="person.view",
        target=person,
        person_id=person.pk,
        details={"break_glass": True} if emergency else None,
    )
    return person, relationships


def _pairs_for_review(actor):
    return (
        DuplicateCandidate.objects.visible_to(actor)
        .open()
        .select_related("person__registered_practice", "candidate__registered_practice")
    )


def duplicates_for_review(*, actor):
    """Open possible duplicates where the actor's organisation sees both people, oldest first."""
    pairs = list(_pairs_for_review(actor).order_by("created_at", "id"))
    audit_record(
        actor=actor,
        action="person.duplicates_list",
        details={
            "pairs": [str(pair.pk) for pair in pairs],
            "people": sorted(
                {str(person_id) for pair in pairs for person_id in (pair.person_id, pair.candidate_id)}
            ),
        },
    )
    return pairs


def duplicate_open(*, actor, pair_id):
    """One open pair for a decision, or None when it is decided or out of scope (audited as denied)."""
    pair = _pairs_for_review(actor).filter(pk=pair_id).first()
    if pair is None:
        audit_record(actor=actor, action="person.duplicate_view", details={"pair": str(pair_id)}, denied=True)
        return None
    audit_record(actor=actor, action="person.duplicate_view", target=pair, person_id=pair.person_id)
    return pair


def person_merges(*, actor, person_id):
    """The person and every merge they were part of, newest first; (None, []) when out of scope."""
    person = Person.objects.visible_to(actor).filter(pk=person_id).first()
    if person is None:
        audit_record(actor=actor, action="person.merges_view", person_id=person_id, denied=True)
        return None, []
    merges = list(
        PersonMerge.objects.visible_to(actor)
        .filter(Q(survivor=person) | Q(duplicate=person))
        .select_related("survivor", "duplicate", "by", "reversed_by")
        .order_by("-created_at")
    )
    audit_record(actor=actor, action="person.merges_view", target=person, person_id=person.pk)
    return person, merges
