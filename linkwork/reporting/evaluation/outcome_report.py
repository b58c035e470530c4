"""The outcome evaluation of one scale, built from the rows the selectors aggregate.

No queries here: `selectors.outcome_report` fetches every case's scores as columns (`ScoredCases`) and
hands them in. Statistics for any group under the suppression threshold are never computed, so they cannot leak.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from linkwork.casework.vocabulary import DischargeReason
from linkwork.people.vocabulary import Sex, ethnic_group
from linkwork.schemes.vocabulary import REFERRAL_SOURCES

from . import statistics
from .attrition import Adjustment, ipw_adjustment
from .group_differences import GroupDifference, differences_from_reference
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
    linked_service: np.ndarray  # NOT_LINKED, REFERRED_NOT_ATTENDED or ATTENDED_SERVICE

    def __len__(self):
        return len(self.baseline)


def ages(born: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Whole years from each date of birth to each date (datetime64[D] columns)."""
    years = on.astype("datetime64[Y]").astype(int) - born.astype("datetime64[Y]").astype(int)
    return years - (_month_day(on) < _month_day(born))


def _month_day(dates: np.ndarray) -> np.ndarray:
    months = dates.astype("datetime64[M]")
    day = (dates - months).astype(int)
    return (months.astype(int) % 12) * 100 + day


@dataclass(frozen=True)
class ScaleScores:
    """One scale's scores, one per case in scope; NaN (NaT) where there is none."""

    baseline: np.ndarray  # the first completed baseline with a score on the scale
    baseline_on: np.ndarray
    follow_up: np.ndarray  # the latest completed review or exit with a score, if on or after the baseline


@dataclass(frozen=True)
class ScoredCases:
    """Every case in scope as columns: the person's groups, what was recorded, and each scale's scores.

    Built by `selectors` from one query per instrument; never leaves `reporting`, never shown.
    """

    born: np.ndarray  # datetime64[D]
    sex: np.ndarray
    ethnicity: np.ndarray
    source: np.ndarray
    conditions: np.ndarray
    case_open: np.ndarray
    discharge_reason: np.ndarray
    linked_service: np.ndarray
    baseline_status: np.ndarray  # of the first baseline recorded, whatever its status; None if none
    baseline_reason: np.ndarray
    follow_up_status: np.ndarray  # of the latest review or exit not completed; None if none
    follow_up_reason: np.ndarray
    scales: dict[str, ScaleScores]

    def pairs(self, code: str) -> Pairs:
        scores = self.scales[code]
        paired = ~np.isnan(scores.baseline) & ~np.isnan(scores.follow_up)
        return Pairs(
            baseline=scores.baseline[paired],
            follow_up=scores.follow_up[paired],
            age=ages(self.born[paired], scores.baseline_on[paired]),
            sex=self.sex[paired],
            ethnicity=self.ethnicity[paired],
            source=self.source[paired],
            conditions=self.conditions[paired],
            linked_service=self.linked_service[paired],
        )

    def attrition(self, code: str) -> "Attrition":
        return attrition(self, code)

    def adjustment(self, code: str, threshold: int) -> Adjustment:
        """The attrition-adjusted change over everyone with a baseline whose follow-up is not still awaited
        (a case still open with no follow-up recorded, completed or not, is not lost yet)."""
        scores = self.scales[code]
        awaited = self.case_open & np.isnan(scores.follow_up) & ~np.isin(self.follow_up_status, MISSED)
        who = ~np.isnan(scores.baseline) & ~awaited
        return ipw_adjustment(
            baseline=scores.baseline[who],
            follow_up=scores.follow_up[who],
            age=ages(self.born[who], scores.baseline_on[who]),
            sex=self.sex[who],
            source=self.source[who],
            threshold=threshold,
        )


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
    differences: list[GroupDifference] = field(default_factory=list)  # each compared group vs the largest


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
    adjustment: Adjustment | None = None


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
# Onward referrals to directory services: none, referred but no attendance recorded, attended.
NOT_LINKED, REFERRED_NOT_ATTENDED, ATTENDED_SERVICE = 0, 1, 2
LINKED_SERVICE_GROUPS = (
    "Not referred to a service",
    "Referred to a service, no attendance recorded",
    "Attended a service they were referred to",
)
MISSED = ["declined", "skipped"]  # a follow-up recorded as not completed


def scale_report(*, scale: Scale, pairs: Pairs, threshold: int, age_split: int) -> ScaleReport:
    """Overall change and subgroups; nothing is computed for fewer people than the threshold."""
    if len(pairs) < threshold:
        return ScaleReport(scale=scale, n=len(pairs), overall=None)
    changes = statistics.changes_of(pairs.baseline, pairs.follow_up)
    return ScaleReport(
        scale=scale,
        n=len(pairs),
        overall=_paired(scale, pairs.baseline, pairs.follow_up),
        subgroups=[
            _subgroup(scale, pairs, changes, threshold, *grouping) for grouping in groupings(pairs, age_split)
        ],
        age_correlation=statistics.age_correlation(pairs.age, changes),
    )


def groupings(pairs: Pairs, age_split: int) -> list[tuple[str, dict[str, np.ndarray], set[str]]]:
    """The report's subgroups: each one's title, its groups as masks over the pairs, and the labels of
    groups left out of the comparisons (not known)."""
    sexes = {Sex.FEMALE.value: Sex.FEMALE.label, Sex.MALE.value: Sex.MALE.label}
    return [
        ("Sex", _labelled(pairs.sex, lambda sex: sexes.get(sex, UNKNOWN_SEX)), {UNKNOWN_SEX}),
        (
            f"Age at baseline (under {age_split} / {age_split} and over)",
            _groups(pairs.age >= age_split, [f"Under {age_split}", f"{age_split} and over"]),
            set(),
        ),
        ("Ethnic group", _labelled(pairs.ethnicity, ethnic_group), {UNKNOWN_ETHNICITY}),
        (
            "Referral source",
            _labelled(pairs.source, lambda source: REFERRAL_SOURCES.get(source, UNKNOWN_SOURCE)),
            {UNKNOWN_SOURCE},
        ),
        (
            "Long-term conditions on the referral",
            _groups(np.minimum(pairs.conditions, 2), CONDITION_BANDS),
            set(),
        ),
        (
            # Compares those who attended with those referred who did not; the not referred are shown only.
            "Linked service: attended or not",
            _groups(pairs.linked_service, LINKED_SERVICE_GROUPS),
            {LINKED_SERVICE_GROUPS[NOT_LINKED]},
        ),
    ]


def _labelled(codes: np.ndarray, label_of) -> dict[str, np.ndarray]:
    """Groups of coded values by their labels, working out each distinct code's label once."""
    labels = {code: label_of(code) for code in set(codes.tolist())}
    names = sorted(set(labels.values()))
    position = {code: names.index(label) for code, label in labels.items()}
    return _groups(np.array([position[code] for code in codes.tolist()], dtype=np.intp), names)


def _groups(index: np.ndarray, names) -> dict[str, np.ndarray]:
    """Each group with members, by name in alphabetical order: its rows as a mask (`index` gives the name)."""
    masks = {name: index == number for number, name in enumerate(names)}
    return {name: masks[name] for name in sorted(masks) if masks[name].any()}


def _paired(scale: Scale, baseline, follow_up) -> PairedChange:
    return statistics.paired_change(
        baseline, follow_up, direction=scale.direction, threshold=scale.threshold, ordinal=scale.ordinal
    )


def _subgroup(scale, pairs, changes, threshold, title, masks, unknown) -> Subgroup:
    """One subgroup table; groups under the threshold and unknown groups are left out of the tests."""
    groups = []
    for label, mask in masks.items():
        n = int(np.count_nonzero(mask))
        change = _paired(scale, pairs.baseline[mask], pairs.follow_up[mask]) if n >= threshold else None
        groups.append(Group(label, n, change))
    compared = [group.label for group in groups if group.change is not None and group.label not in unknown]
    changes_by_group = {label: changes[masks[label]] for label in compared}
    return Subgroup(
        title=title,
        groups=groups,
        comparisons=statistics.compare_groups(changes_by_group, ordinal=scale.ordinal),
        compared=compared,
        differences=differences_from_reference(changes_by_group),
    )


def attrition(cases: ScoredCases, code: str) -> Attrition:
    """Each case in one category by what was recorded for the scale; completers' and others' baselines."""
    scores = cases.scales[code]
    has_baseline = ~np.isnan(scores.baseline)
    has_follow_up = ~np.isnan(scores.follow_up)  # never without a baseline
    without_follow_up = has_baseline & ~has_follow_up
    baseline_said = np.where(has_baseline, None, cases.baseline_status)
    follow_up_said = np.where(without_follow_up, cases.follow_up_status, None)
    rules = [
        (baseline_said == "declined", BASELINE_DECLINED, cases.baseline_reason),
        (baseline_said == "skipped", BASELINE_SKIPPED, cases.baseline_reason),
        (~has_baseline, NO_BASELINE, None),
        (has_follow_up, PAIRED, None),
        (follow_up_said == "declined", FOLLOW_UP_DECLINED, cases.follow_up_reason),
        (follow_up_said == "skipped", FOLLOW_UP_SKIPPED, cases.follow_up_reason),
        (cases.case_open, STILL_OPEN, None),
        (
            np.ones(len(has_baseline), dtype=bool),
            DISCHARGED_WITHOUT,
            _discharge_labels(cases.discharge_reason),
        ),
    ]
    # np.select takes the first rule that holds, as the categories are listed above.
    category = np.select([holds for holds, _, _ in rules], np.arange(len(rules)))
    counts = dict.fromkeys(ATTRITION_ORDER, 0)
    for number, (_, name, _) in enumerate(rules):
        counts[name] = int(np.count_nonzero(category == number))
    counts[BASELINE_RECORDED] = int(np.count_nonzero(has_baseline))
    reasons = defaultdict(int)
    for number, (_, name, said) in enumerate(rules):
        if said is not None:
            for reason, cases_giving in Counter(said[category == number].tolist()).items():
                if reason:
                    reasons[f"{name}: {' '.join(reason.split())}"] += cases_giving
    completers = statistics.summarise(scores.baseline[has_follow_up])
    non_completers = statistics.summarise(scores.baseline[without_follow_up])
    return Attrition(
        cases=len(has_baseline),
        counts=counts,
        reasons=dict(sorted(reasons.items())),
        completers=completers,
        non_completers=non_completers,
        comparison=statistics.welch_from_summaries(completers, non_completers),
    )


def _discharge_labels(reasons: np.ndarray) -> np.ndarray:
    """Each case's discharge reason in words, each distinct reason looked up once."""
    distinct = {
        reason: DISCHARGE_LABELS.get(reason, "Reason not recorded") for reason in set(reasons.tolist())
    }
    return np.asarray([distinct[reason] for reason in reasons.tolist()], dtype=object)
