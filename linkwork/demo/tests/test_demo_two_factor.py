from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.demo import data
from linkwork.demo.two_factor import DEMO_DEVICE_NAME, DEMO_TOTP_KEY, demo_devices_ensure, demo_secret
from linkwork.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_users_get_the_one_demo_app_and_no_other_however_often_it_runs(db):
    user = make_user("demo.person")
    TOTPDevice.objects.create(user=user, name="Own phone", confirmed=True)

    demo_devices_ensure(usernames=["demo.person", "no.such.user"])
    demo_devices_ensure(usernames=["demo.person"])

    device = TOTPDevice.objects.get(user=user)
    assert (device.name, device.key, device.confirmed) == (DEMO_DEVICE_NAME, DEMO_TOTP_KEY, True)


@override_settings(DEBUG=True, LINKWORK_DEMO_SHOW_CODE=True)
def test_a_newcomer_signs_in_to_the_seeded_demo_with_no_phone(client):
    output = StringIO()
    call_command("seed_demo", stdout=output)
    username = data.ADMINISTRATOR["username"]

    client.post(reverse("accounts:login"), {"username": username, "password": data.DEMO_PASSWORD})
    page = client.get(reverse("accounts:two_factor")).content.decode()
    code = page.split("Demo only: the current code is ")[1][:6]
    signed_in = client.post(reverse("accounts:two_factor"), {"code": code, "next": "/"})

    assert demo_secret() in output.getvalue()
    assert signed_in["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200
