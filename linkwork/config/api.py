"""The JSON API under /api/v1/: one NinjaAPI, one router per app, one error shape for every refusal."""

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from linkwork.referrals.api import error_body
from linkwork.referrals.api import router as referrals_router
from linkwork.reporting.api import router as reporting_router

api = NinjaAPI(
    title="Linkwork API",
    version="1",
    urls_namespace="api",
    description="Submit referrals from other systems. Authenticate with `Authorization: Bearer <token>`.",
)
api.add_router("/", referrals_router)
api.add_router("/", reporting_router)

# Where pydantic puts a problem (body, header, the parameter's own name), which clients don't need.
_LOCATION_PREFIXES = {"body", "header", "query", "path", "payload"}


def _field_path(location) -> str | None:
    parts = list(location)
    while parts and parts[0] in _LOCATION_PREFIXES:
        parts.pop(0)
    return ".".join(str(part) for part in parts) or None


@api.exception_handler(ValidationError)
def validation_failed(request, exc):
    errors = [{"field": _field_path(error["loc"]), "message": error["msg"]} for error in exc.errors]
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    response = api.create_response(
        request, error_body("Send a valid API token: Authorization: Bearer <token>"), status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def refused(request, exc):
    return api.create_response(request, error_body(exc.message), status=exc.status_code)
