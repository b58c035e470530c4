"""A larger directory for the search scenario: synthetic services added for the run, removed after it."""

import random
from contextlib import contextmanager

from linkwork.demo.scale.tidy import vacuum_analyze
from linkwork.directory.benchmark import benchmark_terms, synthetic_services_add
from linkwork.directory.models import (
    DirectoryOrganisation,
    Schedule,
    Service,
    ServiceCategory,
    Taxonomy,
    TaxonomyTerm,
)

NUMBERED_FROM = 10_000_000  # past any number seed_scale gives its services
BATCH = 5_000
BENCHMARK_TAXONOMY = "Benchmark categories"  # as directory.benchmark.benchmark_terms names it


@contextmanager
def directory_of(services: int, *, stdout):
    """Hold at least `services` services while the block runs; remove the ones added, even on failure."""
    services_before = set(Service.objects.values_list("pk", flat=True))
    organisations_before = set(DirectoryOrganisation.objects.values_list("pk", flat=True))
    taxonomies_before = set(Taxonomy.objects.values_list("pk", flat=True))
    missing = services - len(services_before)
    try:
        if missing > 0:
            stdout.write(f"  adding {missing:,} synthetic services for the search ...")
            synthetic_services_add(
                missing,
                start=NUMBERED_FROM,
                terms=_categories(),
                rng=random.Random(NUMBERED_FROM),  # noqa: S311 - synthetic data
            )
            _analyze()
        yield
    finally:
        added = sorted(set(Service.objects.values_list("pk", flat=True)) - services_before)
        for first in range(0, len(added), BATCH):
            Service.objects.filter(pk__in=added[first : first + BATCH]).delete()
        DirectoryOrganisation.objects.exclude(pk__in=organisations_before).delete()
        new_taxonomies = Taxonomy.objects.exclude(pk__in=taxonomies_before)
        TaxonomyTerm.objects.filter(taxonomy__in=new_taxonomies).delete()
        new_taxonomies.delete()
        _analyze()


def _categories():
    """The categories seed_scale filed its services under, so the filter lists each once; else new ones."""
    existing = Taxonomy.objects.filter(name=BENCHMARK_TAXONOMY).order_by("pk").first()
    if existing is None:
        return benchmark_terms()
    return list(TaxonomyTerm.objects.filter(taxonomy=existing).order_by("code"))


def _analyze():
    vacuum_analyze(
        *(model._meta.db_table for model in (Service, ServiceCategory, Schedule, DirectoryOrganisation))
    )
