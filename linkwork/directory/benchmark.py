"""Directory search benchmark: synthetic services in bulk, then the search page's queries, timed.

Everything is written inside one transaction that is rolled back at the end, so a benchmark run
leaves the database as it found it. Timings are wall-clock per search (the query and reading the
first page of result cards), so they include Python and the database, as a link worker feels them.
"""

import datetime
import random
import statistics
import time
import uuid
from dataclasses import dataclass

from django.db import connection, transaction

from .models import DirectoryOrganisation, Schedule, Service, ServiceCategory, Taxonomy, TaxonomyTerm
from .selectors import service_search, services_for_cards
from .vocabulary import Attendance, CapacityStatus, ReferralMethod

PAGE = 20
SERVICES_PER_ORGANISATION = 40
ACTIVITIES = [
    "walking group",
    "men's shed",
    "befriending calls",
    "carers' support",
    "debt advice",
    "benefits advice",
    "food bank",
    "arts on prescription",
    "bereavement support",
    "community gardening",
    "chair exercise",
    "digital skills",
    "language café",
    "peer support for mental health",
    "singing for the brain",
    "cooking on a budget",
    "volunteering",
    "knit and natter",
    "table tennis",
    "walking football",
]
PLACES = [
    "Benwell",
    "Elswick",
    "Fenham",
    "Kirkstall",
    "Harehills",
    "Beeston",
    "Hillsborough",
    "Walkley",
    "Crookes",
]
CATEGORIES = [
    "physical_activity",
    "befriending",
    "carers",
    "debt_money",
    "welfare_benefits",
    "food",
    "arts",
    "bereavement",
    "community_activities",
    "digital_skills",
    "english_language",
    "mental_health",
]
# The searches a link worker runs: words, filters, and both together.
SEARCHES = [
    {"text": "walking"},
    {"text": "debt advice"},
    {"text": "befriending", "age": 72},
    {"text": "gardening", "after_five": True},
    {"age": 45, "drop_in": True},
    {"capacity": (CapacityStatus.HAS_CAPACITY,), "after_five": True},
    {"text": "carers support", "capacity": (CapacityStatus.HAS_CAPACITY, CapacityStatus.WAITING_LIST)},
    {"day": "TU", "age": 60},
]


@dataclass(frozen=True)
class Timing:
    services: int
    searches: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    load_seconds: float


class _RolledBack(Exception):
    pass


def run(sizes: list[int], searches: int, seed: int = 2026) -> list[Timing]:
    """Grow a synthetic directory to each size in turn and time `searches` searches at each."""
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
    timings = []
    try:
        with transaction.atomic():
            terms = benchmark_terms()
            held = 0
            for size in sorted(sizes):
                started = time.perf_counter()
                synthetic_services_add(size - held, start=held, terms=terms, rng=rng)
                held = size
                loaded = time.perf_counter() - started
                timings.append(_time_searches(size, searches, loaded))
            raise _RolledBack
    except _RolledBack:
        pass
    return timings


def benchmark_terms():
    """The directory categories as a fresh taxonomy, for synthetic services to be filed under."""
    taxonomy = Taxonomy.objects.create(name="Benchmark categories")
    return [
        TaxonomyTerm.objects.create(taxonomy=taxonomy, code=code, name=code.replace("_", " "))
        for code in CATEGORIES
    ]


def synthetic_services_add(count, *, start, terms, rng, batch=2000):
    """Bulk-insert `count` synthetic services (numbered from `start`) with their organisations,
    locations, schedules and categories; used by this benchmark and by `seed_scale`."""
    today = datetime.date.today()
    for first in range(start, start + count, batch):
        numbers = range(first, min(first + batch, start + count))
        organisations = {
            n // SERVICES_PER_ORGANISATION: DirectoryOrganisation(
                name=f"Benchmark group {n // SERVICES_PER_ORGANISATION}"
            )
            for n in numbers
            if n % SERVICES_PER_ORGANISATION == 0 or n == first
        }
        DirectoryOrganisation.objects.bulk_create(organisations.values())
        services, links, schedules = [], [], []
        for n in numbers:
            activity, place = rng.choice(ACTIVITIES), rng.choice(PLACES)
            service = Service(
                id=uuid.uuid4(),
                organisation=organisations[n // SERVICES_PER_ORGANISATION],
                name=f"{place} {activity} {n}",
                description=f"A friendly {activity} in {place}. Everyone welcome; come along and meet people.",
                minimum_age=rng.choice([None, None, 18, 50, 60]),
                capacity_status=rng.choice(list(CapacityStatus.values)),
                attendance=rng.choice(list(Attendance.values)),
                referral_method=rng.choice(list(ReferralMethod.values)),
                last_verified_on=today - datetime.timedelta(days=rng.randint(0, 400)),
            )
            service.search_text = f"{service.name} {service.description} {place}"
            services.append(service)
            links += [ServiceCategory(service=service, taxonomy_term=term) for term in rng.sample(terms, 2)]
            opens = rng.choice([9, 10, 13, 17, 18])
            schedules.append(
                Schedule(
                    service=service,
                    freq="WEEKLY",
                    interval=1,
                    byday=rng.choice(["MO", "TU", "WE", "TH", "FR", "SA"]),
                    opens_at=datetime.time(opens),
                    closes_at=datetime.time(opens + 2),
                )
            )
        Service.objects.bulk_create(services)
        ServiceCategory.objects.bulk_create(links)
        Schedule.objects.bulk_create(schedules)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO directory_service_fts (service_id, search_text) VALUES (%s, %s)",
                    [(service.pk.hex, service.search_text) for service in services],
                )


def _time_searches(size, count, loaded) -> Timing:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE directory_service")
    durations = []
    for number in range(count):
        criteria = SEARCHES[number % len(SEARCHES)]
        started = time.perf_counter()
        services_for_cards(service_search(**criteria)[:PAGE])
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    return Timing(
        services=size,
        searches=count,
        p50_ms=statistics.median(durations),
        p95_ms=durations[max(0, round(0.95 * len(durations)) - 1)],
        max_ms=durations[-1],
        load_seconds=loaded,
    )
