"""FHIR endpoints: bearer-token authentication, then parse, submit and answer in FHIR JSON."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.api_auth import ApiTokenAuth
from linkwork.casework import rules as casework_rules
from linkwork.outcomes.selectors import instrument_by_code, response_for_export
from linkwork.referrals import rules

from .operation_outcome import FHIR_JSON, FhirProblem, Issue, fhir_response, problem_response
from .questionnaire import questionnaire_resource, questionnaire_response_resource
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


def _reader(request):
    """A bearer token's actor, or the logged-in user's, for reads that staff open from a page too."""
    return authenticate(request) or getattr(request, "actor", None)


def _unauthenticated():
    response = problem_response(
        FhirProblem(401, Issue("login", "Log in, or send a valid API token: Authorization: Bearer <token>"))
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@require_GET
def questionnaire_read(request, code):
    if _reader(request) is None:
        return _unauthenticated()
    instrument = instrument_by_code(code)
    if instrument is None:
        return problem_response(FhirProblem(404, Issue("not-found", f"There is no Questionnaire {code}")))
    return fhir_response(questionnaire_resource(instrument), status=200)


@require_GET
def questionnaire_response_read(request, response_id):
    actor = _reader(request)
    if actor is None:
        return _unauthenticated()
    if not casework_rules.can_work_cases(actor):
        return problem_response(
            FhirProblem(403, Issue("forbidden", "Only link workers and team leads can read outcome measures"))
        )
    response = response_for_export(actor=actor, response_id=response_id)
    if response is None:
        return problem_response(
            FhirProblem(
                404, Issue("not-found", "No completed QuestionnaireResponse with this id is visible to you")
            )
        )
    return fhir_response(questionnaire_response_resource(response), status=200)
