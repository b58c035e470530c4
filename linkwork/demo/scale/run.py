"""The seed: organisations and staff, then people with everything linked to them, then the directory
and the audit trail. Every value comes from one `random.Random(seed)`, so a seed gives the same data."""

import datetime
import random
import time
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from linkwork.accounts.models import Membership, Organisation, User
from linkwork.casework.models import Case, Contact
from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditAppearance, AuditEvent
from linkwork.directory import benchmark
from linkwork.directory.models import Service
from linkwork.outcomes.models import MeasureResponse
from linkwork.outcomes.services.instruments import instrument_sync
from linkwork.people.models import LegitimateRelationship, Person
from linkwork.referrals.models import ContactAttempt, Referral
from linkwork.referrals.vocabulary import Status

from .audit import audit_seed
from .casework import CASE_FIELDS, CONTACT_FIELDS, case_rows
from .organisations import region_build
from .outcomes import MEASURE_FIELDS, Instruments, measure_rows
from .referrals import ATTEMPT_FIELDS, REFERRAL_FIELDS, RELATIONSHIP_FIELDS, referral_rows
from .sizes import ACCEPT_SHARE, MEASURES_PER_CASE, SIZES
from .synthetic import Weighted, nhs_numbers, person_values, seeded_uuid
from .tidy import vacuum_analyze
from .writer import BulkWriter

YEARS = 3
PEOPLE_BATCH = 5_000
PERSON_FIELDS = (
    "id", "created_at", "updated_at", "registered_practice", "nhs_number", "given_name", "family_name",
    "date_of_birth", "sex", "ethnicity", "address_line_1", "postcode", "phone", "preferred_contact_method",
    "preferred_language",
)  # fmt: skip
TABLES = {
    "people": (Person, PERSON_FIELDS),
    "referrals": (Referral, REFERRAL_FIELDS),
    "relationships": (LegitimateRelationship, RELATIONSHIP_FIELDS),
    "attempts": (ContactAttempt, ATTEMPT_FIELDS),
    "cases": (Case, CASE_FIELDS),
    "contacts": (Contact, CONTACT_FIELDS),
    "measures": (MeasureResponse, MEASURE_FIELDS),
}


class AlreadySeeded(DomainError):
    pass


def seed_scale(*, size: str, seed: int, stdout, force: bool = False) -> dict:
    """Build the dataset; returns the number of rows written per table."""
    existing = Person.objects.count()
    if existing and not force:
        raise AlreadySeeded(
            "This database already holds people, so seed_scale stopped without writing anything. "
            "Use an empty database (migrate a new one), or add --force to add the synthetic data anyway."
        )
    plan = SIZES[size]
    # On top of existing data the stream changes with it, so new ids never meet the old ones.
    rng = random.Random(f"{seed}:{existing}" if existing else seed)
    now = timezone.now()
    writer = BulkWriter(stdout=stdout, now=now)
    began = time.perf_counter()
    stdout.write(f"Seeding the {size} dataset (seed {seed}) on {connection.vendor}")

    started = time.perf_counter()
    instruments = Instruments(instrument_sync(by=Actor.system()))
    regions = [
        region_build(number=n, users=plan.users_per_region, rng=rng) for n in range(1, plan.regions + 1)
    ]
    stdout.write(
        f"  organisations {Organisation.objects.count():,}, users {User.objects.count():,}, memberships "
        f"{Membership.objects.count():,}, schemes {sum(len(r.schemes) for r in regions)} "
        f"in {time.perf_counter() - started:.1f} s"
    )

    cases = _people_and_casework(rng, plan, regions, instruments, writer, now, force)
    writer.report(*(model for model, _ in TABLES.values()))

    started = time.perf_counter()
    benchmark.synthetic_services_add(plan.services, start=0, terms=benchmark.benchmark_terms(), rng=rng)
    seconds = time.perf_counter() - started
    stdout.write(f"  {Service._meta.db_table:<32}{plan.services:>12,} rows {seconds:>8.1f} s")

    usernames = dict(User.objects.values_list("pk", "username"))
    audit_seed(
        rng, writer=writer, count=plan.audit_events, cases=cases, usernames=usernames,
        start=now - datetime.timedelta(days=365 * YEARS), now=now,
    )  # fmt: skip
    writer.report(AuditEvent, AuditAppearance)
    if connection.vendor == "postgresql":
        started = time.perf_counter()
        vacuum_analyze()
        stdout.write(f"  vacuumed and analysed in {time.perf_counter() - started:.1f} s")
    stdout.write(f"Done in {time.perf_counter() - began:.1f} s")
    counts = {name: writer.tallies[model._meta.db_table].rows for name, (model, _) in TABLES.items()}
    return counts | {"services": plan.services, "audit_events": plan.audit_events}


def _people_and_casework(rng, plan, regions, instruments, writer, now, force):
    start = now - datetime.timedelta(days=365 * YEARS)
    today = timezone.localdate(now)
    taken = (
        set(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True)) if force else set()
    )
    numbers = nhs_numbers(rng, plan.people, frozenset(taken))
    homes = Weighted({(region, scheme): scheme.share for region in regions for scheme in region.schemes})
    extra = (plan.referrals - plan.people) / plan.people
    expected_cases = plan.referrals * ACCEPT_SHARE
    contacts_mean = plan.contacts / expected_cases
    keep = min(1.0, plan.measures / (expected_cases * MEASURES_PER_CASE))
    cases = []
    began = time.perf_counter()
    for first in range(0, plan.people, PEOPLE_BATCH):
        out = defaultdict(list)
        for number in range(first, min(first + PEOPLE_BATCH, plan.people)):
            region, scheme = homes.pick(rng)
            practice = rng.choice(scheme.practices)
            # Referrals grow over the three years (later months are busier); some people come back.
            count = 1 + int(extra) + (rng.random() < extra % 1)
            times = sorted(start + (now - start) * rng.random() ** 0.7 for _ in range(count))
            youngest, oldest = scheme.ages
            values = person_values(rng, numbers[number], (youngest + YEARS, oldest), today)
            person_id = seeded_uuid(rng)
            out["people"].append((person_id, times[0], times[0], practice, *values.values()))
            for referred in times:
                made = referral_rows(
                    rng, region=region, scheme=scheme, person_id=person_id, practice=practice,
                    created=referred, now=now, referral_id=seeded_uuid(rng), out=out,
                )  # fmt: skip
                if made.status == Status.ACCEPTED:
                    opened = case_rows(
                        rng,
                        made=made,
                        case_id=seeded_uuid(rng),
                        now=now,
                        contacts_mean=contacts_mean,
                        out=out,
                    )
                    measure_rows(
                        rng,
                        opened=opened,
                        now=now,
                        instruments=instruments,
                        uuid=seeded_uuid,
                        keep=keep,
                        out=out,
                    )
                    cases.append(opened)
        for name, (model, fields) in TABLES.items():
            writer.write(model, fields, out[name])
        done = min(first + PEOPLE_BATCH, plan.people)
        writer.stdout.write(
            f"  people {done:,}/{plan.people:,}: referrals {writer.tallies['referrals_referral'].rows:,}, "
            f"cases {len(cases):,}, {time.perf_counter() - began:.0f} s"
        )
    return cases
