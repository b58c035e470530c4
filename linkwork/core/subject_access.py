"""Everything held about one person, found by walking the app registry rather than a list.

Any model with a foreign-key path to the person model is included, however many steps away
(referral -> contact attempts, case -> goal -> progress, ...), so a new app's records join the
export without anyone remembering to add them. Scoped models are read through
`visible_to(actor)`: an organisation answers a subject access request for what it may see.
"""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from .models import AuditEvent
from .scoping import ScopedQuerySet

MAX_DEPTH = 4


def paths_to(person_model):
    """{model: [lookup paths ending at the person's primary key]} for every model that points to people.

    Follows foreign keys and one-to-ones backwards from the person model, up to MAX_DEPTH steps,
    without walking a model's links to itself (a merged record's pointer to its survivor).
    """
    paths = {person_model: ["pk"]}
    frontier = [(person_model, "")]
    for _ in range(MAX_DEPTH):
        reached = []
        for model, prefix in frontier:
            for relation in _reverse_relations(model):
                related = relation.related_model
                if related is model:
                    continue
                path = f"{relation.field.name}__{prefix}" if prefix else relation.field.name
                paths.setdefault(related, []).append(path)
                reached.append((related, path))
        frontier = reached
    return paths


def _reverse_relations(model):
    """Foreign keys and one-to-ones pointing at `model`, including hidden ones (related_name="+")."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]


@dataclass(frozen=True)
class Section:
    label: str
    title: str
    rows: list


def _row(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def subject_access_sections(*, actor, person, extra_person_ids=()):
    """One section per model (by app and name) with every row linked to the person, plus the audit trail
    (events about them, and lists and searches that showed them).

    One query per model, whatever the number of rows. `extra_person_ids` are records merged into
    this one, whose access history belongs to the person too.
    """
    sections = []
    for model, lookups in sorted(paths_to(type(person)).items(), key=lambda item: item[0]._meta.label):
        rows = model._default_manager.all()
        if isinstance(rows, ScopedQuerySet):
            rows = rows.visible_to(actor)
        linked = Q()
        for lookup in lookups:
            linked |= Q(**{lookup: person.pk})
        rows = rows.filter(linked).distinct().order_by("pk")
        sections.append(
            Section(
                model._meta.label,
                str(model._meta.verbose_name_plural).capitalize(),
                [_row(row) for row in rows],
            )
        )
    person_ids = [person.pk, *extra_person_ids]
    events = AuditEvent.objects.about(person_ids).order_by("occurred_at", "id")
    sections.append(
        Section(
            AuditEvent._meta.label,
            "Who has seen or changed the record",
            [_event_row(event, person_ids) for event in events],
        )
    )
    return sections


# What a list or search that showed the person may keep of its details: how it was asked, not what else
# it showed (other people's ids, their cases, duplicate pairs).
_LIST_DETAILS = ("page", "criteria")


def _event_row(event, person_ids):
    """The event as stored, except that a list or search names only this person, and nothing else it showed,
    and without the address of whoever acted (a member of staff's, not the person's)."""
    row = _row(event)
    del row["client_address"]
    if "people" in event.details:
        own = {str(person_id) for person_id in person_ids}
        about_this_person = event.person_id in person_ids
        kept = (
            event.details
            if about_this_person
            else {key: event.details[key] for key in _LIST_DETAILS if key in event.details}
        )
        row["details"] = {**kept, "people": [shown for shown in event.details["people"] if shown in own]}
    return row


def subject_access_json(sections) -> str:
    return json.dumps(
        {section.label: {"title": section.title, "records": section.rows} for section in sections},
        cls=DjangoJSONEncoder,
        indent=2,
    )
