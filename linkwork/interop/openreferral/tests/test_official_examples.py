"""Each official ORUK 3.0 example file imports as its own kind of record, or is refused with a
message naming the record and field; what Linkwork used to drop survives the round trip."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from linkwork.directory.models import (
    DirectoryOrganisation,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

from .conftest import STANDARD

pytestmark = pytest.mark.django_db

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
SERVICE_AT_LOCATION_ID = "e94c9f38-1e8f-4564-91d4-d53501ab1765"
ORGANISATION_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
TERM_ID = "3f7b145d-84af-42d7-8fae-eaca714b02b2"
TAXONOMY_ID = "5c4d79d7-cc55-470e-9f1f-8cad074e4892"
# The examples place their location at latitude 100, longitude 101, which is nowhere on earth.
OFF_THE_MAP = "latitude: 100 is not between -90 and 90 degrees"

# File: what importing it as published does (a count line, or the start of the refusal).
EXAMPLES = {
    "organization_full.json": f"Service {SERVICE_ID}: service_at_locations[0].location.{OFF_THE_MAP}",
    "organization_list.json": "Imported 1 organisations: 1 new, 0 updated, 0 unchanged.",
    "service_at_location_full.json": f"Service-at-location {SERVICE_AT_LOCATION_ID}: location.{OFF_THE_MAP}",
    "service_at_location_list.json": f"Service-at-location {SERVICE_AT_LOCATION_ID}: location.{OFF_THE_MAP}",
    "service_full.json": f"Service {SERVICE_ID}: service_at_locations[0].location.{OFF_THE_MAP}",
    "service_list.json": "Imported 1 services: 1 new, 0 updated, 0 unchanged.",
    "taxonomy.json": "Imported 1 taxonomy terms: 1 new, 0 updated, 0 unchanged.",
    "taxonomy_list.json": "Imported 1 taxonomies: 1 new, 0 updated, 0 unchanged.",
    "taxonomy_term.json": "Imported 1 taxonomy terms: 1 new, 0 updated, 0 unchanged.",
    "taxonomy_term_list.json": "Imported 1 taxonomy terms: 1 new, 0 updated, 0 unchanged.",
}


def example(name):
    return json.loads((STANDARD / "examples" / name).read_text())


def import_file(tmp_path, document, *args):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(document))
    output = StringIO()
    call_command("import_openreferral", str(path), *args, stdout=output, stderr=output)
    return output.getvalue()


def placed(document):
    """The example with its location moved onto the map (Newcastle), everything else as published."""
    document = copy.deepcopy(document)
    text = (
        json.dumps(document)
        .replace('"latitude": 100', '"latitude": 54.97')
        .replace('"longitude": 101', '"longitude": -1.61')
    )
    return json.loads(text)


def test_every_official_example_has_an_expectation_here():
    assert sorted(EXAMPLES) == sorted(path.name for path in (STANDARD / "examples").glob("*.json"))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_official_example_imports_as_its_kind_or_is_refused_naming_the_record(tmp_path, name):
    expected = EXAMPLES[name]

    if expected.startswith("Imported"):
        assert expected in import_file(tmp_path, example(name))
    else:
        with pytest.raises(CommandError) as refused:
            import_file(tmp_path, example(name))
        assert str(refused.value) == f"Nothing was imported. {expected}"
        assert Service.objects.count() == DirectoryOrganisation.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "organization_full.json",
        "service_at_location_full.json",
        "service_at_location_list.json",
        "service_full.json",
    ],
)
def test_each_example_on_the_map_imports_as_its_kind(tmp_path, name):
    output = import_file(tmp_path, placed(example(name)))

    assert "Imported 1 services: 1 new, 0 updated, 0 unchanged." in output
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.organisation_id.hex == ORGANISATION_ID.replace("-", "")
    assert ServiceAtLocation.objects.get().location.latitude == 54.97
    if name == "organization_full.json":
        assert "Imported 1 organisations: 1 new, 0 updated, 0 unchanged." in output


def test_the_kinds_need_no_service_to_import(tmp_path):
    import_file(tmp_path, example("taxonomy.json"))
    import_file(tmp_path, example("organization_list.json"))

    term = TaxonomyTerm.objects.get(pk=TERM_ID)
    assert term.taxonomy_id.hex == TAXONOMY_ID.replace("-", "")
    assert Taxonomy.objects.get().version == "version"
    organisation = DirectoryOrganisation.objects.get()
    assert (organisation.logo, organisation.uri) == (
        example("organization_list.json")["contents"][0]["logo"],
        "http://example.com",
    )


def test_what_linkwork_used_to_drop_survives_the_round_trip(client, tmp_path, assert_valid):
    published = placed(example("service_full.json"))
    import_file(tmp_path, published)

    served = client.get(reverse("openreferral:service", kwargs={"service_id": SERVICE_ID})).json()

    assert_valid(served, path="/services/{id}")
    for key in ("fees", "accreditations"):
        assert served[key] == published[key]
    organisation = published["organization"]
    for key in ("logo", "uri", "parent_organization_id"):
        assert served["organization"][key] == organisation[key]
    location, given = (
        served["service_at_locations"][0]["location"],
        published["service_at_locations"][0]["location"],
    )
    assert (location["external_identifier"], location["external_identifier_type"]) == ("10092008082", "UPRN")
    assert location["addresses"][0]["attention"] == given["addresses"][0]["attention"] == "A. Persona"
    assert location["accessibility"][0]["accessibility"] == given["accessibility"][0]["accessibility"]
    assert served["service_areas"][0]["service_area"] == published["service_areas"][0]["service_area"]
    assert served["attributes"][0]["taxonomy_term"]["taxonomy"] == "taxonomy"


def test_linkwork_facts_an_imported_service_does_not_carry_stay_unknown(client, tmp_path):
    import_file(tmp_path, placed(example("service_full.json")))

    service = Service.objects.get(pk=SERVICE_ID)
    served = client.get(reverse("openreferral:service", kwargs={"service_id": SERVICE_ID})).json()

    assert (service.capacity_status, service.attendance, service.referral_method) == ("unknown",) * 3
    assert served["linkwork"] == {
        "capacity_status": "unknown",
        "attendance": "unknown",
        "referral_method": "unknown",
        "target_groups": [],
    }


def test_a_later_feed_without_linkwork_facts_leaves_the_ones_recorded(tmp_path):
    import_file(tmp_path, placed(example("service_full.json")))
    Service.objects.filter(pk=SERVICE_ID).update(capacity_status="waiting_list")

    import_file(tmp_path, placed(example("service_full.json")))

    assert Service.objects.get(pk=SERVICE_ID).capacity_status == "waiting_list"
