"""Channels: how one outbox message leaves Linkwork.

Each sender returns a provider reference (may be blank) or raises:
- `DeliveryFailed(retry=True)` when the provider certainly did not accept the message and a later
  attempt may work (connection refused, 5xx, 429);
- `DeliveryFailed(retry=False)` when it never will (the provider refused the message: 4xx);
- `DeliveryUncertain` when the request may have reached the provider but no answer came back (a read
  timeout): re-sending could send twice, so an administrator decides.
"""

import smtplib
import sys

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from .models import Channel


class DeliveryFailed(Exception):
    def __init__(self, message, *, retry=True):
        super().__init__(message)
        self.retry = retry


class DeliveryUncertain(Exception):
    pass


def send(message) -> str:
    """Send through the message's channel; in-app and FHIR messages are delivered by being marked sent."""
    if message.channel == Channel.SMS:
        if settings.MESSAGING_SMS_PROVIDER == "console":
            return _console(message)
        return _notify(message, "sms")
    if message.channel == Channel.EMAIL:
        if settings.MESSAGING_EMAIL_PROVIDER == "notify":
            return _notify(message, "email")
        return _django_email(message)
    return ""


def _console(message) -> str:
    """Development only: write the text to the worker's output instead of sending it."""
    sys.stdout.write(f"Text message to {message.to_address}:\n{message.body}\n")
    sys.stdout.flush()
    return ""


def _django_email(message) -> str:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
        headers={"X-Linkwork-Message": str(message.pk)},
    )
    try:
        email.send(fail_silently=False)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
        # Name the refusal, not the error text: it lists the addresses, which administrators never see.
        raise DeliveryFailed(
            f"The mail server refused the message ({type(error).__name__})", retry=False
        ) from error
    except smtplib.SMTPServerDisconnected as error:
        # The connection dropped: the server may or may not have queued the message.
        raise DeliveryUncertain(f"The mail server disconnected: {error}") from error
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailed(f"Could not reach the mail server: {error}") from error
    return ""


def notify_template_id(channel, kind):
    templates = settings.NOTIFY_TEMPLATES.get(channel, {})
    template_id = templates.get(kind) or templates.get("default")
    if not template_id:
        raise DeliveryFailed(f"No GOV.UK Notify {channel} template is set for {kind}.", retry=False)
    return template_id


def _notify(message, channel) -> str:
    if not settings.NOTIFY_API_KEY:
        raise DeliveryFailed("NOTIFY_API_KEY is not set.", retry=False)
    client = NotificationsAPIClient(
        settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=settings.NOTIFY_TIMEOUT
    )
    personalisation = {"subject": message.subject, "body": message.body}
    template_id = notify_template_id(channel, message.kind)
    # Our id as Notify's reference lets an administrator look the message up in Notify.
    reference = str(message.pk)
    try:
        if channel == "sms":
            response = client.send_sms_notification(
                phone_number=message.to_address,
                template_id=template_id,
                personalisation=personalisation,
                reference=reference,
            )
        else:
            response = client.send_email_notification(
                email_address=message.to_address,
                template_id=template_id,
                personalisation=personalisation,
                reference=reference,
            )
    except APIError as error:
        cause = error.__cause__
        if isinstance(cause, requests.Timeout) and not isinstance(cause, requests.ConnectTimeout):
            raise DeliveryUncertain(f"GOV.UK Notify did not answer in time: {error}") from error
        status = error.status_code
        permanent = 400 <= status < 500 and status != 429 and error.response is not None
        raise DeliveryFailed(f"GOV.UK Notify: {error}", retry=not permanent) from error
    except (OSError, requests.RequestException) as error:
        raise DeliveryFailed(f"Could not reach GOV.UK Notify: {error}") from error
    return str((response or {}).get("id", ""))
