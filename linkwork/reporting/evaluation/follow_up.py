"""Which follow-up a report pairs with the baseline: the latest (review or exit), the exit, or one review.

Parsed from the report's `follow_up` choice (`latest`, `exit`, `review-2`); the selectors turn it into
the condition a follow-up response must meet, and the methods and table titles state it in words.
"""

from dataclasses import dataclass

from django.db.models import Q

from linkwork.casework.vocabulary import TimePoint
from linkwork.core.errors import DomainError

LATEST, EXIT, REVIEW = "latest", "exit", "review"
# Reviews the page offers by number; the API takes any review number up to MAX_REVIEW.
REVIEWS_OFFERED = 8
MAX_REVIEW = 99


@dataclass(frozen=True)
class FollowUp:
    kind: str = LATEST
    review: int | None = None  # the review's number (its occasion) when kind is REVIEW

    @property
    def code(self) -> str:
        return f"{REVIEW}-{self.review}" if self.kind == REVIEW else self.kind

    @property
    def label(self) -> str:
        if self.kind == EXIT:
            return "End of support (exit)"
        if self.kind == REVIEW:
            return f"Review {self.review}"
        return "Latest follow-up (review or exit)"

    @property
    def title(self) -> str:
        """The follow-up as the change table's title names it."""
        if self.kind == EXIT:
            return "the end of support"
        if self.kind == REVIEW:
            return f"review {self.review}"
        return "latest follow-up"

    def described(self) -> str:
        """The pairing rule for the methods."""
        if self.kind == EXIT:
            return (
                "the end-of-support (exit) measure only; cases without a completed exit score have no "
                "pair, even when a review was completed"
            )
        if self.kind == REVIEW:
            return (
                f"review {self.review} only (the review recorded as number {self.review}); cases without "
                "a completed score at that review have no pair"
            )
        return "the latest later completed score (review or end of support)"

    def condition(self) -> Q:
        """What a follow-up response must be (it is never the baseline)."""
        if self.kind == EXIT:
            return Q(time_point=TimePoint.EXIT)
        if self.kind == REVIEW:
            return Q(time_point=TimePoint.REVIEW, occasion=self.review)
        return ~Q(time_point=TimePoint.BASELINE)


LATEST_FOLLOW_UP = FollowUp(LATEST)


def follow_up_choices() -> list[tuple[str, str]]:
    options = [FollowUp(LATEST), FollowUp(EXIT)] + [
        FollowUp(REVIEW, number) for number in range(1, REVIEWS_OFFERED + 1)
    ]
    return [(option.code, option.label) for option in options]


def parse_follow_up(code: str | None) -> FollowUp:
    """`latest` (also when empty), `exit` or `review-<n>`; DomainError names the field otherwise."""
    code = (code or LATEST).strip()
    if code in {LATEST, EXIT}:
        return FollowUp(code)
    kind, _, number = code.partition("-")
    if kind == REVIEW and number.isdecimal() and number.isascii() and 1 <= int(number) <= MAX_REVIEW:
        return FollowUp(REVIEW, int(number))
    raise DomainError(
        f"Choose the follow-up as latest, exit or review-1 to review-{MAX_REVIEW} (not {code!r})",
        field="follow_up",
    )
