import pytest
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.testing.auth import sign_in


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.REFERRER, ["People", "Schemes"], ["Administration"]),
        (Role.LINK_WORKER, ["People", "Schemes"], ["Administration"]),
        (Role.TEAM_LEAD, ["People", "Schemes"], ["Administration"]),
        (Role.VCSE_COORDINATOR, ["Schemes"], ["People", "Administration"]),
        (Role.COMMISSIONER, ["Schemes"], ["People", "Administration"]),
        # Linkwork's own administration pages, whether or not they may open the Django admin site.
        (Role.ADMINISTRATOR, ["Administration", "Messages"], ["People"]),
    ],
)
def test_each_role_is_offered_only_pages_it_can_use(client, world, role, shown, hidden):
    sign_in(client, world.users[role])

    html = client.get(reverse("home")).content.decode()

    for label in shown:
        assert f">{label}</a>" in html
    for label in hidden:
        assert f">{label}</a>" not in html


def test_a_staff_administrator_is_offered_the_administration_site(client, world):
    admin = world.users[Role.ADMINISTRATOR]
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    sign_in(client, admin)

    html = client.get(reverse("home")).content.decode()

    assert ">Administration</a>" in html
    assert client.get(reverse("admin:index")).status_code == 200
