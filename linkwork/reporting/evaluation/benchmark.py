"""Outcome report benchmark: a synthetic scheme's measures in bulk, then the full report, timed.

Everything is written inside one transaction that is rolled back at the end, so a run leaves the
database as it found it. Each paired case has a baseline and an end-of-support ONS4; one case in ten
more has a baseline only (so attrition has something to count). The report is timed as a
commissioner would run it (every scale, subgroups, attrition); its peak Python memory is measured
on a second run under tracemalloc. The data is analysed first (`ANALYZE`), as autovacuum would have
done to committed rows, so the planner knows the tables' sizes. The baseline is the floor any report
of the same statistics pays (`scipy_baseline`): the report's one query for every scale's pairs, then
scipy's tests on the same groups.
"""

import datetime
import random
import time
import tracemalloc
import uuid
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from scipy import stats

from linkwork.accounts.models import Organisation, Role, User
from linkwork.casework.models import Case
from linkwork.core.context import Actor
from linkwork.outcomes.models import Instrument, MeasureResponse
from linkwork.outcomes.scoring import score_answers
from linkwork.outcomes.services.instruments import instrument_sync
from linkwork.people.models import Person
from linkwork.people.vocabulary import EthnicCategory, Sex
from linkwork.referrals.models import Referral
from linkwork.schemes.services import scheme_apply_preset
from linkwork.schemes.vocabulary import LONG_TERM_CONDITIONS, REFERRAL_SOURCES

from ..scope import suppression_threshold
from . import statistics
from .outcome_report import groupings
from .selectors import (
    default_age_split,
    instrument_scales,
    outcome_report,
    report_criteria,
    scored_cases,
)
from .statistics import wilcoxon_method

INSTRUMENT = "ons4"
BATCH = 5000
UNPAIRED_SHARE = 9  # one baseline-only case for every nine paired ones
REFERENCE_RESPONSES = 200_000
NATIONAL_RESPONSES = 2_000_000
SIZES = {"reference": REFERENCE_RESPONSES, "national": NATIONAL_RESPONSES}


def pairs_for_responses(responses: int) -> int:
    """Paired cases giving about this many responses: 2 per pair, plus 1 per baseline-only case."""
    return responses * UNPAIRED_SHARE // (2 * UNPAIRED_SHARE + 1)


@dataclass(frozen=True)
class Result:
    pairs: int
    responses: int
    load_seconds: float
    report_seconds: float
    peak_mib: float
    fetch_seconds: float
    tests: int
    scipy_seconds: float
    database: str


@dataclass(frozen=True)
class Floor:
    """The report's one query for every scale's pairs, then the same scipy tests on the same groups."""

    pairs: int  # of the first scale, as the report's first table shows
    tests: int
    fetch_seconds: float
    scipy_seconds: float

    @property
    def seconds(self) -> float:
        return self.fetch_seconds + self.scipy_seconds


class _RolledBack(Exception):
    pass


def scipy_baseline(cases, instrument: Instrument, *, age_split: int | None = None) -> Floor:
    """The floor any report of these statistics pays, timed on the data as it is.

    `cases` is a Case queryset (a scheme's cases, say). The report's query builder (`scored_cases`)
    fetches every scale's pairs with what the subgroups need; then scipy runs the tests the report
    shows, on the same groups: for each scale, the paired t-test (and for an ordinal scale the Wilcoxon
    signed-rank) on all pairs and within each group of each subgroup, the tests between a subgroup's
    groups (the report's own `compare_groups`) and the correlation with age. Not included: summaries
    and confidence intervals, change counts, attrition, and the page itself.
    """
    scales = instrument_scales(instrument)
    threshold, age_split = suppression_threshold(), age_split or default_age_split()
    started = time.perf_counter()
    scored = scored_cases(cases, instrument, scales)
    fetched = time.perf_counter() - started
    started = time.perf_counter()
    tests = 0
    for scale in scales:
        pairs = scored.pairs(scale.code)
        if len(pairs) < threshold:
            continue
        changes = statistics.changes_of(pairs.baseline, pairs.follow_up)
        tests += _paired_tests(changes, ordinal=scale.ordinal)
        for _title, masks, unknown in groupings(pairs, age_split):
            compared = {
                label: changes[mask] for label, mask in masks.items() if np.count_nonzero(mask) >= threshold
            }
            for group in compared.values():
                tests += _paired_tests(group, ordinal=scale.ordinal)
            known = {label: group for label, group in compared.items() if label not in unknown}
            tests += len(statistics.compare_groups(known, ordinal=scale.ordinal))
        tests += statistics.age_correlation(pairs.age, changes) is not None
    return Floor(
        pairs=len(scored.pairs(scales[0].code)),
        tests=tests,
        fetch_seconds=fetched,
        scipy_seconds=time.perf_counter() - started,
    )


def _paired_tests(changes, *, ordinal: bool) -> int:
    """The paired t-test on the changes (as `ttest_rel` on the pairs: the same t and p), and for an
    ordinal scale the Wilcoxon signed-rank, when the report runs them."""
    tests = 0
    if len(changes) > 1 and np.var(changes) > 0:
        stats.ttest_1samp(changes, 0.0)
        tests += 1
    if ordinal and np.any(changes):
        stats.wilcoxon(changes, zero_method="wilcox", method=wilcoxon_method(changes))
        tests += 1
    return tests


def run(*, pairs: int, seed: int = 2026) -> Result:
    """Build the data, time the report and the scipy baseline, then roll every row back."""
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
    result = None
    try:
        with transaction.atomic():
            started = time.perf_counter()
            actor, scheme, instrument = _setting(rng)
            responses = _add_cases(pairs, scheme=scheme, instrument=instrument, worker=actor.user, rng=rng)
            _analyse(MeasureResponse, Case, Referral, Person)
            loaded = time.perf_counter() - started
            criteria = report_criteria(actor=actor, scheme_slug=scheme.slug, instrument_code=INSTRUMENT)
            started = time.perf_counter()
            outcome_report(actor=actor, criteria=criteria, channel="benchmark")
            report_seconds = time.perf_counter() - started
            tracemalloc.start()
            outcome_report(actor=actor, criteria=criteria, channel="benchmark")
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            floor = scipy_baseline(Case.objects.filter(referral__scheme=scheme), instrument)
            result = Result(
                pairs=pairs,
                responses=responses,
                load_seconds=loaded,
                report_seconds=report_seconds,
                peak_mib=peak / 2**20,
                fetch_seconds=floor.fetch_seconds,
                tests=floor.tests,
                scipy_seconds=floor.scipy_seconds,
                database=connection.vendor,
            )
            raise _RolledBack
    except _RolledBack:
        pass
    return result


def _setting(rng):
    commissioner = Organisation.objects.create(
        name=f"Benchmark ICB {uuid.uuid4()}", kind=Organisation.Kind.COMMISSIONER
    )
    provider = Organisation.objects.create(
        name=f"Benchmark provider {uuid.uuid4()}", kind=Organisation.Kind.PROVIDER
    )
    scheme = scheme_apply_preset(
        by=Actor.system(),
        preset="wellbeing-coordinator",
        name=f"Benchmark scheme {rng.randrange(10**9)}",
        commissioner=commissioner,
        providers=[provider],
    )
    user = User.objects.create_user(username=f"benchmark-{uuid.uuid4()}")
    instrument = Instrument.objects.filter(code=INSTRUMENT).first()
    if instrument is None:
        instrument = next(i for i in instrument_sync(by=Actor.system()) if i.code == INSTRUMENT)
    actor = Actor(user=user, organisation=commissioner, role=Role.COMMISSIONER)
    return actor, scheme, instrument


def _add_cases(pairs, *, scheme, instrument, worker, rng) -> int:
    """`pairs` paired cases and a ninth as many with a baseline only, in batches; returns the responses."""
    definition = instrument.definition
    items = [item["linkId"] for item in definition["item"]]
    scored = {}

    def scores(answers):
        key = tuple(answers.values())
        if key not in scored:
            result = score_answers(definition, answers)
            scored[key] = {
                code: {"raw": s.raw, "converted": s.converted, "band": s.band}
                for code, s in result.scales.items()
            }
        return scored[key]

    total_cases = pairs + pairs // UNPAIRED_SHARE
    today = timezone.localdate()
    responses = 0
    ethnicities, sexes = (
        list(EthnicCategory.values),
        [Sex.FEMALE, Sex.MALE, Sex.FEMALE, Sex.MALE, Sex.NOT_KNOWN],
    )
    sources, conditions = list(REFERRAL_SOURCES), list(LONG_TERM_CONDITIONS)
    provider_id = scheme.providers.values_list("pk", flat=True).first()
    for start in range(0, total_cases, BATCH):
        count = min(BATCH, total_cases - start)
        people = Person.objects.bulk_create(
            Person(
                given_name="Bench",
                family_name=f"Mark{start + n}",
                date_of_birth=today - datetime.timedelta(days=rng.randrange(18 * 365, 95 * 365)),
                sex=rng.choice(sexes),
                ethnicity=rng.choice(ethnicities),
            )
            for n in range(count)
        )
        referrals = Referral.objects.bulk_create(
            Referral(
                scheme=scheme,
                person=person,
                source=rng.choice(sources),
                conditions=rng.sample(conditions, rng.choice((0, 0, 1, 1, 2, 3))),
                consent_to_refer=True,
            )
            for person in people
        )
        cases = Case.objects.bulk_create(
            Case(
                referral=referral,
                person=referral.person,
                provider_id=provider_id,
                link_worker=worker,
                opened_at=timezone.now() - datetime.timedelta(days=rng.randrange(60, 700)),
                status=Case.Status.CLOSED,
                discharge_reason="goals_achieved",
            )
            for referral in referrals
        )
        batch = []
        for n, case in enumerate(cases):
            opened = case.opened_at.date()
            before = {item: rng.randint(0, 10) for item in items}
            batch.append(_response(case, instrument, "baseline", opened, scores(before), worker))
            if start + n < pairs:
                after = {item: min(10, max(0, value + rng.randint(-2, 3))) for item, value in before.items()}
                later = opened + datetime.timedelta(days=rng.randrange(60, 180))
                batch.append(_response(case, instrument, "exit", later, scores(after), worker))
        MeasureResponse.objects.bulk_create(batch, batch_size=BATCH)
        responses += len(batch)
    return responses


def _response(case, instrument, time_point, on, scores, worker):
    return MeasureResponse(
        case=case,
        instrument=instrument,
        instrument_version=instrument.version,
        time_point=time_point,
        status="completed",
        scores=scores,
        completed_on=on,
        completed_by="in_session",
        recorded_by=worker,
    )


def _analyse(*models):
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
