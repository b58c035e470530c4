"""Reads of the audit trail itself."""

from django.core.paginator import Paginator

from .models import AuditEvent

HISTORY_PAGE_SIZE = 50
_VIEW_VERBS = frozenset({"view", "list", "search", "inbox"})


def access_kind(event) -> str:
    """The plain-English kind of an event: viewed, changed, exported, printed or refused."""
    if event.outcome == AuditEvent.Outcome.DENIED:
        return "Refused"
    verb = event.action.rsplit(".", 1)[-1]
    if "export" in verb or "extract" in verb:
        return "Exported"
    if "print" in verb:
        return "Printed"
    if verb in _VIEW_VERBS or verb.endswith(("_view", "_list")):
        return "Viewed"
    return "Changed"


def person_access_page(*, person_ids, page_number):
    """Everyone who opened, changed, exported or was refused these records, newest first (two queries).

    Lists and searches that showed the people count too (their appearance rows): a count and a page,
    each from two index lookups, whatever the size of the trail.
    """
    events = (
        AuditEvent.objects.about(person_ids)
        .select_related("organisation")
        .only(
            "occurred_at",
            "actor_label",
            "organisation__name",
            "role",
            "action",
            "outcome",
            "reason",
            "details",
        )
        .order_by("-occurred_at", "-id")
    )
    return Paginator(events, HISTORY_PAGE_SIZE).get_page(page_number)
