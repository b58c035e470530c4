"""Small numbers are never shown, nor recoverable by subtraction."""

from linkwork.reporting.suppression import shown_count, shown_partition, shown_percentage


def test_counts_under_the_threshold_are_shown_as_less_than():
    assert [shown_count(n, 5) for n in (0, 4, 5, 12)] == ["<5", "<5", 5, 12]
    assert shown_count(9, 10) == "<10"


def test_one_small_cell_hides_the_next_smallest_so_it_cannot_be_worked_out():
    shown = shown_partition({"improved": 12, "no_change": 3, "worse": 7}, 5)

    assert shown == {"improved": 12, "no_change": "<5", "worse": "hidden"}


def test_small_cells_that_together_reach_the_threshold_need_no_more_hiding():
    assert shown_partition({"a": 2, "b": 3, "c": 20}, 5) == {"a": "<5", "b": "<5", "c": 20}


def test_small_cells_that_together_stay_small_hide_the_next_smallest():
    shown = shown_partition({"none": 1, "declined": 0, "skipped": 0, "recorded": 14, "other": 30}, 5)

    assert shown == {"none": "<5", "declined": "<5", "skipped": "<5", "recorded": "hidden", "other": 30}


def test_a_lone_zero_gives_nobody_away():
    assert shown_partition({"improved": 12, "worse": 0}, 5) == {"improved": 12, "worse": "<5"}


def test_percentages_only_beside_shown_counts():
    assert shown_percentage(5, 20) == 25.0
    assert shown_percentage("<5", 20) is None


def test_a_count_published_elsewhere_is_not_the_one_hidden():
    shown = shown_partition({"pairs": 6, "declined": 5, "discharged": 2}, 5, published={"pairs"})

    assert shown == {"pairs": 6, "declined": "hidden", "discharged": "<5"}


def test_a_count_hidden_for_another_table_takes_a_second_with_it():
    shown = shown_partition({"none": 5, "declined": 6, "recorded": 8}, 5, also_hide={"recorded"})

    assert shown == {"none": "hidden", "declined": 6, "recorded": "hidden"}
