"""Per-client limits on public pages, kept in Django's cache.

Every counted request counts, including ones with mistakes, so limits leave room for a person who
corrects a few answers. The client is the address the trusted proxies vouch for (client_address.py),
so visitors behind one proxy are counted apart. Several web processes share the count only if CACHES
is a shared cache: production refuses to start without one (checks.py).
"""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from redis.exceptions import RedisError

from .client_address import client_address

WINDOW_SECONDS = 60 * 60
logger = logging.getLogger(__name__)


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


def _counted(scope: str, address: str) -> int:
    """This request's number in its window; 0 when the cache cannot be reached, so the public page stays
    open rather than closing for everyone (the error is logged)."""
    try:
        return _requests_so_far(scope, address)
    except RedisError:
        logger.exception("The %s rate limit is not applied: its cache cannot be reached", scope)
        return 0


def limit_per_address(*, scope: str, setting: str, default: int, template: str, methods=("POST",)):
    """A view decorator answering 429 with `template` once a client passes the hourly limit.

    The limit is `settings.<setting>`, or `default`; only requests with one of `methods` count.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                limit = getattr(settings, setting, default)
                if _counted(scope, client_address(request)) > limit:
                    response = render(request, template, status=429)
                    response["Retry-After"] = str(WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
