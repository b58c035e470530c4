"""import_openreferral and export_openreferral: by id, idempotent, all or nothing, and a true round trip."""

import json
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from linkwork.core.models import AuditEvent
from linkwork.demo.directory import directory_seed
from linkwork.directory.models import (
    DirectoryOrganisation,
    Location,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from linkwork.testing.directory import category, directory_add, listing, session
from linkwork.testing.factories import SYSTEM

pytestmark = pytest.mark.django_db


def run(command, *args):
    output = StringIO()
    call_command(command, *args, stdout=output)
    return output.getvalue()


def write(tmp_path, document, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


def export(tmp_path, name="export.json"):
    path = tmp_path / name
    run("export_openreferral", str(path))
    return json.loads(path.read_text())


def empty_the_directory():
    Service.objects.all().delete()
    TaxonomyTerm.objects.filter(parent__isnull=False).delete()
    for model in (Location, DirectoryOrganisation, TaxonomyTerm, Taxonomy):
        model.objects.all().delete()


@pytest.fixture
def exported(tmp_path):
    """Two services exported as ORUK JSON, then removed, so imports start from an empty directory."""
    directory_add(
        listing("Walking group", categories=("physical_activity",), languages=[("pl", "Polish")]),
        listing("Debt advice", categories=("debt",), cost=2.5),
    )
    services = export(tmp_path)
    empty_the_directory()
    return services


@pytest.mark.parametrize("shape", ["list", "page", "single"])
def test_a_list_a_page_or_a_single_service_imports(tmp_path, exported, shape):
    document = {
        "list": exported,
        "page": {"total_items": 2, "page_number": 1, "contents": exported},
        "single": exported[0],
    }[shape]

    run("import_openreferral", write(tmp_path, document))

    assert Service.objects.count() == (1 if shape == "single" else 2)


def test_importing_twice_changes_nothing_the_second_time(tmp_path, exported):
    feed = write(tmp_path, exported)
    run("import_openreferral", feed)
    before = list(Service.objects.values_list("id", "last_modified", "search_text"))
    audits = AuditEvent.objects.count()

    output = run("import_openreferral", feed)

    assert "Imported 2 services: 0 new, 0 updated, 2 unchanged." in output
    assert list(Service.objects.values_list("id", "last_modified", "search_text")) == before
    assert AuditEvent.objects.count() == audits


def test_a_later_feed_updates_records_by_id(tmp_path, exported):
    run("import_openreferral", write(tmp_path, exported))
    exported[0]["name"] = "Renamed group"
    exported[0]["linkwork"]["capacity_status"] = "no_capacity"

    output = run("import_openreferral", write(tmp_path, exported))

    service = Service.objects.get(pk=exported[0]["id"])
    assert (service.name, service.capacity_status) == ("Renamed group", "no_capacity")
    assert "0 new, 1 updated, 1 unchanged" in output


def test_an_import_is_audited_once_as_the_system(tmp_path, exported):
    feed = write(tmp_path, exported)

    run("import_openreferral", feed)

    event = AuditEvent.objects.get(action="directory.import", details__source=feed)
    assert (event.role, event.details) == (
        "system",
        {"source": feed, "services": 2, "created": 2, "updated": 0},
    )


@pytest.mark.parametrize(
    ("break_it", "field"),
    [
        (lambda service: service.update(status="open"), "status"),
        (
            lambda service: service["service_at_locations"][0]["schedules"][0].update(opens_at="25:99"),
            "service_at_locations[0].schedules[0].opens_at",
        ),
        (
            lambda service: service["service_at_locations"][0]["location"].update(location_type="shed"),
            "service_at_locations[0].location.location_type",
        ),
        (lambda service: service["cost_options"][0].update(amount="two pounds"), "cost_options[0].amount"),
        (lambda service: service["linkwork"].update(capacity_status="plenty"), "capacity_status"),
        (lambda service: service.update(linkwork="plenty"), "linkwork"),
        (lambda service: service.pop("organization"), "organization"),
        (lambda service: service.update(id="not-a-uuid"), "id"),
    ],
)
def test_a_malformed_record_imports_nothing_and_names_the_record_and_field(
    tmp_path, exported, break_it, field
):
    break_it(exported[1])
    audits = AuditEvent.objects.count()

    with pytest.raises(CommandError) as refused:
        run("import_openreferral", write(tmp_path, exported))

    message = str(refused.value)
    assert message.startswith("Nothing was imported.")
    assert f"Service {exported[1]['id']}" in message
    assert field in message
    assert Service.objects.count() == 0
    assert DirectoryOrganisation.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_a_service_listed_twice_is_refused(tmp_path, exported):
    with pytest.raises(CommandError, match="lists this service twice"):
        run("import_openreferral", write(tmp_path, [exported[0], exported[0]]))

    assert Service.objects.count() == 0


@pytest.mark.parametrize("content", ["{not json", '"just a string"', "{}"])
def test_a_file_that_is_not_a_feed_is_refused(tmp_path, db, content):
    path = tmp_path / "feed.json"
    path.write_text(content)

    with pytest.raises(CommandError, match="Nothing was imported"):
        run("import_openreferral", str(path))


def test_a_missing_file_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="Could not read"):
        run("import_openreferral", str(tmp_path / "missing.json"))


@pytest.mark.django_db(transaction=True)
def test_a_paged_api_is_followed_to_its_last_page(live_server):
    directory_add(*[listing(f"Group {number}") for number in range(3)])

    output = run("import_openreferral", f"{live_server.url}/openreferral/services?per_page=2")

    assert "Page 1 of 2" in output
    assert "Page 2 of 2" in output
    assert "Imported 3 services: 0 new, 0 updated, 3 unchanged." in output


@pytest.mark.django_db(transaction=True)
def test_an_address_that_does_not_answer_is_refused(live_server):
    with pytest.raises(CommandError, match="Could not read"):
        run("import_openreferral", f"{live_server.url}/openreferral/no-such-endpoint")


def test_export_then_import_into_an_empty_directory_then_export_gives_the_same_json(tmp_path):
    directory_seed(by=SYSTEM)
    walking = {**category("walking"), "parent_id": category("physical_activity")["id"]}
    record = listing(
        "Parented", categories=("physical_activity",), sessions=[session("SA", "09:30", "10:15")]
    )
    record["categories"].append({"id": category("link")["id"], "taxonomy_term": walking})
    record["schedules"] = [session("SU", "14:00", "15:00")]
    directory_add(record)
    first = export(tmp_path, "first.json")
    empty_the_directory()

    run("import_openreferral", str(tmp_path / "first.json"))

    assert export(tmp_path, "second.json") == first
    assert len(first) == Service.objects.count() == 34


def test_every_exported_service_is_valid(tmp_path, assert_valid):
    directory_seed(by=SYSTEM)

    for service in export(tmp_path):
        assert_valid(service, path="/services/{id}")


def test_a_feed_that_leaves_a_list_out_leaves_that_part_alone(tmp_path, exported):
    run("import_openreferral", write(tmp_path, exported))
    walking = next(service for service in exported if service["name"] == "Walking group")
    one_to_one = {key: value for key, value in walking.items() if not isinstance(value, list)}

    run("import_openreferral", write(tmp_path, [one_to_one | {"name": "Renamed group"}]))

    service = Service.objects.get(pk=walking["id"])
    assert service.name == "Renamed group"
    assert service.schedules.count() == 1
    assert service.languages.count() == 2
    assert service.category_links.count() == 1


def test_a_feed_that_gives_an_empty_list_empties_it(tmp_path, exported):
    run("import_openreferral", write(tmp_path, exported))
    exported[0]["languages"] = []
    exported[0]["service_at_locations"][0]["schedules"] = []

    run("import_openreferral", write(tmp_path, exported))

    service = Service.objects.get(pk=exported[0]["id"])
    assert (service.languages.count(), service.schedules.count()) == (0, 0)
    assert service.service_at_locations.count() == 1


@pytest.mark.parametrize("opens_at", ["09:00Z", "09:00+01:00", "09:00:00-05:00", "09:00"])
def test_times_with_a_time_zone_are_read_as_the_clock_time_written(tmp_path, exported, opens_at):
    exported[0]["service_at_locations"][0]["schedules"][0].update(opens_at=opens_at, closes_at="23:30Z")

    run("import_openreferral", write(tmp_path, exported))

    schedule = Service.objects.get(pk=exported[0]["id"]).schedules.get()
    assert (schedule.opens_at.isoformat(), schedule.closes_at.isoformat()) == ("09:00:00", "23:30:00")


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", 90.5), ("latitude", -91), ("longitude", 180.01), ("longitude", -200)],
)
def test_coordinates_off_the_globe_are_refused_naming_the_field(tmp_path, exported, field, value):
    exported[1]["service_at_locations"][0]["location"][field] = value

    with pytest.raises(CommandError) as refused:
        run("import_openreferral", write(tmp_path, exported))

    assert f"Service {exported[1]['id']}: service_at_locations[0].location.{field}: {value}" in str(
        refused.value
    )
    assert Service.objects.count() == 0


def test_a_partial_import_saves_the_good_records_and_names_each_bad_one(tmp_path, exported):
    good, bad = exported
    bad["service_at_locations"][0]["location"]["latitude"] = 123
    second_bad = {**good, "id": "8a0c2f5e-1d3b-4e5f-9a6b-7c8d9e0f1a2b", "status": "open"}
    feed = write(tmp_path, [good, bad, second_bad])
    errors = StringIO()

    call_command("import_openreferral", feed, "--partial", stdout=StringIO(), stderr=errors)

    assert list(Service.objects.values_list("id", flat=True)) == [uuid.UUID(good["id"])]
    report = errors.getvalue()
    assert "Left out 2 bad records:" in report
    assert f"Service {bad['id']}: service_at_locations[0].location.latitude: 123" in report
    assert f"Service {second_bad['id']}: status:" in report
    event = AuditEvent.objects.get(action="directory.import", details__source=feed)
    assert (event.details["created"], event.details["skipped"]) == (1, 2)


def test_a_partial_import_leaves_out_a_record_the_directory_refuses_when_saving(tmp_path, exported):
    exported[1]["name"] = "x" * 201  # longer than a service name may be: refused on saving, not parsing

    output = StringIO()
    call_command("import_openreferral", write(tmp_path, exported), "--partial", stdout=output, stderr=output)

    assert Service.objects.count() == 1
    assert f"Service {exported[1]['id']}: name:" in output.getvalue()


def test_without_partial_the_same_feed_imports_nothing(tmp_path, exported):
    exported[1]["service_at_locations"][0]["location"]["latitude"] = 123

    with pytest.raises(CommandError, match="Nothing was imported"):
        run("import_openreferral", write(tmp_path, exported))

    assert Service.objects.count() == 0
