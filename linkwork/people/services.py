from django.db import IntegrityError, transaction

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from .models import LegitimateRelationship, Person
from .validators import normalise_nhs_number, normalise_postcode


@transaction.atomic
def relationship_grant(
    *, by: Actor, person: Person, organisation, basis: str, source: str = ""
) -> LegitimateRelationship:
    """Record why an organisation may see a person (idempotent for the same source)."""
    relationship, created = LegitimateRelationship.objects.get_or_create(
        person=person, organisation=organisation, basis=basis, source=source
    )
    if created:
        audit_record(
            actor=by,
            action="relationship.grant",
            target=relationship,
            person_id=person.pk,
            details={"organisation": organisation.pk, "basis": basis, "source": source},
        )
    return relationship


def person_register(*, by: Actor, organisation, basis: str, source: str = "", **details) -> Person:
    """Record a new person together with the relationship that lets `organisation` see them.

    A person is never created without a relationship: nobody could ever see or correct them.
    """
    person = Person(**details)
    person.nhs_number = normalise_nhs_number(person.nhs_number)
    person.postcode = normalise_postcode(person.postcode)
    person.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            person.save(force_insert=True)
            relationship_grant(by=by, person=person, organisation=organisation, basis=basis, source=source)
            audit_record(actor=by, action="person.create", target=person, person_id=person.pk)
    except IntegrityError as error:
        if person.nhs_number and Person.objects.filter(nhs_number=person.nhs_number).exists():
            raise DomainError(
                "A person with this NHS number is already recorded. Search for them instead.",
                field="nhs_number",
            ) from error
        raise
    return person


def person_resolve(
    *,
    by: Actor,
    organisation,
    basis: str,
    source: str = "",
    details: dict,
    duplicate_decision: str | None = None,
) -> Person:
    """The person these details describe: the one with the same NHS number, or a new record.

    Two referrals for the same NHS number, even at the same moment, converge on one person. The
    existing record is not changed by what a referrer typed; the referring organisation is linked.
    """
    nhs_number = normalise_nhs_number(details.get("nhs_number", ""))
    if nhs_number:
        existing = Person.objects.filter(nhs_number=nhs_number).first()
        if existing is not None:
            relationship_grant(by=by, person=existing, organisation=organisation, basis=basis, source=source)
            return existing
    try:
        return person_register(by=by, organisation=organisation, basis=basis, source=source, **details)
    except DomainError:
        # Registered by a concurrent request between our look-up and insert.
        existing = Person.objects.get(nhs_number=nhs_number)
        relationship_grant(by=by, person=existing, organisation=organisation, basis=basis, source=source)
        return existing
