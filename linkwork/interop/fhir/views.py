"""FHIR endpoints: bearer-token authentication, then parse, submit and answer in FHIR JSON."""

from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.views.decorators.csrf import csrf_exempt

from linkwork.accounts.api_auth import ApiTokenAuth
from linkwork.casework import rules as casework_rules
from linkwork.core.text_input import body_too_large_message
from linkwork.directory.selectors import service_get
from linkwork.onward import rules as onward_rules
from linkwork.onward.selectors import onward_for_export, onward_search_for_export
from linkwork.outcomes.selectors import instrument_by_code, response_for_export
from linkwork.referrals import rules
from linkwork.referrals.selectors import referral_open

from .capability import capability_statement
from .operation_outcome import FHIR_JSON, FhirProblem, Issue, fhir_response, problem_response
from .questionnaire import questionnaire_resource, questionnaire_response_resource
from .referral_resource import service_request_resource
from .service_request import service_request_submit
from .systems import ODS_SYSTEM, resource_url
from .task import healthcare_service_resource, task_bundle, task_resource

ACCEPTED_CONTENT_TYPES = {FHIR_JSON, "application/json"}
authenticate = ApiTokenAuth()


def fhir_endpoint(*methods):
    """Only these methods; any other is a 405 OperationOutcome naming the ones allowed.

    No CSRF check: the one write (POST ServiceRequest) needs a bearer token, never a session
    cookie, so it cannot be forged, and a refused method should get its OperationOutcome.
    """

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                allowed = ", ".join(methods)
                response = problem_response(
                    FhirProblem(
                        405, Issue("not-supported", f"{request.method} is not supported here: use {allowed}")
                    )
                )
                response["Allow"] = allowed
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


GET = ("GET", "HEAD")


@fhir_endpoint(*GET)
def metadata(request):
    """The CapabilityStatement: public, as FHIR asks, so a client can learn how to authenticate."""
    return fhir_response(capability_statement(), status=200)


@fhir_endpoint("POST")
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
        referral, created = service_request_submit(
            by=actor, raw=request.body, idempotency_key=request.headers.get("Idempotency-Key")
        )
    except FhirProblem as problem:
        return problem_response(problem)
    except RequestDataTooBig:
        return problem_response(FhirProblem(413, Issue("too-long", body_too_large_message())))
    referral = referral_open(actor=actor, referral_id=referral.pk)
    response = fhir_response(service_request_resource(referral), status=201 if created else 200)
    response["Location" if created else "Content-Location"] = resource_url("ServiceRequest", referral.pk)
    return response


@fhir_endpoint(*GET)
def service_request_read(request, service_request_id):
    """A referral read back by its referrer or the scheme's providers; 404 for anyone else."""
    actor = _reader(request)
    if actor is None:
        return _unauthenticated()
    if not (rules.can_refer(actor) or rules.can_work_referrals(actor)):
        return problem_response(
            FhirProblem(403, Issue("forbidden", "Only referrers and the scheme's providers read referrals"))
        )
    referral = referral_open(actor=actor, referral_id=service_request_id)
    if referral is None:
        return _not_found("ServiceRequest")
    return fhir_response(service_request_resource(referral), status=200)


@csrf_exempt
def not_found(request):
    """Anything under /fhir/ that is not a resource this server knows: a 404 OperationOutcome."""
    return problem_response(
        FhirProblem(404, Issue("not-found", f"There is nothing at {request.path}: see /fhir/metadata"))
    )


def _not_found(resource_type):
    return problem_response(
        FhirProblem(404, Issue("not-found", f"No {resource_type} with this id is visible to you"))
    )


def _reader(request):
    """A bearer token's actor, or the logged-in user's, for reads that staff open from a page too."""
    return authenticate(request) or getattr(request, "actor", None)


def _unauthenticated():
    response = problem_response(
        FhirProblem(401, Issue("login", "Log in, or send a valid API token: Authorization: Bearer <token>"))
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@fhir_endpoint(*GET)
def questionnaire_read(request, code):
    if _reader(request) is None:
        return _unauthenticated()
    instrument = instrument_by_code(code)
    if instrument is None:
        return problem_response(FhirProblem(404, Issue("not-found", f"There is no Questionnaire {code}")))
    return fhir_response(questionnaire_resource(instrument), status=200)


@fhir_endpoint(*GET)
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


def _task_reader(request):
    """The actor for Task reads, or the OperationOutcome response that refuses them."""
    actor = _reader(request)
    if actor is None:
        return None, _unauthenticated()
    if not onward_rules.can_read_tasks(actor):
        return None, problem_response(
            FhirProblem(
                403, Issue("forbidden", "Only link workers, team leads and receiving services read Tasks")
            )
        )
    return actor, None


@fhir_endpoint(*GET)
def task_read(request, task_id):
    actor, refusal = _task_reader(request)
    if refusal:
        return refusal
    referral = onward_for_export(actor=actor, onward_id=task_id)
    if referral is None:
        return problem_response(
            FhirProblem(404, Issue("not-found", "No Task with this id is visible to you"))
        )
    return fhir_response(task_resource(referral), status=200)


@fhir_endpoint(*GET)
def task_search(request):
    actor, refusal = _task_reader(request)
    if refusal:
        return refusal
    owner = request.GET.get("owner", "").strip()
    system, _, code = request.GET.get("owner:identifier", "").strip().rpartition("|")
    if code:
        if system not in ("", ODS_SYSTEM):
            return problem_response(
                FhirProblem(
                    400, Issue("not-supported", f"Search owners by ODS code ({ODS_SYSTEM})", "Task.owner")
                )
            )
        owner = code
    referrals = onward_search_for_export(actor=actor, owner=owner)
    return fhir_response(task_bundle(referrals, self_url=request.build_absolute_uri()), status=200)


@fhir_endpoint(*GET)
def healthcare_service_read(request, service_id):
    if _reader(request) is None:
        return _unauthenticated()
    service = service_get(service_id=service_id)
    if service is None:
        return problem_response(
            FhirProblem(404, Issue("not-found", "There is no listed service with this id"))
        )
    return fhir_response(healthcare_service_resource(service), status=200)
