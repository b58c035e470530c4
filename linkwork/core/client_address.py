"""The client's address, worked out one way for sign-in lock-out, rate limits and the audit trail.

Behind a reverse proxy every request arrives from the proxy. Each proxy appends the address it was
reached from to X-Forwarded-For, so the header is read from the right, past the proxies named in
`LINKWORK_TRUSTED_PROXIES`: the first address that is not one of them is the client. Anything to the
left of it was written by the client and could say anything, so it is never believed. The entry "unix"
trusts a proxy that reaches gunicorn over a Unix socket, where the peer has no address at all.
"""

import contextvars
import ipaddress
from functools import lru_cache

from django.conf import settings

UNIX_SOCKET = "unix"
_current = contextvars.ContextVar("linkwork_client_address", default="")


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries if entry != UNIX_SOCKET)


def _configured() -> tuple[str, ...]:
    return tuple(settings.LINKWORK_TRUSTED_PROXIES or ())


def _parsed(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request) -> str:
    """The address of whoever sent the request, as far as the trusted proxies vouch for it ("" if unknown)."""
    configured = _configured()
    networks = _networks(configured)
    peer = request.META.get("REMOTE_ADDR", "")
    nearest = _parsed(peer)
    if nearest is None:
        if peer or UNIX_SOCKET not in configured:
            return ""
    elif not _trusted(nearest, networks):
        return str(nearest)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _parsed(hop)
        if address is None:
            # A trusted proxy wrote something that is not an address: go no further than that proxy.
            break
        nearest = address
        if not _trusted(address, networks):
            break
    return "" if nearest is None else str(nearest)


def set_current_client_address(value: str):
    return _current.set(value)


def reset_current_client_address(token) -> None:
    _current.reset(token)


def current_client_address() -> str:
    """The address of the request being served, for the audit trail; "" outside a request."""
    return _current.get()
