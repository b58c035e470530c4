"""Reading a case's risk and safeguarding flags, for its risk page and its timeline.

The case itself was opened (scoped and audited) by `case_open`; these read what hangs off it.
"""

from dataclasses import dataclass

from django.urls import reverse

from ..models import Case, RiskFlag
from ..timeline import TimelineEntry


@dataclass(frozen=True)
class FlagHistory:
    flag: RiskFlag
    escalations: list[str]  # one line per escalation: when, to whom, what they said

    @property
    def is_open(self):
        return self.flag.cleared_at is None


def _with_people(case: Case):
    return RiskFlag.objects.filter(case=case).select_related("raised_by", "cleared_by")


def case_flags(case: Case) -> tuple[list[FlagHistory], list[FlagHistory]]:
    """Open flags (oldest first) and cleared flags (most recently cleared first), in one query."""
    flags = [FlagHistory(flag, flag.escalated_to.splitlines()) for flag in _with_people(case)]
    open_flags = [history for history in flags if history.is_open]
    cleared = sorted(
        (history for history in flags if not history.is_open), key=lambda h: h.flag.cleared_at, reverse=True
    )
    return open_flags, cleared


def case_flag(case: Case, flag_id: int) -> RiskFlag | None:
    """One flag of this case, or None if the id belongs to no flag of it."""
    return _with_people(case).filter(pk=flag_id).first()


def timeline_entries(case: Case) -> list[TimelineEntry]:
    """Each flag raised, its latest escalation and its clearing, for the case timeline."""
    href = reverse("casework:risk", kwargs={"case_id": case.pk})
    entries = []
    for flag in _with_people(case):
        kind = flag.get_kind_display()
        entries.append(
            TimelineEntry(
                at=flag.raised_at,
                kind="risk",
                title=f"Risk flag raised: {kind}",
                detail=f"{flag.description} (raised by {flag.raised_by_name})",
                href=href,
            )
        )
        if flag.escalated_at:
            latest = flag.escalated_to.splitlines()[-1]
            entries.append(
                TimelineEntry(
                    at=flag.escalated_at, kind="risk", title=f"Escalated: {kind}", detail=latest, href=href
                )
            )
        if flag.cleared_at:
            entries.append(
                TimelineEntry(
                    at=flag.cleared_at,
                    kind="risk",
                    title=f"Risk flag cleared: {kind}",
                    detail=f"{flag.clear_reason} (cleared by {flag.cleared_by.display_name})",
                    href=href,
                )
            )
    return entries
