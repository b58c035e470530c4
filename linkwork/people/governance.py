"""Information governance for one person's record: who has seen it, and everything held (subject access).

Both start from the organisation scope (a team lead of an organisation linked to the person) and
are themselves audited.
"""

from linkwork.core.selectors import person_access_page
from linkwork.core.services import audit_record
from linkwork.core.subject_access import subject_access_sections

from .models import LegitimateRelationship, Person
from .vocabulary import RelationshipBasis


def _person_and_merged_ids(actor, person_id, action):
    """The person if the actor's organisation is linked to them (emergency access is not enough)."""
    linked = (
        LegitimateRelationship.objects.current()
        .filter(organisation_id=actor.organisation_id)
        .exclude(basis=RelationshipBasis.BREAK_GLASS)
        .values("person_id")
    )
    person = Person.objects.visible_to(actor).filter(pk=person_id, pk__in=linked).first()
    if person is None:
        audit_record(actor=actor, action=action, person_id=person_id, denied=True)
        return None, []
    merged = list(Person._base_manager.filter(merged_into=person).values_list("pk", flat=True))
    return person, merged


def person_access_history(*, actor, person_id, page_number):
    """(person, page of audit events about them and records merged into them), or (None, None)."""
    person, merged = _person_and_merged_ids(actor, person_id, "person.access_history_view")
    if person is None:
        return None, None
    page = person_access_page(person_ids=[person.pk, *merged], page_number=page_number)
    audit_record(actor=actor, action="person.access_history_view", target=person, person_id=person.pk)
    return person, page


def person_subject_access(*, actor, person_id, file_format):
    """(person, sections of everything held about them), or (None, []); audited as an export."""
    person, merged = _person_and_merged_ids(actor, person_id, "person.subject_access_export")
    if person is None:
        return None, []
    sections = subject_access_sections(actor=actor, person=person, extra_person_ids=merged)
    audit_record(
        actor=actor,
        action="person.subject_access_export",
        target=person,
        person_id=person.pk,
        details={
            "format": file_format,
            "records": {section.label: len(section.rows) for section in sections},
        },
    )
    return person, sections
