from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from linkwork.core.context import Actor

from .selectors import memberships_for_user
from .two_factor import confirmed_app_device

SESSION_KEY = "linkwork_membership_id"


def choose_membership(memberships, chosen_id):
    """The membership chosen in this session if it is still usable, otherwise the first one."""
    for membership in memberships:
        if membership.pk == chosen_id:
            return membership
    return memberships[0] if memberships else None


class CurrentMembershipMiddleware:
    """Attach the signed-in user's memberships and the Actor they are acting as to the request.

    Only once both factors are proved: until then no page can show which organisations the account
    belongs to or anything it could see there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.membership = None
        request.actor = None
        if request.user.is_authenticated and request.user.is_verified():
            request.memberships = memberships_for_user(user=request.user)
            request.membership = choose_membership(request.memberships, request.session.get(SESSION_KEY))
            if request.membership is not None:
                request.actor = Actor(
                    user=request.user,
                    organisation=request.membership.organisation,
                    role=request.membership.role,
                )
        return self.get_response(request)


# Pages a signed-in person may reach before proving their second factor. Everything else is closed
# to them: a new page is covered without anyone remembering to protect it.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor",
        "accounts:two_factor_setup",
        "healthz",
        "outcomes:questionnaire",  # the person's own /q/<token>/ link
    }
)
# Public or bearer-token-only areas: they never use a signed-in session's access.
OPEN_NAMESPACES_BEFORE_SECOND_FACTOR = frozenset({"self_referral", "openreferral", "api"})


def open_before_second_factor(match) -> bool:
    """Whether a resolved URL may be used by someone who has signed in but not proved a second factor."""
    if match is None:
        return False
    return match.view_name in OPEN_BEFORE_SECOND_FACTOR or (
        bool(match.namespaces) and match.namespaces[0] in OPEN_NAMESPACES_BEFORE_SECOND_FACTOR
    )


class TwoFactorRequiredMiddleware:
    """Send a signed-in user who has not proved a second factor this session to the code or set-up page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.user.is_verified():
            if request.path_info.startswith(settings.STATIC_URL):
                return self.get_response(request)
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if not open_before_second_factor(match):
                target = (
                    "accounts:two_factor"
                    if confirmed_app_device(request.user)
                    else "accounts:two_factor_setup"
                )
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
