"""Writes to the directory. Every change arrives as a nested service record and lands here.

A service record is a dict shaped like an HSDS 3.0 service with Linkwork's model field names:
the service's own fields, `organisation`, and lists of `categories` (each with its
`taxonomy_term` and that term's `taxonomy`), `service_at_locations` (each with its `location`,
the location's `addresses` and `accessibility`, and the service-at-location's `schedules`),
`schedules`, `cost_options`, `languages`, `service_areas` and `contacts` (each with `phones`).
Every record carries its HSDS `id`. Saving updates rows by id; each list the record gives replaces
that kind of child row (rows it no longer lists are removed), and a list it leaves out altogether
is left as it is (a record with `adds_service_at_locations` adds or updates the service-at-locations
it lists and removes none, as a feed of service-at-locations does). Saving the same record twice
changes nothing.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.services import audit_record, save_if_changed

from . import search_index
from .models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    DirectoryOrganisation,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCategory,
    Taxonomy,
    TaxonomyTerm,
)

# Keys of a service record that are not the service's own fields.
_NESTED = (
    "organisation",
    "categories",
    "service_at_locations",
    "schedules",
    "cost_options",
    "languages",
    "service_areas",
    "contacts",
    "adds_service_at_locations",
)


@dataclass
class ImportCounts:
    """Services saved (created, updated, unchanged), the same for each other kind of record saved on
    its own (`others`: kind -> [created, updated, unchanged]), warnings, and the records skipped."""

    services: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list = field(default_factory=list)
    others: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)

    @property
    def changed(self):
        return (
            self.created
            + self.updated
            + sum(created + updated for created, updated, _ in self.others.values())
        )

    def count(self, kind: str, *, created: bool, changed: bool) -> None:
        tally = self.others.setdefault(kind, [0, 0, 0])
        tally[0 if created else 1 if changed else 2] += 1


@transaction.atomic
def directory_import(
    *,
    by: Actor,
    records: list[dict],
    source: str,
    progress=None,
    owners: dict | None = None,
    organisations: list[dict] = (),
    taxonomies: list[dict] = (),
    terms: list[dict] = (),
    skip_bad: bool = False,
    skipped: list[str] = (),
) -> ImportCounts:
    """Save every service record in one transaction: one bad record and nothing is saved.

    `organisations`, `taxonomies` and `terms` are records of those kinds saved on their own (a feed
    of organisations or of taxonomies), before the services. `owners` maps directory organisation
    ids to the Linkwork organisation that maintains them (imports from outside carry no owner, and
    leave any existing owner as it is). With `skip_bad`, a service that cannot be saved is left out
    and named in `skipped` (after those the caller already left out), and the others are saved.
    `progress(done, total)` is called after each service. One audit row sums up a real change.
    """
    counts = ImportCounts(skipped=list(skipped))
    for taxonomy in taxonomies:
        _, created, changed = _upsert(Taxonomy, taxonomy, label=f"Taxonomy {taxonomy['id']}")
        counts.count("taxonomies", created=created, changed=changed)
    counts.warnings += _terms_save(
        [
            *terms,
            *(category["taxonomy_term"] for record in records for category in record.get("categories", [])),
        ],
        counts=counts,
        counted={str(term["id"]) for term in terms},
    )
    for organisation in organisations:
        _, created, changed = _upsert(
            DirectoryOrganisation, organisation, label=f"Organisation {organisation['id']}"
        )
        counts.count("organisations", created=created, changed=changed)
    for number, record in enumerate(records, start=1):
        try:
            with transaction.atomic():
                created, changed = _service_record_save(record=record, owners=owners or {})
        except DomainError as problem:
            if not skip_bad:
                raise
            counts.skipped.append(problem.message)
            continue
        counts.services += 1
        if created:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
        if progress is not None:
            progress(number, len(records))
    if counts.changed:
        audit_record(
            actor=by,
            action="directory.import",
            details={
                "source": source,
                "services": counts.services,
                "created": counts.created,
                "updated": counts.updated,
                **({"others": counts.others} if counts.others else {}),
                **({"skipped": len(counts.skipped)} if counts.skipped else {}),
            },
        )
    return counts


def _service_record_save(*, record: dict, owners: dict) -> tuple[bool, bool]:
    """Create or update one service and everything attached to it. Returns (created, changed)."""
    label = f"Service {record['id']}"
    organisation_values = dict(record["organisation"])
    owner = owners.get(str(organisation_values["id"]))
    if owner is not None:
        organisation_values["owner"] = owner
    organisation, _, organisation_changed = _upsert(
        DirectoryOrganisation, organisation_values, label=f"{label}, organisation"
    )
    own_fields = {key: value for key, value in record.items() if key not in _NESTED}
    given_last_modified = own_fields.pop("last_modified", None)
    service, created, service_changed = _upsert(
        Service, {**own_fields, "organisation": organisation}, label=label
    )
    children_changed = _children_save(service, record, label=label)
    changed = created or service_changed or children_changed or organisation_changed
    last_modified = given_last_modified or (_now_to_the_millisecond() if changed else service.last_modified)
    if service.last_modified != last_modified:
        Service.objects.filter(pk=service.pk).update(last_modified=last_modified)
        changed = True
    search_index.service_refresh(service)
    return created, changed


def _now_to_the_millisecond():
    """HSDS gives `last_modified` to the millisecond: storing no finer lets a feed of our own records
    re-import without counting as a change."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _children_save(service, record, *, label) -> bool:
    """Each kind of child the record lists replaces that kind; a kind it leaves out stays as it is."""
    changed = False
    adding = record.get("adds_service_at_locations", False)
    for key, save in (
        ("categories", _categories_save),
        ("service_at_locations", _service_at_locations_adding if adding else _service_at_locations_save),
        ("schedules", _general_schedules_save),
        ("cost_options", _simple_children_save(CostOption)),
        ("languages", _simple_children_save(Language)),
        ("service_areas", _simple_children_save(ServiceArea)),
        ("contacts", _contacts_save),
    ):
        if key in record:
            changed |= save(service, record[key], where=f"{label}, {key}")
    return changed


def _categories_save(service, categories, *, where) -> bool:
    # Links the record dropped go first, so a term re-linked under a new id is not a duplicate.
    changed = _remove_others(service.category_links.all(), [category["id"] for category in categories])
    for index, category in enumerate(categories):
        term = TaxonomyTerm.objects.get(pk=category["taxonomy_term"]["id"])
        values = {"id": category["id"], "service": service, "taxonomy_term": term}
        changed |= _child_save(ServiceCategory, values, label=f"{where}[{index}]")
    return changed


def _service_at_locations_adding(service, links, *, where) -> bool:
    return _service_at_locations_save(service, links, where=where, remove_others=False)


def _service_at_locations_save(service, links, *, where, remove_others=True) -> bool:
    changed = False
    for index, link in enumerate(links):
        here = f"{where}[{index}]"
        location, location_changed = _location_save(link["location"], label=f"{here}.location")
        values = {
            "id": link["id"],
            "service": service,
            "location": location,
            "description": link.get("description", ""),
        }
        sal, created, updated = _upsert(ServiceAtLocation, values, label=here)
        changed |= location_changed or created or updated
        if "schedules" in link:
            changed |= _schedules_save(service, link["schedules"], sal=sal, where=f"{here}.schedules")
    if not remove_others:
        return changed
    return _remove_others(service.service_at_locations.all(), [link["id"] for link in links]) or changed


def _general_schedules_save(service, schedules, *, where) -> bool:
    return _schedules_save(service, schedules, sal=None, where=where)


def _schedules_save(service, schedules, *, sal, where) -> bool:
    """The schedules of one service-at-location, or (for `sal` None) the service's general ones."""
    changed = False
    for index, schedule in enumerate(schedules):
        values = {**schedule, "service": service, "service_at_location": sal}
        changed |= _child_save(Schedule, values, label=f"{where}[{index}]")
    mine = service.schedules.filter(service_at_location=sal)
    return _remove_others(mine, [schedule["id"] for schedule in schedules]) or changed


def _simple_children_save(model):
    def save(service, items, *, where) -> bool:
        changed = False
        for index, values in enumerate(items):
            changed |= _child_save(model, {**values, "service": service}, label=f"{where}[{index}]")
        return (
            _remove_others(model.objects.filter(service=service), [item["id"] for item in items]) or changed
        )

    return save


def _contacts_save(service, contacts, *, where) -> bool:
    changed = False
    for index, values in enumerate(contacts):
        here = f"{where}[{index}]"
        own = {key: value for key, value in values.items() if key != "phones"}
        contact, created, updated = _upsert(Contact, {**own, "service": service}, label=here)
        changed |= created or updated
        phones = values.get("phones", [])
        for number, phone in enumerate(phones):
            changed |= _child_save(Phone, {**phone, "contact": contact}, label=f"{here}.phones[{number}]")
        changed |= _remove_others(contact.phones.all(), [phone["id"] for phone in phones])
    return _remove_others(service.contacts.all(), [contact["id"] for contact in contacts]) or changed


def _location_save(values, *, label):
    own = {key: value for key, value in values.items() if key not in ("addresses", "accessibility")}
    location, created, updated = _upsert(Location, own, label=label)
    changed = created or updated
    for key, model in (("addresses", Address), ("accessibility", Accessibility)):
        if key not in values:
            continue
        for index, child in enumerate(values[key]):
            changed |= _child_save(model, {**child, "location": location}, label=f"{label}.{key}[{index}]")
        changed |= _remove_others(
            model.objects.filter(location=location), [child["id"] for child in values[key]]
        )
    return location, changed


def _terms_save(terms: Iterable[dict], *, counts: ImportCounts, counted: set) -> list[str]:
    """Save taxonomies and terms before the services that carry them, parents before children.

    A parent that is neither in the feed nor already in the directory is left off (feeds often
    carry only the terms their services use), with a warning to show whoever ran the import. Terms
    whose ids are in `counted` (a feed of terms) are counted in `counts`.
    """
    pending = {str(term["id"]): term for term in terms}
    saved: set[str] = set()
    warnings = []
    while pending:
        ready = [
            term
            for term in pending.values()
            if term.get("parent_id") is None
            or str(term["parent_id"]) not in pending
            or str(term["parent_id"]) in saved
        ]
        if not ready:
            term = next(iter(pending.values()))
            raise DomainError(f"Taxonomy term {term['id']}: parent_id: the terms' parents form a loop.")
        for term in ready:
            label = f"Taxonomy term {term['id']}"
            taxonomy = None
            if term.get("taxonomy"):
                taxonomy, _, _ = _upsert(Taxonomy, term["taxonomy"], label=f"{label}, taxonomy")
            parent = None
            if term.get("parent_id") is not None:
                parent = TaxonomyTerm.objects.filter(pk=term["parent_id"]).first()
                if parent is None:
                    warnings.append(
                        f"{label}: parent_id {term['parent_id']} is in neither the feed nor the directory, "
                        "so the term was saved without a parent."
                    )
            values = {k: v for k, v in term.items() if k not in ("taxonomy", "parent_id")}
            _, created, changed = _upsert(
                TaxonomyTerm, {**values, "taxonomy": taxonomy, "parent": parent}, label=label
            )
            if str(term["id"]) in counted:
                counts.count("taxonomy terms", created=created, changed=changed)
                counted.discard(str(term["id"]))
            saved.add(str(term["id"]))
            del pending[str(term["id"])]
    return warnings


def _upsert(model, values, *, label):
    """Create the row with this id or bring it up to `values`. Returns (row, created, changed)."""
    values = dict(values)
    pk = values.pop("id")
    instance = model.objects.filter(pk=pk).first()
    created = instance is None
    if created:
        instance = model(id=pk)
    with _naming_the_field(label):
        changes = save_if_changed(instance, values)
    return instance, created, bool(changes)


def _child_save(model, values, *, label) -> bool:
    _, created, changed = _upsert(model, values, label=label)
    return created or changed


def _remove_others(queryset, keep_ids) -> bool:
    deleted, _ = queryset.exclude(pk__in=keep_ids).delete()
    return bool(deleted)


@contextmanager
def _naming_the_field(label):
    """Turn a model validation error into a DomainError naming the record and the field at fault."""
    try:
        yield
    except ValidationError as error:
        problems = getattr(error, "message_dict", {"__all__": error.messages})
        name, messages = next(iter(problems.items()))
        where = "" if name == "__all__" else f"{name}: "
        raise DomainError(f"{label}: {where}{' '.join(messages)}", field=name) from error


# What a listing's owner may change from /my-services/ (times and places come from the feed for now).
LISTING_FIELDS = (
    "description",
    "alert",
    "status",
    "capacity_status",
    "expected_wait_weeks",
    "attendance",
    "referral_method",
    "minimum_age",
    "maximum_age",
    "target_groups",
)


@transaction.atomic
def service_listing_update(*, by: Actor, service: Service, values: dict) -> list[str]:
    """The owner saves their listing: it changes and counts as checked today. Returns the changed fields."""
    unknown = set(values) - set(LISTING_FIELDS)
    if unknown:
        raise DomainError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    return _listing_save(by=by, service=service, values=values, action="directory.listing_update")


@transaction.atomic
def service_listing_confirm(*, by: Actor, service: Service) -> list[str]:
    """The owner confirms the listing is still right: it counts as checked today."""
    return _listing_save(by=by, service=service, values={}, action="directory.listing_confirm")


def _listing_save(*, by, service, values, action):
    service = Service.objects.select_for_update().get(pk=service.pk)
    checked = {"last_verified_on": timezone.localdate()}
    if by.user is not None and by.user.email:
        checked["assurer_email"] = by.user.email
    try:
        changes = save_if_changed(service, {**values, **checked})
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(" ".join(messages), field=field) from error
    if changes:
        Service.objects.filter(pk=service.pk).update(last_modified=_now_to_the_millisecond())
        search_index.service_refresh(service)
        audit_record(actor=by, action=action, target=service, details={"fields": changes})
    return changes
