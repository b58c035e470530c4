"""The second factor: an authenticator app (TOTP) plus single-use backup codes, through django-otp."""

import secrets
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from linkwork.core.context import Actor
from linkwork.core.services import audit_record

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
BACKUP_CODE_LENGTH = 10
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


@dataclass(frozen=True)
class CodeCheck:
    device: object | None
    error: str = ""


def _as_user(user) -> Actor:
    return Actor(user=user, organisation=None, role="")


def confirmed_app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def app_device_start(*, user) -> TOTPDevice:
    """The user's authenticator app waiting to be confirmed, created (with a new secret) if missing."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret an app asks for when the QR code cannot be scanned, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code, drawn here: nothing is fetched from elsewhere."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=15)
    return image.to_string(encoding="unicode")


def _normalise(code: str) -> str:
    return "".join(code.split()).lower().replace("-", "")


@transaction.atomic
def app_device_confirm(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code it shows; sign the session in with it and issue backup codes.

    Returns the new backup codes (shown once, never stored in plain text elsewhere), or None if the
    code was wrong or too many wrong codes were tried.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(_normalise(code)):
        _audit_second_factor(device.user, device=device, step="set_up", passed=False)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_issue(user=device.user)
    audit_record(actor=_as_user(device.user), action="two_factor.enrol", target=device)
    _audit_second_factor(device.user, device=device, step="set_up", passed=True)
    _sign_in(request, device)
    return codes


def backup_codes_issue(*, user) -> list[str]:
    """Replace the user's backup codes with ten new single-use ones."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        for _ in range(BACKUP_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(actor=_as_user(user), action="two_factor.backup_codes_issue", target=device)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def code_check(*, request, code: str) -> CodeCheck:
    """Check a code from the app (6 digits) or a backup code; on success sign the session in with it."""
    check = _verify(request.user, code)
    _audit_second_factor(request.user, device=check.device, step="sign_in", passed=check.device is not None)
    if check.device is not None:
        _sign_in(request, check.device)
    return check


def _audit_second_factor(user, *, device, step: str, passed: bool) -> None:
    """Every second-factor answer at sign-in or set-up, right or wrong, in the audit trail."""
    audit_record(
        actor=_as_user(user),
        action="sign_in.second_factor",
        target=device,
        denied=not passed,
        details={"step": step},
    )


def code_verify(*, user, code: str) -> str:
    """Check a code again for a sensitive step (e.g. emergency access) without touching the session.

    Returns "" if the code is right, otherwise what to tell the person. The same throttling applies.
    """
    return _verify(user, code).error


def _verify(user, code: str) -> CodeCheck:
    code = _normalise(code)
    if not code:
        return CodeCheck(None, "Enter the 6-digit code from your authenticator app")
    if code.isdigit() and len(code) < BACKUP_CODE_LENGTH:
        devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.devices_for_user(user, confirmed=True))
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed:
            wait = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
            return CodeCheck(None, f"Too many wrong codes. Wait {wait} seconds, then try again")
    with transaction.atomic():
        for device in devices:
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            if locked.verify_token(code):
                return CodeCheck(locked)
    return CodeCheck(
        None,
        "That code is not right, or it has been used already. Wait for a new code in your authenticator app and try again",
    )


def _sign_in(request, device) -> None:
    otp_login(request, device)
    # A new session key once the second factor is proved, as at the password step.
    request.session.cycle_key()
