"""Demo users' second factor: one shared authenticator-app secret, printed by `seed_demo`.

Anyone trying the demo can add the secret to an authenticator app; with no phone, the local
settings show the current code on the code page (LINKWORK_DEMO_SHOW_CODE, never in production).
"""

from base64 import b32encode
from binascii import unhexlify

from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.accounts.models import User

# A fixed, public secret: acceptable only because every demo account and record is synthetic.
DEMO_TOTP_KEY = "4c696e6b776f726b2d64656d6f2d6f6e6c792121"
DEMO_DEVICE_NAME = "Demo authenticator app"


def demo_secret() -> str:
    """The secret as an authenticator app asks for it (base32)."""
    return b32encode(unhexlify(DEMO_TOTP_KEY)).decode()


def demo_devices_ensure(*, usernames) -> int:
    """Give each demo user the demo authenticator app and no other (idempotent). Returns how many users."""
    users = list(User.objects.filter(username__in=set(usernames)))
    for user in users:
        TOTPDevice.objects.filter(user=user).exclude(name=DEMO_DEVICE_NAME).delete()
        TOTPDevice.objects.update_or_create(
            user=user, name=DEMO_DEVICE_NAME, defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
        )
    return len(users)
