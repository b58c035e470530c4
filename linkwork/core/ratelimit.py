"""Per-address limits on public pages, kept in Django's cache.

Every counted request counts, including ones with mistakes, so limits leave room for a person who
corrects a few answers. Several web processes share the count only if CACHES is a shared cache.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

WINDOW_SECONDS = 60 * 60


def _requests_so_far(scope: str, address: str) -> int:
    """Count this request in the current fixed window and return the total."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"linkwork:{scope}:{address}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first request of a new window.
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def limit_per_address(*, scope: str, setting: str, default: int, template: str, methods=("POST",)):
    """A view decorator answering 429 with `template` once an address passes the hourly limit.

    The limit is `settings.<setting>`, or `default`; only requests with one of `methods` count.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                limit = getattr(settings, setting, default)
                if _requests_so_far(scope, request.META.get("REMOTE_ADDR", "")) > limit:
                    response = render(request, template, status=429)
                    response["Retry-After"] = str(WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
