"""Saving service records: by id, idempotent, all or nothing, with errors that name the field."""

import datetime

import pytest

from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.directory.models import DirectoryOrganisation, Schedule, Service, ServiceCategory, TaxonomyTerm
from linkwork.directory.services import directory_import
from linkwork.testing.directory import category, directory_add, listing, session
from linkwork.testing.factories import SYSTEM

pytestmark = pytest.mark.django_db


def test_a_record_creates_the_service_with_everything_attached():
    record = listing(
        "Walking group", categories=("physical_activity", "community"), languages=[("pl", "Polish")]
    )

    (service,) = directory_add(record)

    assert service.organisation.name == "Community Group"
    assert sorted(term.code for term in service.categories.all()) == ["community", "physical_activity"]
    assert service.schedules.get().service_at_location.location.addresses.get().postal_code == "NE4 9ZZ"
    assert sorted(service.languages.values_list("code", flat=True)) == ["en", "pl"]
    assert service.contacts.get().phones.get().number == "0191 498 0000"


def test_saving_the_same_records_again_changes_nothing():
    records = [listing("Walking group"), listing("Debt advice")]
    directory_import(by=SYSTEM, records=records, source="test")
    modified = dict(Service.objects.values_list("id", "last_modified"))
    audits = AuditEvent.objects.count()

    counts = directory_import(by=SYSTEM, records=records, source="test")

    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 2)
    assert dict(Service.objects.values_list("id", "last_modified")) == modified
    assert AuditEvent.objects.count() == audits


def test_one_audit_row_sums_up_an_import_that_changed_something():
    directory_import(by=SYSTEM, records=[listing("A"), listing("B")], source="feed.json")

    event = AuditEvent.objects.get(action="directory.import")
    assert event.role == "system"
    assert event.details == {"source": "feed.json", "services": 2, "created": 2, "updated": 0}


def test_a_changed_record_updates_in_place_and_drops_children_it_no_longer_lists():
    record = listing("Walking group", sessions=[session("MO"), session("TH")])
    (service,) = directory_add(record)
    before = service.last_modified
    kept = record["service_at_locations"][0]["schedules"][0]
    record["service_at_locations"][0]["schedules"] = [kept]

    counts = directory_import(
        by=SYSTEM, records=[{**record, "capacity_status": "no_capacity"}], source="test"
    )

    service.refresh_from_db()
    assert counts.updated == 1
    assert service.capacity_status == "no_capacity"
    assert list(Schedule.objects.values_list("id", flat=True)) == [kept["id"]]
    assert service.last_modified > before


def test_a_category_relinked_under_a_new_id_replaces_the_old_link():
    record = listing("Walking group", categories=("physical_activity",))
    directory_add(record)
    record["categories"][0]["id"] = category("x")["id"]

    directory_import(by=SYSTEM, records=[record], source="test")

    assert ServiceCategory.objects.get().id == category("x")["id"]


def test_a_bad_record_saves_nothing_and_names_the_record_and_the_field():
    good = listing("Walking group")
    bad = listing("Debt advice", minimum_age=60, maximum_age=40)

    with pytest.raises(DomainError) as refused:
        directory_import(by=SYSTEM, records=[good, bad], source="test")

    assert str(bad["id"]) in refused.value.message
    assert "maximum_age" in refused.value.message
    assert Service.objects.count() == 0
    assert DirectoryOrganisation.objects.count() == 0
    assert AuditEvent.objects.filter(action="directory.import").count() == 0


def test_a_bad_nested_value_names_where_it_is():
    record = listing("Walking group", sessions=[session("MO", "12:00", "10:00")])

    with pytest.raises(DomainError) as refused:
        directory_add(record)

    assert "service_at_locations[0].schedules[0]" in refused.value.message
    assert "closes_at" in refused.value.message


def test_unknown_codes_are_refused():
    with pytest.raises(DomainError) as refused:
        directory_add(listing("Walking group", capacity_status="plenty"))

    assert "capacity_status" in refused.value.message


def test_a_term_whose_parent_is_nowhere_is_saved_without_it_and_says_so():
    record = listing("Walking group", categories=("walking",))
    record["categories"][0]["taxonomy_term"] = {**category("walking"), "parent_id": category("missing")["id"]}

    counts = directory_import(by=SYSTEM, records=[record], source="test")

    assert TaxonomyTerm.objects.get().parent is None
    assert counts.warnings == [
        f"Taxonomy term {category('walking')['id']}: parent_id {category('missing')['id']} is in neither "
        "the feed nor the directory, so the term was saved without a parent."
    ]


def test_parents_are_saved_before_their_children_whatever_the_order():
    child = {**category("walking"), "parent_id": category("physical_activity")["id"]}
    record = listing("Walking group", categories=())
    record["categories"] = [{"id": category("a")["id"], "taxonomy_term": child}]
    parent_record = listing("Gym", categories=("physical_activity",))

    directory_add(record, parent_record)

    assert TaxonomyTerm.objects.get(code="walking").parent.code == "physical_activity"


def test_owners_are_set_only_for_the_organisations_named(world):
    vcse = world.organisations["vcse_a"]
    record = listing("Walking group", organisation_name="Walking Group A")
    organisation_id = str(record["organisation"]["id"])

    directory_add(record, owners={organisation_id: vcse})
    directory_add(record)

    assert DirectoryOrganisation.objects.get().owner == vcse


def test_capacity_label_gives_the_expected_wait():
    (service,) = directory_add(listing("Counselling", capacity_status="waiting_list", expected_wait_weeks=6))

    assert service.capacity_label == "Waiting list: about 6 weeks"


def test_an_expected_wait_needs_a_waiting_list():
    with pytest.raises(DomainError, match="expected_wait_weeks"):
        directory_add(listing("Counselling", capacity_status="has_capacity", expected_wait_weeks=6))


@pytest.mark.parametrize(("days_ago", "stale"), [(0, False), (183, False), (184, True)])
def test_a_listing_is_stale_after_six_months_without_verification(days_ago, stale):
    today = datetime.date(2026, 6, 1)
    (service,) = directory_add(listing("Group", last_verified_on=today - datetime.timedelta(days=days_ago)))

    assert service.is_stale(today) is stale


def test_a_listing_never_verified_is_stale():
    (service,) = directory_add(listing("Group", last_verified_on=None))

    assert service.is_stale()
