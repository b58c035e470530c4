"""The scheme's session limit: the one rule for every place that speaks of it.

The case header, the caseload's next actions, the team's dependency list, the scheduled reminder and
the contact that would go past the limit all read a `SessionLimit`, so they agree on when the limit
is near or reached and say it in the same words.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from linkwork.core.errors import DomainError

from .models import Contact

WEEKS_WARNING = 4  # the time limit is near this many weeks before it ends


def attended_sessions(case_ref: str = "pk"):
    """The case's attended contacts (those that count towards the limit), counted in a subquery:
    no join and GROUP BY over the case's row, so it sits beside other annotations."""
    per_case = Contact.objects.sessions().filter(case=OuterRef(case_ref)).order_by().values("case")
    return Coalesce(Subquery(per_case.annotate(count=Count("pk")).values("count")), 0)


@dataclass(frozen=True)
class SessionLimit:
    """Attended sessions against the scheme's cap (None: the scheme has no limit)."""

    attended: int
    cap: int | None
    extended: bool = False

    @property
    def reached(self) -> bool:
        return bool(self.cap) and self.attended >= self.cap

    @property
    def near(self) -> bool:
        """One session left, or none: time to plan the ending with the person or record a reason."""
        return bool(self.cap) and self.attended >= self.cap - 1

    @property
    def needs_action(self) -> bool:
        """Near the limit and no reason to extend recorded yet: the link worker should act."""
        return self.near and not self.extended

    @property
    def text(self) -> str:
        if not self.cap:
            return f"{self.attended} sessions used"
        left = self.cap - self.attended
        return f"{self.attended} of {self.cap} sessions used" + (", one left" if left == 1 else "")

    def check_room_for_another(self) -> None:
        """Refuse one more attended session past the limit unless a reason to extend is recorded."""
        if self.reached and not self.extended:
            raise DomainError(
                f"This would be session {self.attended + 1}: the scheme's limit is {self.cap}. "
                "Record a reason to extend support first.",
                field="attendance",
            )


def session_limit(case, attended: int) -> SessionLimit:
    """The limit for a case whose referral's scheme is loaded, with `attended` sessions counted."""
    return SessionLimit(
        attended=attended, cap=case.referral.scheme.session_cap, extended=bool(case.extension_reason)
    )
