"""Small-number suppression: no count under the threshold is shown, nor can one be worked out.

Pure Python. A suppressed count is shown as "<5" (with the configured threshold). Within a set of
counts that add up to a total the reader can see, the suppressed cells' sum can be recovered by
subtraction; when that sum is itself small (1 to threshold − 1), the smallest shown cell is hidden
too (secondary suppression), shown as "hidden" because it is not itself small.
"""

from collections.abc import Collection, Mapping

from .rounding import half_up

HIDDEN = "hidden"


def suppressed_label(threshold: int) -> str:
    return f"<{threshold}"


def shown_count(count: int, threshold: int) -> int | str:
    return count if count >= threshold else suppressed_label(threshold)


def shown_partition(
    counts: Mapping[str, int],
    threshold: int,
    *,
    published: Collection[str] = (),
    also_hide: Collection[str] = (),
) -> dict[str, int | str]:
    """Counts that add up to a shown total, with primary and secondary suppression applied.

    `published` counts appear elsewhere in the report, so hiding them here would protect nothing;
    `also_hide` are counts another part of the report needs hidden.
    """
    small = {key for key, count in counts.items() if count < threshold}
    hidden = set(also_hide) - small
    candidates = sorted(
        (key for key in counts if key not in small | hidden | set(published)), key=lambda key: counts[key]
    )
    while candidates and _recoverable(counts, small, hidden, threshold):
        hidden.add(candidates.pop(0))
    return {
        key: suppressed_label(threshold) if key in small else HIDDEN if key in hidden else count
        for key, count in counts.items()
    }


def _recoverable(counts, small, hidden, threshold) -> bool:
    """Whether subtracting the shown counts from the total would give away a small number.

    The suppressed cells' sum is known; it gives someone away when it is small but not zero, or when it
    is one hidden cell on its own.
    """
    suppressed_total = sum(counts[key] for key in small | hidden)
    return 0 < suppressed_total < threshold or (len(hidden) == 1 and not small)


def shown_percentage(count: int | str, total: int) -> float | None:
    """A percentage only beside a count that is shown."""
    if isinstance(count, str) or not total:
        return None
    return half_up(100 * count / total, 1)
