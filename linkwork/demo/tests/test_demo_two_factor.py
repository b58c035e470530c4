import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.demo.two_factor import DEMO_DEVICE_NAME, DEMO_TOTP_KEY, demo_devices_ensure
from linkwork.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_users_get_the_one_demo_app_and_no_other_however_often_it_runs(db):
    user = make_user("demo.person")
    TOTPDevice.objects.create(user=user, name="Own phone", confirmed=True)

    demo_devices_ensure(usernames=["demo.person", "no.such.user"])
    demo_devices_ensure(usernames=["demo.person"])

    device = TOTPDevice.objects.get(user=user)
    assert (device.name, device.key, device.confirmed) == (DEMO_DEVICE_NAME, DEMO_TOTP_KEY, True)
