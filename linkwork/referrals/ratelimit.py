"""A per-address limit on public form submissions, kept in Django's cache.

Every POST counts, including ones with mistakes, so the default leaves room for a person who
corrects a few answers. Several web processes share the count only if CACHES is a shared cache.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

DEFAULT_LIMIT = 10  # submissions per address per window
WINDOW_SECONDS = 60 * 60


def _submissions_so_far(address: str) -> int:
    """Count this submission in the current fixed window and return the total."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"linkwork:self-referral:{address}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first submission of a new window.
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def limit_submissions(view):
    """Answer 429 with a friendly page once an address has posted more than the limit this hour."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            limit = getattr(settings, "LINKWORK_SELF_REFERRAL_LIMIT", DEFAULT_LIMIT)
            if _submissions_so_far(request.META.get("REMOTE_ADDR", "")) > limit:
                response = render(request, "referrals/self_referral_limited.jinja", status=429)
                response["Retry-After"] = str(WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS)
                return response
        return view(request, *args, **kwargs)

    return wrapped
