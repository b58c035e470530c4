"""The whole directory as Open Referral UK JSON, read in batches so no query grows with the directory."""

from linkwork.directory import selectors

from . import serialise

BATCH_SIZE = 500


def directory_export() -> list[dict]:
    """Every service (whatever its status), fully nested, ordered by name then id."""
    services = selectors.service_search(listed_only=False)
    exported = []
    for start in range(0, services.count(), BATCH_SIZE):
        batch = selectors.services_full(services[start : start + BATCH_SIZE])
        exported += [serialise.service_full(service) for service in batch]
    return exported
