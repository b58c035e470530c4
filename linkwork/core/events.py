"""In-process domain events: lower apps publish, upper apps (messaging) subscribe.

Handlers run synchronously inside the publisher's transaction, so anything they write (an outbox
row, say) commits or rolls back with the change that caused it; an exception in a handler rolls
the whole change back. Handlers that need to reach the outside world must not do so here: they
write to the outbox, which delivers after commit.
"""

from collections import defaultdict
from collections.abc import Callable

_handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)


def subscribe(name: str, handler: Callable[..., None]) -> None:
    """Register a handler for an event; subscribing the same handler twice has no effect."""
    if handler not in _handlers[name]:
        _handlers[name].append(handler)


def publish(name: str, **payload) -> None:
    """Run every handler of the event, in subscription order, in the caller's transaction."""
    for handler in list(_handlers.get(name, ())):
        handler(**payload)


def handlers(name: str) -> list[Callable[..., None]]:
    """The handlers registered for an event (for tests and diagnostics)."""
    return list(_handlers.get(name, ()))
