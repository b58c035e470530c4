"""Sign-in, failed sign-in, lock-out and sign-out in the audit trail, from Django's and django-axes' signals.

The second factor and password changes are audited where they happen (two_factor.py, views.py). A failed
attempt names the account only when the username belongs to one; what was typed is never stored (it may
be a password typed in the wrong box).
"""

from django.contrib.auth import get_user_model

from linkwork.core.context import Actor
from linkwork.core.services import audit_record

ANONYMOUS = "anonymous"


def as_user(user) -> Actor:
    """The account acting before it has chosen an organisation, or nobody known."""
    if user is None:
        return Actor(user=None, organisation=None, role=ANONYMOUS)
    return Actor(user=user, organisation=None, role="")


def _account_named(credentials) -> object | None:
    username = (credentials or {}).get(get_user_model().USERNAME_FIELD) or ""
    if not isinstance(username, str) or not username or "\x00" in username:
        return None
    return get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()


def password_accepted(sender, request, user, **kwargs):
    audit_record(actor=as_user(user), action="sign_in.password", target=user)


def password_refused(sender, credentials, request=None, **kwargs):
    user = _account_named(credentials)
    audit_record(actor=as_user(user), action="sign_in.password", target=user, denied=True)


def locked_out(sender, request, username, ip_address, **kwargs):
    user = _account_named({get_user_model().USERNAME_FIELD: username})
    audit_record(actor=as_user(user), action="sign_in.locked_out", target=user, denied=True)


def signed_out(sender, request, user, **kwargs):
    if user is None:
        return
    ended_by = getattr(request, "linkwork_session_ended", "")
    audit_record(
        actor=as_user(user),
        action="sign_in.sign_out",
        target=user,
        details={"ended_by": ended_by} if ended_by else None,
    )
