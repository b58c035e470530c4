"""A larger directory for the search scenario: synthetic services added for the run, removed after it."""

import random
from contextlib import contextmanager

from django.db import connection

from linkwork.directory.benchmark import benchmark_terms, synthetic_services_add
from linkwork.directory.models import DirectoryOrganisation, Service

NUMBERED_FROM = 10_000_000  # past any number seed_scale gives its services
BATCH = 5_000


@contextmanager
def directory_of(services: int, *, stdout):
    """Hold at least `services` services while the block runs; remove the ones added, even on failure."""
    services_before = set(Service.objects.values_list("pk", flat=True))
    organisations_before = set(DirectoryOrganisation.objects.values_list("pk", flat=True))
    missing = services - len(services_before)
    try:
        if missing > 0:
            stdout.write(f"  adding {missing:,} synthetic services for the search ...")
            synthetic_services_add(
                missing,
                start=NUMBERED_FROM,
                terms=benchmark_terms(),
                rng=random.Random(NUMBERED_FROM),  # noqa: S311 - synthetic data
            )
            _analyze()
        yield
    finally:
        added = sorted(set(Service.objects.values_list("pk", flat=True)) - services_before)
        for first in range(0, len(added), BATCH):
            Service.objects.filter(pk__in=added[first : first + BATCH]).delete()
        DirectoryOrganisation.objects.exclude(pk__in=organisations_before).delete()
        _analyze()


def _analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_service")
