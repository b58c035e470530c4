"""The outcome evaluation of one scale, built from the rows the selectors aggregate.

No queries here: `selectors.outcome_report` fetches the pairs and the attrition counts and hands them
in. Statistics for any group under the suppression threshold are never computed, so they cannot leak.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from linkwork.casework.vocabulary import DischargeReason
from linkwork.people.vocabulary import Sex, ethnic_group
from linkwork.schemes.vocabulary import REFERRAL_SOURCES

from . import statistics
from .statistics import PairedChange, Summary, TestResult


@dataclass(frozen=True)
class Pair:
    """One case's baseline and latest later score, with what the subgroups need; never shown."""

    baseline: float
    follow_up: float
    baseline_on: datetime.date
    sex: str
    date_of_birth: datetime.date
    source: str
    ethnicity: str

    @property
    def age(self) -> int:
        born, on = self.date_of_birth, self.baseline_on
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass(frozen=True)
class Scale:
    code: str
    title: str
    direction: str
    threshold: float | None
    ordinal: bool  # a single answer-choice item: ordered categories, so rank tests are added
    stored_as: str = "raw"  # "converted" where a conversion table gives the reported score


@dataclass(frozen=True)
class Group:
    label: str
    n: int
    change: PairedChange | None  # None when the group is under the threshold


@dataclass(frozen=True)
class Subgroup:
    title: str
    groups: list[Group]
    comparisons: list[TestResult]
    compared: list[str]  # labels of the groups the tests compare


@dataclass(frozen=True)
class Attrition:
    """Why pairs are missing: counts by category, and the baselines of completers and the rest."""

    cases: int
    counts: dict[str, int]
    reasons: dict[str, int]  # "Baseline declined: <reason>" and so on, free text as recorded
    completers: Summary
    non_completers: Summary
    comparison: TestResult | None


@dataclass(frozen=True)
class ScaleReport:
    scale: Scale
    n: int
    overall: PairedChange | None
    subgroups: list[Subgroup] = field(default_factory=list)
    age_correlation: TestResult | None = None
    attrition: Attrition | None = None


# Attrition categories, in the order the report lists them.
NO_BASELINE = "No baseline recorded"
BASELINE_DECLINED = "Baseline declined"
BASELINE_SKIPPED = "Baseline not asked"
BASELINE_RECORDED = "Baseline recorded"
PAIRED = "Baseline and follow-up (pairs)"
FOLLOW_UP_DECLINED = "Follow-up declined"
FOLLOW_UP_SKIPPED = "Follow-up not asked"
DISCHARGED_WITHOUT = "Discharged without a follow-up"
STILL_OPEN = "Still open, no follow-up yet"
# Each partition adds up to a count the report shows (all cases; those with a baseline).
BASELINE_PARTITION = (NO_BASELINE, BASELINE_DECLINED, BASELINE_SKIPPED, BASELINE_RECORDED)
FOLLOW_UP_PARTITION = (PAIRED, FOLLOW_UP_DECLINED, FOLLOW_UP_SKIPPED, DISCHARGED_WITHOUT, STILL_OPEN)
ATTRITION_ORDER = BASELINE_PARTITION + FOLLOW_UP_PARTITION
DISCHARGE_LABELS = dict(DischargeReason.choices)
UNKNOWN_SEX = "Other or not known"
UNKNOWN_ETHNICITY = "Not stated or not known"
UNKNOWN_SOURCE = "Other or not recorded"


def scale_report(*, scale: Scale, pairs: list[Pair], threshold: int, age_split: int) -> ScaleReport:
    """Overall change and subgroups; nothing is computed for fewer people than the threshold."""
    if len(pairs) < threshold:
        return ScaleReport(scale=scale, n=len(pairs), overall=None)
    subgroups = [
        _subgroup(scale, pairs, threshold, "Sex", _sex_label, unknown={UNKNOWN_SEX}),
        _subgroup(
            scale,
            pairs,
            threshold,
            f"Age at baseline (under {age_split} / {age_split} and over)",
            lambda pair: f"Under {age_split}" if pair.age < age_split else f"{age_split} and over",
            unknown=set(),
        ),
        _subgroup(
            scale,
            pairs,
            threshold,
            "Ethnic group",
            lambda pair: ethnic_group(pair.ethnicity),
            unknown={UNKNOWN_ETHNICITY},
        ),
        _subgroup(
            scale,
            pairs,
            threshold,
            "Referral source",
            lambda pair: REFERRAL_SOURCES.get(pair.source, UNKNOWN_SOURCE),
            unknown={UNKNOWN_SOURCE},
        ),
    ]
    changes = statistics.changes_of([p.baseline for p in pairs], [p.follow_up for p in pairs])
    return ScaleReport(
        scale=scale,
        n=len(pairs),
        overall=_paired(scale, pairs),
        subgroups=subgroups,
        age_correlation=statistics.age_correlation([p.age for p in pairs], changes),
    )


def _paired(scale: Scale, pairs: list[Pair]) -> PairedChange:
    return statistics.paired_change(
        [p.baseline for p in pairs],
        [p.follow_up for p in pairs],
        direction=scale.direction,
        threshold=scale.threshold,
        ordinal=scale.ordinal,
    )


def _sex_label(pair: Pair) -> str:
    return Sex(pair.sex).label if pair.sex in {Sex.FEMALE, Sex.MALE} else UNKNOWN_SEX


def _subgroup(scale, pairs, threshold, title, label_of, *, unknown) -> Subgroup:
    """One subgroup table; groups under the threshold and unknown groups are left out of the tests."""
    by_label = defaultdict(list)
    for pair in pairs:
        by_label[label_of(pair)].append(pair)
    groups = [
        Group(label, len(members), _paired(scale, members) if len(members) >= threshold else None)
        for label, members in sorted(by_label.items())
    ]
    compared = [group.label for group in groups if group.change is not None and group.label not in unknown]
    comparisons = statistics.compare_groups(
        {
            label: statistics.changes_of([p.baseline for p in members], [p.follow_up for p in members])
            for label, members in sorted(by_label.items())
            if label in compared
        },
        ordinal=scale.ordinal,
    )
    return Subgroup(title=title, groups=groups, comparisons=comparisons, compared=compared)


@dataclass(frozen=True)
class AttritionRow:
    """One aggregated row: how many cases share these statuses (the selector groups by them)."""

    baseline_status: str | None
    baseline_reason: str
    has_baseline_score: bool
    has_follow_up: bool
    follow_up_status: str | None  # of the latest follow-up not completed, if any
    follow_up_reason: str
    case_open: bool
    discharge_reason: str
    cases: int


def attrition(rows: list[AttritionRow], *, completers: Summary, non_completers: Summary) -> Attrition:
    counts = dict.fromkeys(ATTRITION_ORDER, 0)
    reasons = defaultdict(int)
    for row in rows:
        category, reason = _category(row)
        counts[category] += row.cases
        if row.has_baseline_score:
            counts[BASELINE_RECORDED] += row.cases
        if reason:
            reasons[f"{category}: {' '.join(reason.split())}"] += row.cases
    return Attrition(
        cases=sum(row.cases for row in rows),
        counts=counts,
        reasons=dict(sorted(reasons.items())),
        completers=completers,
        non_completers=non_completers,
        comparison=statistics.welch_from_summaries(completers, non_completers),
    )


def _category(row: AttritionRow) -> tuple[str, str]:
    if not row.has_baseline_score:
        if row.baseline_status == "declined":
            return BASELINE_DECLINED, row.baseline_reason
        if row.baseline_status == "skipped":
            return BASELINE_SKIPPED, row.baseline_reason
        return NO_BASELINE, ""
    if row.has_follow_up:
        return PAIRED, ""
    if row.follow_up_status == "declined":
        return FOLLOW_UP_DECLINED, row.follow_up_reason
    if row.follow_up_status == "skipped":
        return FOLLOW_UP_SKIPPED, row.follow_up_reason
    if row.case_open:
        return STILL_OPEN, ""
    return DISCHARGED_WITHOUT, DISCHARGE_LABELS.get(row.discharge_reason, "Reason not recorded")
