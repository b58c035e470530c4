"""The outcome evaluation of one scale, built from the rows the selectors aggregate.

No queries here: `selectors.outcome_report` fetches the pairs and the attrition counts and hands them
in. Statistics for any group under the suppression threshold are never computed, so they cannot leak.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from linkwork.casework.vocabulary import DischargeReason
from linkwork.people.vocabulary import Sex, ethnic_group
from linkwork.schemes.vocabulary import REFERRAL_SOURCES

from . import statistics
from .statistics import PairedChange, Summary, TestResult


@dataclass(frozen=True)
class Pairs:
    """Every case's baseline and latest later score, as columns, with what the subgroups need; never shown.

    Columns rather than one object per case: the statistics work on whole arrays, and subgroups are
    boolean masks over them, so a national-sized report holds a few arrays, not a million objects.
    """

    baseline: np.ndarray
    follow_up: np.ndarray
    age: np.ndarray  # whole years at baseline
    sex: np.ndarray
    ethnicity: np.ndarray
    source: np.ndarray
    conditions: np.ndarray  # how many long-term conditions the referral recorded

    @classmethod
    def from_rows(cls, rows) -> "Pairs":
        """From (baseline, follow_up, baseline_on, sex, date_of_birth, source, ethnicity, conditions) rows."""
        columns = list(zip(*rows, strict=True)) or [()] * 8
        baseline, follow_up, baseline_on, sex, born, source, ethnicity, conditions = columns
        return cls(
            baseline=np.asarray(baseline, dtype=float),
            follow_up=np.asarray(follow_up, dtype=float),
            age=np.asarray([_age(b, on) for b, on in zip(born, baseline_on, strict=True)], dtype=int),
            sex=np.asarray(sex, dtype=object),
            ethnicity=np.asarray(ethnicity, dtype=object),
            source=np.asarray(source, dtype=object),
            conditions=np.asarray([len(c or ()) for c in conditions], dtype=int),
        )

    def __len__(self):
        return len(self.baseline)


def _age(born: datetime.date, on: datetime.date) -> int:
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
CONDITION_BANDS = ("None recorded", "One", "Two or more")


def scale_report(*, scale: Scale, pairs: Pairs, threshold: int, age_split: int) -> ScaleReport:
    """Overall change and subgroups; nothing is computed for fewer people than the threshold."""
    if len(pairs) < threshold:
        return ScaleReport(scale=scale, n=len(pairs), overall=None)
    sexes = {Sex.FEMALE.value: Sex.FEMALE.label, Sex.MALE.value: Sex.MALE.label}
    labels = [
        ("Sex", _labels(pairs.sex, lambda sex: sexes.get(sex, UNKNOWN_SEX)), {UNKNOWN_SEX}),
        (
            f"Age at baseline (under {age_split} / {age_split} and over)",
            np.where(pairs.age < age_split, f"Under {age_split}", f"{age_split} and over"),
            set(),
        ),
        ("Ethnic group", _labels(pairs.ethnicity, ethnic_group), {UNKNOWN_ETHNICITY}),
        (
            "Referral source",
            _labels(pairs.source, lambda source: REFERRAL_SOURCES.get(source, UNKNOWN_SOURCE)),
            {UNKNOWN_SOURCE},
        ),
        (
            "Long-term conditions on the referral",
            np.asarray(CONDITION_BANDS, dtype=object)[np.minimum(pairs.conditions, 2)],
            set(),
        ),
    ]
    changes = statistics.changes_of(pairs.baseline, pairs.follow_up)
    return ScaleReport(
        scale=scale,
        n=len(pairs),
        overall=_paired(scale, pairs.baseline, pairs.follow_up),
        subgroups=[_subgroup(scale, pairs, changes, threshold, *label) for label in labels],
        age_correlation=statistics.age_correlation(pairs.age, changes),
    )


def _labels(codes: np.ndarray, label_of) -> np.ndarray:
    """Each row's group label, working out each distinct code's label once."""
    distinct = {code: label_of(code) for code in set(codes.tolist())}
    return np.asarray([distinct[code] for code in codes.tolist()], dtype=object)


def _paired(scale: Scale, baseline, follow_up) -> PairedChange:
    return statistics.paired_change(
        baseline, follow_up, direction=scale.direction, threshold=scale.threshold, ordinal=scale.ordinal
    )


def _subgroup(scale, pairs, changes, threshold, title, labels, unknown) -> Subgroup:
    """One subgroup table; groups under the threshold and unknown groups are left out of the tests."""
    masks = {label: labels == label for label in sorted(set(labels.tolist()))}
    groups = []
    for label, mask in masks.items():
        n = int(np.count_nonzero(mask))
        change = _paired(scale, pairs.baseline[mask], pairs.follow_up[mask]) if n >= threshold else None
        groups.append(Group(label, n, change))
    compared = [group.label for group in groups if group.change is not None and group.label not in unknown]
    comparisons = statistics.compare_groups(
        {label: changes[masks[label]] for label in compared}, ordinal=scale.ordinal
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
