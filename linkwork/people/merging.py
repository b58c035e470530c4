"""Merging two records of one person, and undoing it exactly.

Rows in any app that point at the duplicate move to the survivor. They are found through
`Person._meta.related_objects`, so later apps (referrals, casework, ...) are covered without this
app importing them. What moved is kept in the PersonMerge row, and an undo moves exactly that back.
"""

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, UniqueConstraint
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record

from . import rules
from .models import DuplicateCandidate, LegitimateRelationship, Person, PersonMerge
from .vocabulary import EthnicCategory, Sex

# The merge's own records and the merge pointer stay where they are: they describe the merge.
_BOOKKEEPING_MODELS = frozenset({Person, DuplicateCandidate, PersonMerge})
_NOT_FILLED = frozenset({"id", "created_at", "updated_at", "merged_into", "nhs_number_unconfirmed"})
# Values that mean "nobody told us", besides empty ones.
_UNKNOWN_VALUES = {"sex": Sex.NOT_KNOWN, "ethnicity": EthnicCategory.NOT_KNOWN}


def movable_relations():
    """Every foreign key from another model to Person, which a merge moves to the survivor.

    A one-to-one or many-to-many link to Person would need its own rule (two rows cannot both
    belong to one person, or the link table must be rewritten), so one is refused loudly here.
    """
    relations = []
    # include_hidden: links declared with related_name="+" (messages, opt-outs) belong to the person too.
    reverse_links = [
        field
        for field in Person._meta.get_fields(include_hidden=True)
        if field.is_relation and field.auto_created and not field.concrete
    ]
    for relation in reverse_links:
        if relation.related_model in _BOOKKEEPING_MODELS:
            continue
        if not relation.one_to_many:
            raise TypeError(
                f"A person merge cannot move {relation.related_model._meta.label}.{relation.name}"
            )
        relations.append(relation)
    return relations


@transaction.atomic
def person_merge(*, by: Actor, survivor: Person, duplicate: Person, reason: str) -> PersonMerge:
    """Fold `duplicate` into `survivor`: its links and records move, blanks are filled, it disappears."""
    _check_actor(by, reason)
    if survivor.pk == duplicate.pk:
        raise DomainError("Choose two different records to merge")
    survivor, duplicate = _locked(survivor.pk, duplicate.pk)
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise DomainError("One of these records has already been merged into another record")
    if Person.objects.visible_to(by).filter(pk__in=[survivor.pk, duplicate.pk]).count() != 2:
        raise DomainError("You can only merge records of people your organisation supports")
    if survivor.nhs_number and duplicate.nhs_number and survivor.nhs_number != duplicate.nhs_number:
        raise DomainError(
            "These records have different NHS numbers, so they cannot be merged. "
            "Check the NHS numbers with the person's GP practice."
        )
    # The duplicate steps aside first, so the survivor may take its NHS number.
    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into", "updated_at"])
    relations = movable_relations()
    moved, ended = _move_rows(source=duplicate, target=survivor, relations=relations)
    filled = _fill_blanks(survivor=survivor, duplicate=duplicate)
    nhs_number_standing = _settle_nhs_number(survivor=survivor, duplicate=duplicate, filled=filled)
    changed = [item["field"] for item in filled] + (["nhs_number_unconfirmed"] if nhs_number_standing else [])
    if changed:
        # One save, so a filled NHS number never stands for a moment as confirmed beside its holder.
        survivor.save(update_fields=[*changed, "updated_at"])
    closed = _close_candidates(by=by, first=survivor, second=duplicate)
    merge = PersonMerge.objects.create(
        survivor=survivor,
        duplicate=duplicate,
        by=by.user,
        reason=reason.strip(),
        changes={
            "moved": moved,
            "ended": ended,
            "filled": filled,
            "candidates": closed,
            "relations": [_relation_label(relation) for relation in relations],
            "nhs_number_unconfirmed": nhs_number_standing,
        },
    )
    details = {"merge": str(merge.pk), "moved": len(moved), "filled": [item["field"] for item in filled]}
    _audit_both(by, ("person.merge", "person.merged_into"), merge, survivor, duplicate, merge.reason, details)
    return merge


@transaction.atomic
def person_unmerge(*, by: Actor, merge: PersonMerge, reason: str) -> PersonMerge:
    """Undo a merge: what moved goes back, filled fields are emptied, the duplicate reappears.

    Rows added to the survivor since the merge stay with it. A filled field someone has changed
    since is kept, and named in the audit.
    """
    _check_actor(by, reason)
    merge = PersonMerge.objects.select_for_update().visible_to(by).filter(pk=merge.pk).first()
    if merge is None:
        raise DomainError("You can only undo merges of people your organisation supports")
    if merge.is_reversed:
        raise DomainError("This merge has already been undone")
    survivor, duplicate = _locked(merge.survivor_id, merge.duplicate_id)
    kept = _empty_filled(survivor=survivor, duplicate=duplicate, filled=merge.changes["filled"])
    standing = merge.changes.get("nhs_number_unconfirmed")
    if standing:
        # Before the duplicate comes back, so the two never hold one confirmed NHS number at once.
        survivor.nhs_number_unconfirmed = standing["was"]
        survivor.save(update_fields=["nhs_number_unconfirmed", "updated_at"])
    _move_back(merge.changes["moved"], survivor=survivor, duplicate=duplicate)
    for item in merge.changes["ended"]:
        LegitimateRelationship.objects.filter(pk=item["pk"]).update(
            ended_at=parse_datetime(item["ended_at"]) if item["ended_at"] else None
        )
    DuplicateCandidate.objects.filter(pk__in=merge.changes["candidates"]).update(
        status=DuplicateCandidate.Status.OPEN, decided_by=None, decided_at=None, updated_at=timezone.now()
    )
    duplicate.merged_into = None
    duplicate.save(update_fields=["merged_into", "updated_at"])
    merge.reversed_at = timezone.now()
    merge.reversed_by = by.user
    merge.reversal_reason = reason.strip()
    merge.save(update_fields=["reversed_at", "reversed_by", "reversal_reason", "updated_at"])
    details = {"merge": str(merge.pk), "kept": kept}
    _audit_both(
        by,
        ("person.unmerge", "person.unmerged_from"),
        merge,
        survivor,
        duplicate,
        merge.reversal_reason,
        details,
    )
    return merge


def _audit_both(by, actions, merge, survivor, duplicate, reason, details):
    """One event in each person's trail, so "who has seen or changed this record" finds it from either side."""
    survivor_action, duplicate_action = actions
    audit_record(
        actor=by,
        action=survivor_action,
        target=merge,
        person_id=survivor.pk,
        reason=reason,
        details=details | {"duplicate": str(duplicate.pk)},
    )
    audit_record(
        actor=by,
        action=duplicate_action,
        target=merge,
        person_id=duplicate.pk,
        reason=reason,
        details=details | {"survivor": str(survivor.pk)},
    )


def _check_actor(by, reason):
    if not rules.can_merge_people(by):
        raise DomainError("Only a team lead can merge records or undo a merge")
    if not (reason or "").strip():
        raise DomainError("Give a reason", field="reason")


def _locked(survivor_id, duplicate_id):
    """Both records, locked so two team leads cannot merge the same person at once."""
    people = Person.objects.select_for_update().filter(pk__in=[survivor_id, duplicate_id])
    by_id = {person.pk: person for person in people}
    return by_id[survivor_id], by_id[duplicate_id]


def _relation_label(relation):
    return f"{relation.related_model._meta.label_lower}.{relation.field.name}"


def _move_rows(*, source, target, relations):
    moved, ended = [], []
    for relation in relations:
        model, field = relation.related_model, relation.field.name
        if model is LegitimateRelationship:
            rows, ended = _set_aside_relationship_clashes(source, target)
        else:
            rows = _without_clashes(model, field, source, target)
        pks = list(rows.values_list("pk", flat=True))
        _update_guarded(model, pks, field, target)
        moved += [{"model": model._meta.label_lower, "pk": str(pk), "field": field} for pk in pks]
    return moved, ended


def _set_aside_relationship_clashes(source, target):
    """A link the survivor already has is ended on the duplicate instead of moved: it would clash."""
    same_link_on_target = LegitimateRelationship.objects.filter(
        person=target,
        organisation=OuterRef("organisation"),
        basis=OuterRef("basis"),
        source=OuterRef("source"),
    )
    rows = LegitimateRelationship.objects.filter(person=source)
    clashing = rows.filter(Exists(same_link_on_target))
    ended = [
        {"pk": pk, "ended_at": ended_at.isoformat() if ended_at else None}
        for pk, ended_at in clashing.current().values_list("pk", "ended_at")
    ]
    LegitimateRelationship.objects.filter(pk__in=[item["pk"] for item in ended]).update(
        ended_at=timezone.now()
    )
    return rows.exclude(Exists(same_link_on_target)), ended


def _without_clashes(model, field, source, target):
    """The duplicate's rows to move, less any the survivor already has an equal of under a unique rule
    on the person (e.g. both opted out of texts): that row stays on the duplicate, and the survivor's says
    the same."""
    rows = model._base_manager.filter(**{field: source})
    for constraint in model._meta.constraints:
        if (
            isinstance(constraint, UniqueConstraint)
            and field in constraint.fields
            and constraint.condition is None
        ):
            same = {other: OuterRef(other) for other in constraint.fields if other != field}
            rows = rows.exclude(Exists(model._base_manager.filter(**{field: target}, **same)))
    return rows


def _update_guarded(model, pks, field, person):
    try:
        with transaction.atomic():
            model._base_manager.filter(pk__in=pks).update(**{field: person})
    except IntegrityError as error:
        raise DomainError(
            f"These records cannot be combined: both have {model._meta.verbose_name_plural} that clash"
        ) from error


def _move_back(moved, *, survivor, duplicate):
    groups = {}
    for item in moved:
        groups.setdefault((item["model"], item["field"]), []).append(item["pk"])
    for (label, field), pks in groups.items():
        model = apps.get_model(label)
        still_on_survivor = model._base_manager.filter(pk__in=pks, **{field: survivor})
        _update_guarded(model, list(still_on_survivor.values_list("pk", flat=True)), field, duplicate)


def _fillable_fields():
    return [field for field in Person._meta.concrete_fields if field.name not in _NOT_FILLED]


def _is_blank(field, value):
    return value in field.empty_values or _UNKNOWN_VALUES.get(field.name) == value


def _fill_blanks(*, survivor, duplicate):
    filled = []
    for field in _fillable_fields():
        ours, theirs = getattr(survivor, field.attname), getattr(duplicate, field.attname)
        if _is_blank(field, ours) and not _is_blank(field, theirs):
            filled.append({"field": field.attname, "was": ours})
            setattr(survivor, field.attname, theirs)
    return filled


def _settle_nhs_number(*, survivor, duplicate, filled) -> dict:
    """Whether the survivor's NHS number is unconfirmed after the merge; returns {"was": ...} if that changed.

    A number taken from the duplicate keeps its standing; one both records hold is confirmed if either's
    was, since the team lead has now said they are one person (ADR 0014).
    """
    if any(item["field"] == "nhs_number" for item in filled):
        unconfirmed = duplicate.nhs_number_unconfirmed
    elif survivor.nhs_number and survivor.nhs_number == duplicate.nhs_number:
        unconfirmed = survivor.nhs_number_unconfirmed and duplicate.nhs_number_unconfirmed
    else:
        return {}
    was = survivor.nhs_number_unconfirmed
    if unconfirmed == was:
        return {}
    survivor.nhs_number_unconfirmed = unconfirmed
    return {"was": was}


def _empty_filled(*, survivor, duplicate, filled):
    """Return filled fields to their earlier value unless changed since; names the ones kept."""
    emptied, kept = [], []
    for item in filled:
        name = item["field"]
        if getattr(survivor, name) == getattr(duplicate, name):
            setattr(survivor, name, item["was"])
            emptied.append(name)
        else:
            kept.append(name)
    if emptied:
        survivor.save(update_fields=[*emptied, "updated_at"])
    return kept


def _close_candidates(*, by, first, second):
    pairs = DuplicateCandidate.objects.open().between(first, second)
    closed = [str(pk) for pk in pairs.values_list("pk", flat=True)]
    now = timezone.now()
    pairs.update(status=DuplicateCandidate.Status.MERGED, decided_by=by.user, decided_at=now, updated_at=now)
    return closed
