"""Signing test users in fully: password and second factor, as the real journey leaves a session."""

import time
from binascii import unhexlify

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# RFC 6238's test key: every test user's authenticator app, so tests can work out the current code.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def known_app_device(user) -> TOTPDevice:
    """The user's confirmed authenticator app, with the known test key."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Authenticator app", "key": TEST_TOTP_KEY}
    )
    return device


def sign_in(client, user):
    """A test client signed in as the user with the second factor proved; returns the client."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = known_app_device(user).persistent_id
    session.save()
    return client


def current_code(device: TOTPDevice) -> str:
    """A code the device will accept now: the current one, or the next if the current one was used."""
    device.refresh_from_db()
    token = TOTP(unhexlify(device.key), device.step, device.t0, device.digits, device.drift)
    token.time = time.time()
    # django-otp refuses a code twice but accepts the next step's (tolerance 1). Steps count from the
    # device's drift, which a code accepted a step early or late has moved, so aim at the step itself.
    step_wanted = max(token.t(), device.last_t + 1)
    token.time = device.t0 + (step_wanted - device.drift) * device.step
    return f"{token.token():0{device.digits}d}"
