import pytest

from linkwork.accounts.models import Role
from linkwork.testing.directory import directory_add, listing
from linkwork.testing.factories import actor_for

LISTINGS_OF_VCSE_A = "Walking Group A listings"


@pytest.fixture
def walking_group(world):
    """A walking group kept by VCSE A, taking referrals through Linkwork."""
    record = listing("Benwell walking group", organisation_name=LISTINGS_OF_VCSE_A)
    (service,) = directory_add(
        record, owners={str(record["organisation"]["id"]): world.organisations["vcse_a"]}
    )
    return service


@pytest.fixture
def vcse(world):
    return actor_for(world.users["vcse_coordinator"], world.organisations["vcse_a"], Role.VCSE_COORDINATOR)
