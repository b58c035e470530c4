"""`seed_demo --reset` in committed transactions, as in real use: PostgreSQL refuses to TRUNCATE tables
with deferred foreign-key checks still pending from earlier writes in the same transaction. Kept apart
from test_seed_demo.py, whose tests share one seeded demo inside an open transaction.
"""

import pytest

from linkwork.accounts.models import Organisation
from linkwork.accounts.services import organisation_ensure
from linkwork.core.context import Actor

from .test_seed_demo import row_counts, seed_demo


# Two seeds (about 7 seconds): the reset must be proved against a demo committed as `make run` leaves it.
@pytest.mark.django_db(transaction=True)
def test_reset_empties_and_seeds_again_to_the_same_counts():
    seed_demo()
    first = row_counts()
    organisation_ensure(by=Actor.system(), name="Left over from testing", kind=Organisation.Kind.AGENCY)

    seed_demo("--reset")

    assert row_counts() == first
    assert not Organisation.objects.filter(name="Left over from testing").exists()
