"""View decorators: sign-in, a usable membership, then the role rule, in that order."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render


def member_required(rule=None):
    """Require a signed-in user acting through a membership, and (optionally) a rule from rules.py."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.actor is None:
                return render(request, "accounts/no_membership.jinja", status=403)
            if rule is not None and not rule(request.actor):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
