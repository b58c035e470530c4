"""FHIR endpoints: bearer-token authentication, then parse, submit and answer in FHIR JSON."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from linkwork.accounts.api_auth import ApiTokenAuth
from linkwork.referrals import rules

from .operation_outcome import FHIR_JSON, FhirProblem, Issue, fhir_response, problem_response
from .service_request import service_request_submit

ACCEPTED_CONTENT_TYPES = {FHIR_JSON, "application/json"}
authenticate = ApiTokenAuth()


# No CSRF check: the request carries a bearer token, never a session cookie, so it cannot be forged.
@csrf_exempt
@require_POST
def service_request_create(request):
    actor = authenticate(request)
    if actor is None:
        response = problem_response(
            FhirProblem(401, Issue("login", "Send a valid API token: Authorization: Bearer <token>"))
        )
        response["WWW-Authenticate"] = "Bearer"
        return response
    if not rules.can_refer(actor):
        return problem_response(FhirProblem(403, Issue("forbidden", "Only referrers can submit referrals")))
    if request.content_type not in ACCEPTED_CONTENT_TYPES:
        return problem_response(
            FhirProblem(415, Issue("not-supported", f"Send the ServiceRequest as {FHIR_JSON}"))
        )
    try:
        echo, created = service_request_submit(
            by=actor, raw=request.body, idempotency_key=request.headers.get("Idempotency-Key")
        )
    except FhirProblem as problem:
        return problem_response(problem)
    return fhir_response(echo, status=201 if created else 200)
