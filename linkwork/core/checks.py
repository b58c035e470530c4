"""System checks that stop a production service from starting with client addresses it cannot trust or
rate limits each process counts on its own. The WSGI module runs them at start-up (gunicorn runs none)."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, register, run_checks
from django.core.exceptions import ImproperlyConfigured

from .client_address import UNIX_SOCKET

# Caches whose counters every web process shares, and increments atomically.
SHARED_CACHES = frozenset(
    {
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.memcached.PyMemcacheCache",
        "django.core.cache.backends.memcached.PyLibMCCache",
    }
)


@register(Tags.security)
def trusted_proxies_are_addresses(app_configs, **kwargs):
    configured = settings.LINKWORK_TRUSTED_PROXIES
    if configured is None:
        if settings.LINKWORK_PRODUCTION:
            return [
                Error(
                    "LINKWORK_TRUSTED_PROXIES is not set, so every visitor would share the reverse proxy's "
                    "address: one person's failed sign-ins would lock everyone out.",
                    hint='Set it to the addresses or networks of your reverse proxies, or to "none" if '
                    "clients connect to Linkwork directly (docs/deployment.md).",
                    id="linkwork.core.E001",
                )
            ]
        return []
    errors = []
    for entry in configured:
        if entry == UNIX_SOCKET:
            continue
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"LINKWORK_TRUSTED_PROXIES holds {entry!r}, which is not an address or network.",
                    hint='Use addresses like 10.0.0.5, networks like 10.0.0.0/24, or "unix", separated by commas.',
                    id="linkwork.core.E002",
                )
            )
            continue
        if network.prefixlen == 0:
            errors.append(
                Error(
                    f"LINKWORK_TRUSTED_PROXIES trusts every address ({entry}): anyone could claim any address.",
                    hint="Name only your own reverse proxies.",
                    id="linkwork.core.E003",
                )
            )
    return errors


@register(Tags.security, Tags.caches)
def rate_limits_are_shared_between_processes(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.LINKWORK_PRODUCTION and backend not in SHARED_CACHES:
        return [
            Error(
                f"The cache ({backend}) is not shared between web processes, so each would count the public "
                "rate limits on its own.",
                hint="Set REDIS_URL, for example redis://127.0.0.1:6379/0 (docs/deployment.md).",
                id="linkwork.core.E004",
            )
        ]
    return []


def refuse_to_serve_if_misconfigured() -> None:
    """Raise with every security check error, so a web process never starts with one."""
    errors = [message for message in run_checks(tags=[Tags.security]) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(str(error) for error in errors))
