"""Each role's home page offers the next steps that role can take, and no others."""

import pytest
from django.urls import reverse

from linkwork.testing.auth import sign_in

pytestmark = pytest.mark.django_db

STEPS = {
    "vcse_coordinator": (
        {"Referrals to your services", "Your service listings", "Find community services"},
        {"Outcome reports", "Your caseload"},
    ),
    "commissioner": (
        {"Outcome reports"},
        {"Referrals to your services", "Find community services", "Your caseload"},
    ),
    "link_worker": (
        {"Your caseload", "Find community services"},
        {"Outcome reports", "Referrals to your services"},
    ),
    "team_lead": (
        {"Outcome reports", "Team caseloads", "Find community services"},
        {"Your service listings"},
    ),
}


@pytest.mark.parametrize("role", sorted(STEPS))
def test_the_home_page_offers_each_role_its_own_next_steps(client, world, role):
    offered, withheld = STEPS[role]
    sign_in(client, world.users[role])

    page = client.get(reverse("home")).text

    assert all(step in page for step in offered)
    assert not any(step in page for step in withheld)
