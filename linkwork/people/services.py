import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record, update_if_unchanged

from . import rules
from .models import DuplicateCandidate, LegitimateRelationship, Person
from .validators import normalise_nhs_number, normalise_postcode

NEW_PERSON = "new"
SAME_PERSON_PREFIX = "same:"


class PossibleDuplicate(DomainError):
    """The details look like someone the asker's organisation already sees: ask whether this is them.

    Carries only the ids of records in the asker's own scope; likely matches outside it are never
    raised (ADR 0014). Answer with duplicate_decision "same:<id>" or "new".
    """

    def __init__(self, candidate_ids):
        super().__init__(
            "Someone with the same name, date of birth and postcode is already known to your organisation. "
            "Say whether this is the same person.",
            field="duplicate_decision",
        )
        self.candidate_ids = tuple(candidate_ids)


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
    return _insert(by=by, person=_validated(details), organisation=organisation, basis=basis, source=source)


def person_resolve(
    *,
    by: Actor,
    organisation,
    basis: str,
    source: str = "",
    details: dict,
    duplicate_decision: str | None = None,
) -> Person:
    """The person these details describe, linked to `organisation`.

    Matching never reveals a record that `organisation` (the referrer's, or for a self-referral the
    provider's) could not already see (ADR 0014). A record it knows is used when it holds the NHS number with the same last name and date of birth, and is
    offered when it is a likely match: `duplicate_decision` None raises PossibleDuplicate, "same:<id>"
    uses it, "new" records a new person paired with it. Callers that cannot ask (API, FHIR, the public)
    pass "new". A record it does not know is never used, named or offered, whatever the answer: the
    details become a new record, paired with it for a team lead who sees both (ADR 0005). Such a record
    keeps the NHS number typed, marked unconfirmed, so the referrer sees exactly what a referral for
    someone unknown would have given them.

    Referrals for one NHS number from one organisation, even at the same moment, converge on one person;
    an existing record is never changed by what a referrer typed.
    """
    same_as = _parse_decision(duplicate_decision)
    nhs_number = normalise_nhs_number(details.get("nhs_number", ""))
    known = Person.objects.known_to(organisation)
    linked = {"by": by, "organisation": organisation, "basis": basis, "source": source}
    if nhs_number:
        held = _resolve_held_nhs_number(nhs_number, details=details, known=known, linked=linked)
        if held is not None:
            return held
    person = _validated(details)
    # A record without an NHS number may be this person: an NHS number alone does not prove otherwise.
    searched = Person.objects.filter(nhs_number="") if nhs_number else Person.objects.all()
    matches = searched.likely_matches(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        postcode=person.postcode,
    )
    known_ids = set(known.filter(pk__in=[match.pk for match in matches]).values_list("pk", flat=True))
    known_matches = [match for match in matches if match.pk in known_ids]
    if not nhs_number and same_as is not None:
        return _use_confirmed_match(same_as=same_as, matches=known_matches, **linked)
    if known_matches and not nhs_number and duplicate_decision is None:
        raise PossibleDuplicate([match.pk for match in known_matches])
    try:
        return _insert(person=person, likely_matches=matches, **linked)
    except DomainError:
        # Registered by a concurrent request between our look-up and insert: resolve again against it.
        return person_resolve(details=details, duplicate_decision=duplicate_decision, **linked)


def _resolve_held_nhs_number(nhs_number, *, details, known, linked) -> Person | None:
    """The person for an NHS number some record already holds, or None if none does."""
    holder = _holder_of(nhs_number)
    with transaction.atomic():
        if holder is not None:
            # Referrals for one held NHS number take turns: a second from the same organisation then
            # finds the record the first made, rather than making another.
            Person.objects.select_for_update().filter(pk=holder.pk).first()
        known_holder = _holder_of(nhs_number, among=known)
        if known_holder is not None:
            if _same_identity(known_holder, details):
                return _link(person=known_holder, **linked)
            # An NHS number typed with someone else's name or date of birth never opens their record:
            # the details become a new record, paired with the holder for a team lead to check.
            return _insert(
                person=_validated(details | {"nhs_number": ""}), likely_matches=[known_holder], **linked
            )
        if holder is None:
            return None
        # Held by a record this organisation cannot see: a new record keeps what they typed (ADR 0014).
        person = _validated(details)
        person.nhs_number_unconfirmed = True
        return _insert(person=person, likely_matches=[holder], **linked)


@transaction.atomic
def duplicate_candidate_dismiss(*, by: Actor, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """A team lead's answer "not the same person": the pair leaves the review list."""
    if not rules.can_merge_people(by):
        raise DomainError("Only a team lead can decide whether two records are the same person")
    current = DuplicateCandidate.objects.select_for_update().filter(pk=candidate.pk).visible_to(by).first()
    if current is None or current.status != DuplicateCandidate.Status.OPEN:
        raise DomainError("This pair of records has already been decided")
    current.status = DuplicateCandidate.Status.DISMISSED
    current.decided_by = by.user
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=by,
        action="person.duplicate_dismiss",
        target=current,
        person_id=current.person_id,
        details={"candidate": str(current.candidate_id)},
    )
    return current


def _parse_decision(decision):
    """The person id chosen by a "same:<id>" decision, or None for no decision or "new"."""
    if decision is None or decision == NEW_PERSON:
        return None
    if decision.startswith(SAME_PERSON_PREFIX):
        try:
            return uuid.UUID(decision.removeprefix(SAME_PERSON_PREFIX))
        except ValueError:
            pass
    raise DomainError("Say whether this is the same person or a new one", field="duplicate_decision")


def _use_confirmed_match(*, by, same_as, matches, organisation, basis, source):
    chosen = next((match for match in matches if match.pk == same_as), None)
    if chosen is None:
        raise DomainError(
            "The person you chose does not match these details. Check the details and try again.",
            field="duplicate_decision",
        )
    with transaction.atomic():
        _link(by=by, person=chosen, organisation=organisation, basis=basis, source=source)
        audit_record(actor=by, action="person.match_confirmed", target=chosen, person_id=chosen.pk)
    return chosen


def _holder_of(nhs_number, among=None):
    """The record holding the NHS number: among the given people (confirmed first), or the one confirmed."""
    people = Person.objects.filter(nhs_number_unconfirmed=False) if among is None else among
    return (
        people.filter(nhs_number=nhs_number, merged_into__isnull=True)
        .order_by("nhs_number_unconfirmed", "created_at")
        .first()
    )


def _same_identity(person, details) -> bool:
    """Whether typed details agree with a record on date of birth and last name (case and spacing aside)."""
    typed_family_name = " ".join(str(details.get("family_name", "")).split()).casefold()
    return (
        details.get("date_of_birth") == person.date_of_birth
        and typed_family_name == person.family_name.casefold()
    )


def _link(*, by, person, organisation, basis, source):
    relationship_grant(by=by, person=person, organisation=organisation, basis=basis, source=source)
    return person


def _validated(details) -> Person:
    person = Person(**details)
    person.nhs_number = normalise_nhs_number(person.nhs_number)
    person.postcode = normalise_postcode(person.postcode)
    person.given_name = " ".join(person.given_name.split())
    person.family_name = " ".join(person.family_name.split())
    person.full_clean(validate_unique=False, validate_constraints=False)
    return person


def _insert(*, by, person, organisation, basis, source, likely_matches=()) -> Person:
    try:
        with transaction.atomic():
            person.save(force_insert=True)
            relationship_grant(by=by, person=person, organisation=organisation, basis=basis, source=source)
            audit_record(actor=by, action="person.create", target=person, person_id=person.pk)
            for match in likely_matches:
                _record_candidate(by=by, person=person, candidate=match)
    except IntegrityError as error:
        if person.nhs_number and _holder_of(person.nhs_number) is not None:
            raise DomainError(
                "A person with this NHS number is already recorded. Search for them instead.",
                field="nhs_number",
            ) from error
        raise
    return person


def _record_candidate(*, by, person, candidate):
    pair = DuplicateCandidate.objects.create(person=person, candidate=candidate)
    audit_record(
        actor=by,
        action="person.duplicate_candidate",
        target=pair,
        person_id=person.pk,
        details={"candidate": str(candidate.pk)},
    )


# What a link worker or team lead may correct on a person's record. Name, date of birth and NHS number
# identify the person: they are changed only through a merge (ADR 0005), never by a quick edit.
CORRECTABLE_DETAILS = (
    "preferred_name",
    "sex",
    "gender_identity",
    "ethnicity",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "preferred_contact_method",
    "contact_times",
    "preferred_language",
    "needs_interpreter",
    "preferred_worker_gender",
    "registered_practice",
)


@transaction.atomic
def person_details_update(*, by: Actor, person: Person, expected_version: int, values: dict) -> Person:
    """Correct a person's details; refused with StaleEdit if someone saved them since the page opened.

    The audit records which fields changed, not their values (the record itself holds those).
    """
    if not rules.can_correct_person_details(by):
        raise DomainError("Only link workers and team leads can correct a person's details")
    unknown = set(values) - set(CORRECTABLE_DETAILS)
    if unknown:
        raise DomainError(f"These details cannot be changed here: {', '.join(sorted(unknown))}")
    if "postcode" in values:
        values = values | {"postcode": normalise_postcode(values["postcode"])}
    changed = sorted(name for name, value in values.items() if getattr(person, name) != value)
    if not changed:
        return person  # the same form sent twice: nothing to overwrite
    person = update_if_unchanged(
        person, expected_version=expected_version, values={n: values[n] for n in changed}
    )
    audit_record(
        actor=by,
        action="person.details_update",
        target=person,
        person_id=person.pk,
        details={"changed": changed},
    )
    return person
