"""The page shown when django-axes has locked sign-in after too many failed attempts."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """The same words whether or not the username exists, so the page reveals nobody's account."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.jinja",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
