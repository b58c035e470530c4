"""Anonymising people whose records have passed their retention period.

What stays is what reports need and nothing that identifies: sex, ethnicity, year of birth (as 1 July, so
age bands hold), the postcode district and the registered practice. The record itself stays so that
audit events and statistics keep pointing at something.
"""

from django.db.models import Q
from django.utils import timezone

from .models import BreakGlassAccess, DuplicateCandidate, Person, PersonMerge

ANONYMISED_GIVEN_NAME = "Anonymised"
ANONYMISED_FAMILY_NAME = "person"


def postcode_district(postcode: str) -> str:
    """The outward code ("LS1" of "LS1 4AP"): an area of thousands of households, not an address."""
    return postcode.split(" ")[0] if postcode else ""


def people_anonymise(person_ids: list) -> dict:
    """Blank every identifying field of these people (and of records merged into them)."""
    people = list(Person.objects.filter(Q(pk__in=person_ids) | Q(merged_into__in=person_ids)))
    now = timezone.now()
    for person in people:
        person.nhs_number = ""
        person.given_name = ANONYMISED_GIVEN_NAME
        person.family_name = ANONYMISED_FAMILY_NAME
        person.preferred_name = ""
        person.date_of_birth = person.date_of_birth.replace(month=7, day=1)
        person.gender_identity = ""
        person.address_line_1 = person.address_line_2 = person.town = ""
        person.postcode = postcode_district(person.postcode)
        person.phone = person.email = person.contact_times = ""
        person.anonymised_at = now
    fields = [
        "nhs_number",
        "given_name",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "gender_identity",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "phone",
        "email",
        "contact_times",
        "anonymised_at",
    ]
    Person.objects.bulk_update(people, fields, batch_size=500)
    ids = [person.pk for person in people]
    duplicates, _ = DuplicateCandidate.objects.filter(Q(person__in=ids) | Q(candidate__in=ids)).delete()
    # A merge's change log holds the old names and numbers it replaced.
    merges = PersonMerge.objects.filter(Q(survivor__in=ids) | Q(duplicate__in=ids)).update(changes={})
    # Why someone needed emergency access describes the person's circumstances.
    accesses = BreakGlassAccess.objects.filter(person__in=ids).update(reason="", review_note="")
    return {
        "people": len(people),
        "duplicate candidates": duplicates,
        "merge histories": merges,
        "emergency access reasons": accesses,
    }
