"""The JSON API under /api/v1/: one NinjaAPI, one router per app, one error shape for every refusal."""

from django.core.exceptions import RequestDataTooBig
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from linkwork.core.text_input import UnsafeText, body_too_large_message, refuse_unsafe_text
from linkwork.referrals.api import error_body
from linkwork.referrals.api import router as referrals_router
from linkwork.reporting.evaluation.api import router as reporting_router


class CheckedTextParser(Parser):
    """JSON bodies and query strings with a NUL character or an over-long string are refused, field by field."""

    def parse_body(self, request):
        data = super().parse_body(request)
        refuse_unsafe_text(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        values = super().parse_querydict(data, list_fields, request)
        refuse_unsafe_text(values)
        return values


api = NinjaAPI(
    title="Linkwork API",
    version="1",
    urls_namespace="api",
    description="Submit referrals from other systems. Authenticate with `Authorization: Bearer <token>`.",
    parser=CheckedTextParser(),
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


@api.exception_handler(UnsafeText)
def unsafe_text(request, exc):
    errors = [{"field": _field_path(problem.path), "message": problem.message} for problem in exc.problems]
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    return api.create_response(request, error_body(body_too_large_message()), status=400)


@api.exception_handler(HttpError)
def refused(request, exc):
    # ninja reports any failure to read the body as a 400; text it could not accept is named instead.
    if isinstance(exc.__cause__, UnsafeText):
        return unsafe_text(request, exc.__cause__)
    return api.create_response(request, error_body(exc.message), status=exc.status_code)
