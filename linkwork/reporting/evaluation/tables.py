"""The outcome report as tables: the one form the page, CSV, XLSX and the API all show.

Suppression is applied here, once, so every output carries the same figures. Numbers stay numbers
(rounded) for spreadsheets and JSON; `Table.display_rows` formats them for the page.
"""

from ..suppression import HIDDEN, shown_count, shown_partition, shown_percentage, suppressed_label
from ..table_model import COUNT, DF, NUMBER, P_VALUE, PERCENT, TEXT, Column, Table
from ..table_model import rounded as _round
from .comparison_tables import adjusted_table, differences_table
from .holistic import method_lines
from .outcome_report import (
    ATTRITION_ORDER,
    BASELINE_PARTITION,
    BASELINE_RECORDED,
    FOLLOW_UP_PARTITION,
    PAIRED,
    Attrition,
    ScaleReport,
    Subgroup,
)
from .selectors import OutcomeReport
from .statistics import PairedChange, Summary, TestResult

__all__ = ["COUNT", "NUMBER", "PERCENT", "TEXT", "Column", "Table", "methods", "outcome_tables"]


def _summary_cells(prefix: str, summary: Summary) -> dict:
    return {f"{prefix}_mean": _round(summary.mean), f"{prefix}_sd": _round(summary.sd)}


def _test_cells(prefix: str, test: TestResult | None) -> dict:
    if test is None:
        return {f"{prefix}_statistic": None, f"{prefix}_df": None, f"{prefix}_p": None}
    return {
        f"{prefix}_statistic": _round(test.statistic, 3),
        f"{prefix}_df": _round(test.df),
        # Full precision: a small p rounded to 0.0 would read as impossible; pages show "<0.001".
        f"{prefix}_p": test.p_value,
    }


def _change_cells(change: PairedChange | None) -> dict:
    if change is None:
        return {}
    return {
        **_summary_cells("baseline", change.baseline),
        **_summary_cells("follow_up", change.follow_up),
        **_summary_cells("change", change.change),
        "ci_low": _round(change.ci_low),
        "ci_high": _round(change.ci_high),
        **_test_cells("t", change.t_test),
        "d_z": _round(change.cohens_dz),
        "wilcoxon_statistic": _round(change.wilcoxon.statistic, 3) if change.wilcoxon else None,
        "wilcoxon_p": change.wilcoxon.p_value if change.wilcoxon else None,
    }


CATEGORY_LABELS = {
    "reliable_improved": "Improved by at least the threshold",
    "reliable_no_change": "No reliable change",
    "reliable_worse": "Worse by at least the threshold",
    "any_improved": "Better by any amount",
    "any_no_change": "No change at all",
    "any_worse": "Worse by any amount",
}
CHANGE_COLUMNS = [
    Column("baseline_mean", "Baseline mean"),
    Column("baseline_sd", "Baseline SD"),
    Column("follow_up_mean", "Follow-up mean"),
    Column("follow_up_sd", "Follow-up SD"),
    Column("change_mean", "Mean change"),
    Column("change_sd", "SD of change"),
    Column("ci_low", "95% CI lower"),
    Column("ci_high", "95% CI upper"),
]


TABLE_KEYS = (
    "change",
    "categories",
    "subgroups",
    "comparisons",
    "differences",
    "attrition",
    "completers",
    "adjusted",
)


def outcome_tables(report: OutcomeReport) -> list[Table]:
    return [
        _change_table(report),
        _categories_table(report),
        _subgroups_table(report),
        _comparisons_table(report),
        differences_table(report),
        _attrition_table(report),
        _completers_table(report),
        adjusted_table(report),
    ]


def _change_table(report) -> Table:
    rows = [
        {
            "scale": scale.scale.title,
            "n": shown_count(scale.n, report.threshold),
            **_change_cells(scale.overall),
        }
        for scale in report.scales
    ]
    columns = [
        Column("scale", "Scale", TEXT),
        Column("n", "Pairs", COUNT),
        *CHANGE_COLUMNS,
        Column("t_statistic", "Paired t"),
        Column("t_df", "df", DF),
        Column("t_p", "p (paired t)", P_VALUE),
        Column("d_z", "Effect size (Cohen's dz)"),
        Column("wilcoxon_statistic", "Wilcoxon W"),
        Column("wilcoxon_p", "p (Wilcoxon)", P_VALUE),
    ]
    return Table("change", f"Change from baseline to {report.criteria.follow_up.title}", columns, rows)


def _categories_table(report) -> Table:
    rows = []
    for scale in report.scales:
        change = scale.overall
        row = {"scale": scale.scale.title, "threshold": scale.scale.threshold}
        if change is not None:
            n = change.n
            for prefix, counts in (("reliable", change.reliable_change), ("any", change.any_change)):
                if counts is None:
                    continue
                shown = shown_partition(
                    {"improved": counts.improved, "no_change": counts.no_change, "worse": counts.worse},
                    report.threshold,
                )
                for key, count in shown.items():
                    row[f"{prefix}_{key}"] = count
                    row[f"{prefix}_{key}_percent"] = shown_percentage(count, n)
        rows.append(row)
    columns = [Column("scale", "Scale", TEXT), Column("threshold", "Meaningful change")]
    for key, label in CATEGORY_LABELS.items():
        columns += [Column(key, label, COUNT), Column(f"{key}_percent", "%", PERCENT)]
    return Table("categories", "Improved, no change and worse", columns, rows)


def _subgroups_table(report) -> Table:
    rows = []
    for scale in report.scales:
        for subgroup in scale.subgroups:
            shown = _group_counts(subgroup, report.threshold)
            for group in subgroup.groups:
                rows.append(
                    {
                        "scale": scale.scale.title,
                        "subgroup": subgroup.title,
                        "group": group.label,
                        "n": shown[group.label],
                        # A hidden count's statistics would give it away (the CI's width depends on n).
                        **(_change_cells(group.change) if shown[group.label] != HIDDEN else {}),
                    }
                )
    columns = [
        Column("scale", "Scale", TEXT),
        Column("subgroup", "Subgroup", TEXT),
        Column("group", "Group", TEXT),
        Column("n", "Pairs", COUNT),
        *CHANGE_COLUMNS,
        Column("t_statistic", "Paired t"),
        Column("t_df", "df", DF),
        Column("t_p", "p (paired t)", P_VALUE),
        Column("d_z", "Cohen's dz"),
    ]
    return Table("subgroups", "Change by subgroup", columns, rows)


def _group_counts(subgroup: Subgroup, threshold: int) -> dict:
    return shown_partition({group.label: group.n for group in subgroup.groups}, threshold)


def _comparisons_table(report) -> Table:
    rows = []
    for scale in report.scales:
        for subgroup in scale.subgroups:
            shown = _group_counts(subgroup, report.threshold)
            # A test between groups, one of them hidden, would hint at its size: leave it out.
            if any(shown[label] == HIDDEN for label in subgroup.compared):
                continue
            for test in subgroup.comparisons:
                rows.append(
                    {
                        "scale": scale.scale.title,
                        "comparison": f"{subgroup.title}: {' vs '.join(subgroup.compared)}",
                        "test": test.test,
                        **_test_cells("test", test),
                    }
                )
        if scale.age_correlation is not None:
            rows.append(
                {
                    "scale": scale.scale.title,
                    "comparison": "Age at baseline and change",
                    "test": scale.age_correlation.test,
                    **_test_cells("test", scale.age_correlation),
                }
            )
    columns = [
        Column("scale", "Scale", TEXT),
        Column("comparison", "Comparison of change", TEXT),
        Column("test", "Test", TEXT),
        Column("test_statistic", "Statistic"),
        Column("test_df", "df", DF),
        Column("test_p", "p", P_VALUE),
    ]
    return Table("comparisons", "Does change differ between groups?", columns, rows)


def _attrition_table(report) -> Table:
    rows = []
    for scale in report.scales:
        rows += _attrition_rows(scale, scale.attrition, report.threshold)
    columns = [
        Column("scale", "Scale", TEXT),
        Column("category", "Cases opened in the period", TEXT),
        Column("cases", "Cases", COUNT),
        Column("percent", "% of cases", PERCENT),
    ]
    return Table("attrition", "Who has a baseline and a follow-up, and why not", columns, rows)


def _attrition_rows(scale: ScaleReport, attrition: Attrition, threshold: int) -> list[dict]:
    total, counts = attrition.cases, attrition.counts
    # The pairs are counted in the change table, so those without a follow-up (baseline recorded
    # minus pairs) would be given away unless the baseline count is hidden when they are few.
    without_follow_up = counts[BASELINE_RECORDED] - counts[PAIRED]
    shown = {
        **shown_partition(
            {key: counts[key] for key in BASELINE_PARTITION},
            threshold,
            also_hide={BASELINE_RECORDED} if 0 < without_follow_up < threshold else set(),
        ),
        **shown_partition({key: counts[key] for key in FOLLOW_UP_PARTITION}, threshold, published={PAIRED}),
    }
    lines = [("All cases", shown_count(total, threshold))]
    lines += [(category, shown[category]) for category in ATTRITION_ORDER]
    lines += _reason_lines(attrition.reasons, threshold)
    return [
        {
            "scale": scale.scale.title,
            "category": category,
            "cases": count,
            "percent": shown_percentage(count, total),
        }
        for category, count in lines
    ]


def _reason_lines(reasons: dict, threshold: int) -> list[tuple[str, int | str]]:
    """Reasons as recorded, each shown only when at least `threshold` cases give it word for word.

    Free text can name or describe someone, and rare wording could identify them; so rarer reasons
    are pooled.
    """
    common = [(f"Reason – {text}", count) for text, count in reasons.items() if count >= threshold]
    rare = sum(count for count in reasons.values() if count < threshold)
    if rare:
        common.append(
            (f"Reason – other reasons, each given by fewer than {threshold}", shown_count(rare, threshold))
        )
    return common


def _completers_table(report) -> Table:
    rows = []
    for scale in report.scales:
        attrition = scale.attrition
        row = {"scale": scale.scale.title}
        both_shown = True
        for prefix, summary in (("completers", attrition.completers), ("others", attrition.non_completers)):
            row[f"{prefix}_n"] = shown_count(summary.n, report.threshold)
            if summary.n >= report.threshold:
                row.update(_summary_cells(prefix, summary))
            else:
                both_shown = False
        rows.append(row | _test_cells("welch", attrition.comparison if both_shown else None))
    columns = [
        Column("scale", "Scale", TEXT),
        Column("completers_n", "With follow-up", COUNT),
        Column("completers_mean", "Baseline mean"),
        Column("completers_sd", "Baseline SD"),
        Column("others_n", "Without follow-up", COUNT),
        Column("others_mean", "Baseline mean"),
        Column("others_sd", "Baseline SD"),
        Column("welch_statistic", "Welch's t"),
        Column("welch_df", "df", DF),
        Column("welch_p", "p", P_VALUE),
    ]
    return Table("completers", "Baselines of those with and without a follow-up", columns, rows)


def methods(report: OutcomeReport) -> list[str]:
    """The methods, in the words the report prints beside the tables."""
    criteria, threshold = report.criteria, report.threshold
    scope = (
        "every provider's cases in the scheme"
        if report.whole_scheme
        else "your own provider's cases in the scheme only"
    )
    return [
        f"Cases: {scope}, opened in the period chosen. A pair is a case's first completed baseline score "
        f"and, on or after it, {criteria.follow_up.described()}, on the same scale; converted scores are "
        "used where the instrument has a conversion table. Change is follow-up minus baseline. Attrition "
        "counts a follow-up as missing, declined or not asked for this same follow-up.",
        *([criteria.cohort.described()] if criteria.cohort.parts() else []),
        "Mean (SD) uses the sample standard deviation. The 95% confidence interval of the mean change uses "
        "the t distribution with n − 1 degrees of freedom. The paired t-test is two-sided (scipy's "
        "related-samples t-test). Cohen's dz (d for paired data) is the mean change divided by the SD of the changes.",
        "Improved, no change and worse are judged by the instrument's meaningful-change threshold and "
        "direction (the same rule as each person's change view), and also by any amount of change.",
        "Single-item scales with ordered answers (for example ONS4 items) also get the Wilcoxon signed-rank "
        "test, two-sided, dropping zero changes (Wilcoxon's method): exact for up to 50 non-zero changes "
        "without ties, otherwise the normal approximation with a correction for ties.",
        f"Subgroups: sex, age at baseline (under {criteria.age_split} and {criteria.age_split} and over), "
        "ethnic group (NHS ethnic category groups), referral source and the number of long-term conditions "
        "on the referral (none, one, two or more), and whether people referred to a directory service "
        "attended one (attended: a session recorded, or marked attending or completed; those not referred "
        "are shown but not compared; an association, not the effect of attending). Deprivation quintile "
        "is not reported: Linkwork does not "
        "record it. Each subgroup row gives the paired t-test (t, df, p) and Cohen's dz within the group. "
        "Whether change differs between groups: Welch's t-test for two groups (unequal variances allowed, "
        "Welch–Satterthwaite df), the Alexander–Govern test for more. Ordinal scales add Mann–Whitney U or "
        "Kruskal–Wallis. Groups recorded as not known, and groups under the suppression threshold, are left "
        "out of these tests. Age and change: Pearson's r.",
        "Difference in mean change: each group's mean change minus that of the largest group of the same "
        "subgroup (the reference, named in the table), with its 95% confidence interval and test from "
        "Welch's t-test (two-sided, Welch–Satterthwaite df), and Hedges' g: the difference divided by the "
        "pooled SD of the changes, times the exact small-sample correction J = Γ(df/2) / (√(df/2) "
        "Γ((df − 1)/2)), df = n₁ + n₂ − 2. Welch's test assumes independent people and a roughly normal "
        "mean change in each group (reasonable for a few dozen people or more); it does not assume equal "
        "variances.",
        "Attrition counts every case opened in the period by what was recorded for this scale; completers "
        "and those without a follow-up are compared on their baseline scores with Welch's t-test.",
        f"Suppression: any count under {threshold} is shown as {suppressed_label(threshold)}. Where the "
        f"suppressed counts of a table part add up to fewer than {threshold} (so could be worked out from its "
        "total), the next smallest count is shown as hidden, with its statistics; no statistic is shown for a "
        f"group of fewer than {threshold} people. Reasons are shown in their recorded words only when at least "
        f"{threshold} cases give the same words.",
        "Allowing for people lost to follow-up: beside the complete-case estimate (the pairs only), inverse "
        "probability weighting. Among everyone with a baseline whose follow-up is no longer awaited (cases "
        "still open with nothing recorded for the follow-up are left out), a logistic regression models "
        "the chance of being followed up from the baseline score, age, sex and referral source (categories "
        f"of fewer than {threshold} people pooled with the most common one); each pair is weighted by one "
        "over its modelled chance, and the weighted mean change is given with a robust (sandwich, HC1) 95% "
        "confidence interval that treats the weights as known. Effective n is Kish's (Σw)² / Σw². It "
        "assumes missing at random: among people alike in those four things, whether they were followed "
        "up does not depend on how much they changed. If people who did worse were more likely to be lost "
        "in ways those four do not capture, both estimates overstate change. Not estimated when fewer "
        f"than {threshold} were followed up or lost, or when the model cannot be fitted.",
        "No adjustment is made for multiple comparisons; read subgroup p-values with care.",
        *method_lines(criteria.instrument),
    ]
