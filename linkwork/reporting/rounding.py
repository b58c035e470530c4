"""Rounding as people do it by hand: halves go up (2.675 → 2.68, 0.625 → 0.63), from the decimal value
shown rather than the float's binary approximation, which Python's round() uses (round(2.675, 2) is
2.67, round(0.625, 2) is 0.62)."""

from decimal import ROUND_HALF_UP, Decimal


def half_up(value: float | None, places: int) -> float | None:
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
