import re

from django.core.exceptions import PermissionDenied
from django.utils.cache import add_never_cache_headers

from .client_address import client_address, reset_current_client_address, set_current_client_address
from .context import new_request_id, reset_request_id, set_request_id
from .services import audit_record

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give each request an id (a safe incoming X-Request-ID, or a new one) for audit and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _SAFE_REQUEST_ID.match(incoming) else new_request_id()
        token = set_request_id(request.id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request.id
        return response


class ClientAddressMiddleware:
    """Note who sent each request (through the trusted proxies), so every audit event records it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_client_address(client_address(request))
        try:
            return self.get_response(request)
        finally:
            reset_current_client_address(token)


class NoStoreMiddleware:
    """Nothing shown to a signed-in user (or an API client) is kept by browsers or proxies.

    Every such page may carry someone's personal data, so the rule is simple and has no list of
    exceptions to forget: `Cache-Control: no-store` on every response to an authenticated request.
    Public pages (sign-in, the directory's open data) and static files stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = (user is not None and user.is_authenticated) or "Authorization" in request.headers
        if authenticated and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


class DeniedAccessAuditMiddleware:
    """A signed-in user refused a page (403) leaves a denied audit event, whichever view refused.

    Out-of-scope records (404) are audited by the selectors that looked for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        actor = getattr(request, "actor", None)
        if not isinstance(exception, PermissionDenied) or actor is None:
            return None
        match = request.resolver_match
        person_id = match.kwargs.get("person_id") if match else None
        audit_record(
            actor=actor,
            action="page.denied",
            person_id=person_id,
            denied=True,
            details={
                "page": match.view_name if match else "",
                "kwargs": _plain(match.kwargs if match else {}),
            },
        )
        return None


def _plain(kwargs):
    return {name: str(value) for name, value in kwargs.items()}
