"""Session limits: signed out after 30 minutes without activity, and 12 hours after signing in."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "linkwork_signed_in_at"
LAST_ACTIVE_AT = "linkwork_last_active_at"
# Recording activity at most once a minute saves a session write on every request.
ACTIVITY_RESOLUTION_SECONDS = 60

IDLE_MESSAGE = "You were signed out after 30 minutes without activity. Log in again to carry on."
ABSOLUTE_MESSAGE = (
    "You were signed out because you had been signed in for 12 hours. Log in again to carry on."
)


def stamp_sign_in(sender, request, user, **kwargs):
    """On `user_logged_in`: when this session started, which fixes when it must end."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVE_AT] = now


def session_end_reason(session, now: int) -> str:
    """Why this signed-in session must end now, or "" if it may carry on."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_active_at = session.get(LAST_ACTIVE_AT)
    if signed_in_at is None or last_active_at is None:
        return ABSOLUTE_MESSAGE  # a session without a start time cannot prove it is within its limit
    if now - signed_in_at >= settings.LINKWORK_SESSION_ABSOLUTE_SECONDS:
        return ABSOLUTE_MESSAGE
    if now - last_active_at >= settings.LINKWORK_SESSION_IDLE_SECONDS:
        return IDLE_MESSAGE
    return ""


class SessionTimeoutMiddleware:
    """End a signed-in session that has been idle or open too long, and say why on the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            reason = session_end_reason(request.session, now)
            if reason:
                request.linkwork_session_ended = "idle" if reason == IDLE_MESSAGE else "time_limit"
                logout(request)
                messages.info(request, reason)
                return redirect_to_login(request.get_full_path())
            if now - request.session[LAST_ACTIVE_AT] >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVE_AT] = now
        return self.get_response(request)
