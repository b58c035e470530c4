"""In-process domain events: lower apps publish, upper apps (messaging) subscribe.

Handlers run synchronously inside the publisher's transaction, so anything they write (an outbox
row, say) commits or rolls back with the change that caused it; an exception in a handler rolls
the whole change back. Handlers that need to reach the outside world must not do so here: they
write to the outbox, which delivers after commit.

Every event is named here, with what it carries and who listens, so the wiring can be read in one
place. Publishing or subscribing to a name not listed is refused, and
`core/tests/test_events.py` checks that the listeners below are the handlers actually subscribed.
"""

from collections import defaultdict
from collections.abc import Callable

# Published by referrals (payload: referral, by).
REFERRAL_ALLOCATED = "referral.allocated"
REFERRAL_ACCEPTED = "referral.accepted"
REFERRAL_DECLINED = "referral.declined"
# Published by casework.
APPOINTMENT_BOOKED = "appointment.booked"  # appointment (a booked Contact), by; booked or moved
RISK_RAISED = "risk.raised"  # flag, by
CASE_DISCHARGED = "case.discharged"  # case, by
# Published by outcomes: link, token (shown once, for the message), case, by.
QUESTIONNAIRE_LINK_ISSUED = "questionnaire_link.issued"
# Published by onward (payload: onward, by; ONWARD_MESSAGE also the OnwardEvent as `event`).
ONWARD_REQUESTED = "onward.requested"
ONWARD_RESPONDED = "onward.responded"
ONWARD_MESSAGE = "onward.message"

# Who listens to each event, in subscription order (module.function).
LISTENERS: dict[str, tuple[str, ...]] = {
    REFERRAL_ALLOCATED: ("linkwork.messaging.notices.referral_allocated",),
    REFERRAL_ACCEPTED: ("linkwork.messaging.message_back.on_referral_accepted",),
    REFERRAL_DECLINED: ("linkwork.messaging.message_back.on_referral_declined",),
    APPOINTMENT_BOOKED: ("linkwork.messaging.handlers.appointment_booked",),
    RISK_RAISED: ("linkwork.messaging.notices.risk_raised",),
    CASE_DISCHARGED: ("linkwork.messaging.message_back.on_case_discharged",),
    QUESTIONNAIRE_LINK_ISSUED: ("linkwork.messaging.handlers.questionnaire_link_issued",),
    ONWARD_REQUESTED: ("linkwork.messaging.notices.onward_requested",),
    ONWARD_RESPONDED: ("linkwork.messaging.notices.onward_replied",),
    ONWARD_MESSAGE: ("linkwork.messaging.notices.onward_replied",),
}

_handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)


def _known(name: str) -> str:
    if name not in LISTENERS:
        raise ValueError(f"Unknown event {name!r}: name it in linkwork/core/events.py first")
    return name


def subscribe(name: str, handler: Callable[..., None]) -> None:
    """Register a handler for an event; subscribing the same handler twice has no effect."""
    if handler not in _handlers[_known(name)]:
        _handlers[name].append(handler)


def publish(name: str, **payload) -> None:
    """Run every handler of the event, in subscription order, in the caller's transaction."""
    for handler in list(_handlers.get(_known(name), ())):
        handler(**payload)


def handlers(name: str) -> list[Callable[..., None]]:
    """The handlers registered for an event (for tests and diagnostics)."""
    return list(_handlers.get(name, ()))
