import pytest
from django.utils import timezone

from linkwork.accounts.models import Organisation
from linkwork.core.models import AuditEvent
from linkwork.demo.directory import directory_data, directory_seed
from linkwork.directory.models import DirectoryOrganisation, Service, TaxonomyTerm
from linkwork.directory.selectors import service_search
from linkwork.testing.factories import SYSTEM, make_organisation

pytestmark = pytest.mark.django_db


def test_the_demo_directory_covers_what_link_workers_search_for():
    directory_seed(by=SYSTEM)

    services = list(Service.objects.all())
    assert 25 <= len(services) <= 40
    assert TaxonomyTerm.objects.count() == len(directory_data()["categories"])
    assert {service.capacity_status for service in services} == {
        "has_capacity",
        "no_capacity",
        "waiting_list",
        "assessment_needed",
        "unknown",
    }
    # One listing as a council feed gives it: Linkwork's own facts are not known, so none is shown.
    assert {service.attendance for service in services} == {"drop_in", "booked", "unknown"}
    assert service_search(after_five=True).count() >= 5
    assert service_search(language="ar").exists()
    assert service_search(free_or_low_cost=True).count() < len(services)
    assert service_search(age=15).count() < len(services)
    assert sum(service.is_stale(timezone.localdate()) for service in services) >= 3


def test_demo_listings_belong_to_the_demo_vcse_organisations_that_exist():
    walking = make_organisation(Organisation.Kind.VCSE, "West End Walking Friends")

    directory_seed(by=SYSTEM)

    owned = DirectoryOrganisation.objects.filter(owner__isnull=False)
    assert list(owned.values_list("name", "owner")) == [("West End Walking Friends", walking.pk)]


def test_seeding_again_changes_nothing():
    directory_seed(by=SYSTEM)
    before = list(Service.objects.order_by("id").values_list("id", "last_modified"))
    audits = AuditEvent.objects.count()

    directory_seed(by=SYSTEM)

    assert list(Service.objects.order_by("id").values_list("id", "last_modified")) == before
    assert AuditEvent.objects.count() == audits
