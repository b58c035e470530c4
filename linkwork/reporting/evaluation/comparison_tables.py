"""The outcome report's tables of issue 21: differences in change between groups, and the estimate that
allows for people lost to follow-up. Same form and suppression as the rest of `tables`."""

from ..suppression import HIDDEN, shown_count, shown_partition
from ..table_model import COUNT, DF, P_VALUE, TEXT, Column, Table, rounded
from . import attrition


def differences_table(report) -> Table:
    """Each compared group's mean change against the reference group's, with Welch's CI and test."""
    rows = []
    for scale in report.scales:
        for subgroup in scale.subgroups:
            shown = shown_partition({group.label: group.n for group in subgroup.groups}, report.threshold)
            # As for the tests: a difference involving a hidden group would hint at its size.
            if any(shown[label] == HIDDEN for label in subgroup.compared):
                continue
            for difference in subgroup.differences:
                rows.append(
                    {
                        "scale": scale.scale.title,
                        "subgroup": subgroup.title,
                        "group": difference.group,
                        "reference": difference.reference,
                        "group_change": rounded(difference.group_mean),
                        "reference_change": rounded(difference.reference_mean),
                        "difference": rounded(difference.difference),
                        "ci_low": rounded(difference.ci_low),
                        "ci_high": rounded(difference.ci_high),
                        "hedges_g": rounded(difference.hedges_g),
                        "test": difference.test,
                        "test_statistic": rounded(difference.statistic, 3),
                        "test_df": rounded(difference.df),
                        "test_p": difference.p_value,
                    }
                )
    columns = [
        Column("scale", "Scale", TEXT),
        Column("subgroup", "Subgroup", TEXT),
        Column("group", "Group", TEXT),
        Column("reference", "Compared with", TEXT),
        Column("group_change", "Mean change (group)"),
        Column("reference_change", "Mean change (compared with)"),
        Column("difference", "Difference in mean change"),
        Column("ci_low", "95% CI lower"),
        Column("ci_high", "95% CI upper"),
        Column("hedges_g", "Hedges' g"),
        Column("test", "Test", TEXT),
        Column("test_statistic", "t"),
        Column("test_df", "df", DF),
        Column("test_p", "p", P_VALUE),
    ]
    return Table("differences", "Difference in mean change between groups", columns, rows)


def adjusted_table(report) -> Table:
    """The complete-case estimate and the attrition-adjusted one side by side, per scale."""
    rows = []
    for scale in report.scales:
        overall, adjustment = scale.overall, scale.adjustment
        rows.append(
            {
                "scale": scale.scale.title,
                "estimate": "Complete cases (pairs only)",
                "people": shown_count(scale.n, report.threshold),
                "followed_up": shown_count(scale.n, report.threshold),
                **(
                    {
                        "change_mean": rounded(overall.change.mean),
                        "ci_low": rounded(overall.ci_low),
                        "ci_high": rounded(overall.ci_high),
                    }
                    if overall
                    else {}
                ),
            }
        )
        weighted = adjustment.weighted if adjustment else None
        rows.append(
            {
                "scale": scale.scale.title,
                "estimate": f"{attrition.METHOD} on {attrition.COVARIATES}",
                # Without an estimate the lost may be few: their count would follow from these two.
                "people": adjustment.started if weighted else None,
                "followed_up": adjustment.followed_up if weighted else None,
                **(
                    {
                        "change_mean": rounded(weighted.mean),
                        "ci_low": rounded(weighted.ci_low),
                        "ci_high": rounded(weighted.ci_high),
                        "effective_n": rounded(weighted.effective_n, 1),
                        "largest_weight": rounded(weighted.largest_weight),
                    }
                    if weighted
                    else {"note": f"Not estimated: {adjustment.not_estimated}" if adjustment else None}
                ),
            }
        )
    columns = [
        Column("scale", "Scale", TEXT),
        Column("estimate", "Estimate", TEXT),
        Column("people", "People it speaks for", COUNT),
        Column("followed_up", "Pairs used", COUNT),
        Column("change_mean", "Mean change"),
        Column("ci_low", "95% CI lower"),
        Column("ci_high", "95% CI upper"),
        Column("effective_n", "Effective n (weighted)"),
        Column("largest_weight", "Largest weight"),
        Column("note", "Note", TEXT),
    ]
    return Table("adjusted", "Mean change allowing for people lost to follow-up", columns, rows)
