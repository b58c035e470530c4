"""FHIR R4 ServiceRequest in: read a referral from it, submit it through the referral service, echo it.

docs/api.md has the mapping table. The scheme is named by a performer's logical reference
(identifier system `identifier_system("scheme")`, value the scheme's slug); the person is a Patient
contained in the ServiceRequest; Linkwork-specific facts (consent, contact safety, risk) are
extensions. Every system and extension URL comes from `systems`, the same as Linkwork sends out.
"""

import datetime
import json
from dataclasses import dataclass

import pydantic
from django.core.exceptions import ValidationError
from fhir.resources.R4B.servicerequest import ServiceRequest

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.text_input import text_problems
from linkwork.people.services import NEW_PERSON
from linkwork.people.validators import nhs_number_problem, validate_date_of_birth
from linkwork.referrals.models import Referral
from linkwork.referrals.services import referral_submit, source_for_organisation
from linkwork.schemes.selectors import scheme_get

from .operation_outcome import FhirProblem, Issue
from .systems import NHS_NUMBER_SYSTEM, code_system, extension_url, identifier_system

# fhir.resources does not check coded values against their value sets, so these are checked here.
REQUEST_STATUSES = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"}
REQUEST_INTENTS = {"proposal", "plan", "directive", "order", "option"} | {
    f"{kind}-order" for kind in ("original", "reflex", "filler", "instance")
}


def _extension_path(name):
    return f"ServiceRequest.extension('{extension_url(name)}')"


# Where each field the referral service names lives in the ServiceRequest, for OperationOutcome.
_FIELD_EXPRESSIONS = {
    "nhs_number": "Patient.identifier",
    "given_name": "Patient.name",
    "family_name": "Patient.name",
    "date_of_birth": "Patient.birthDate",
    "postcode": "Patient.address.postalCode",
    "phone": "Patient.telecom",
    "email": "Patient.telecom",
    "scheme": "ServiceRequest.performer",
    "source": "ServiceRequest.category",
    "needs": "ServiceRequest.reasonCode",
    "conditions": "ServiceRequest.reasonCode",
    "consent_to_refer": "consent-to-refer",
    "eligibility_override_reason": "eligibility-override-reason",
    "risk_information": "risk-information",
    "needs_details": "ServiceRequest.note",
    "referrer_contact": "ServiceRequest.requester.display",
    "idempotency_key": "ServiceRequest.identifier",
}


def field_expression(field: str | None) -> str | None:
    """The FHIRPath of the element holding a referral field (extensions named by their URL)."""
    expression = _FIELD_EXPRESSIONS.get(field)
    if expression is None or "." in expression:
        return expression
    return _extension_path(expression)


@dataclass(frozen=True)
class ReferralRequest:
    """What a ServiceRequest asks for, in the referral service's terms."""

    scheme_slug: str
    source: str | None
    submission_key: str
    person_details: dict
    needs: list
    consent_to_refer: bool
    details: dict


def service_request_parse(raw: bytes) -> ServiceRequest:
    """The body as a ServiceRequest; malformed JSON or invalid FHIR structure is a 400."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FhirProblem(400, Issue("structure", f"The body is not valid JSON: {error}")) from error
    if not isinstance(data, dict) or data.get("resourceType") != "ServiceRequest":
        raise FhirProblem(400, Issue("structure", "Send one ServiceRequest resource as a JSON object"))
    _refuse_unsafe_text(data)
    try:
        return ServiceRequest.model_validate(data)
    except pydantic.ValidationError as error:
        # Only the location and message: the input may hold personal details, which are not echoed.
        raise FhirProblem(
            400,
            *(
                Issue(
                    "structure", f"{_fhir_path(problem['loc'])}: {problem['msg']}", _fhir_path(problem["loc"])
                )
                for problem in error.errors()
            ),
        ) from error


def _refuse_unsafe_text(data) -> None:
    """A NUL character is not valid in a FHIR string (400); text longer than Linkwork keeps is 422."""
    problems = text_problems(data)
    if problems:
        raise FhirProblem(
            400 if any(problem.has_nul for problem in problems) else 422,
            *(
                Issue("invalid" if problem.has_nul else "too-long", problem.message, _fhir_path(problem.path))
                for problem in problems
            ),
        )


def _fhir_path(location) -> str:
    path = "ServiceRequest"
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def referral_request_from(resource: ServiceRequest, *, idempotency_key: str | None) -> ReferralRequest:
    """Read the referral out of a valid ServiceRequest; anything Linkwork cannot accept is a 422."""
    _check_code("status", resource.status, REQUEST_STATUSES, wanted="active")
    _check_code("intent", resource.intent, REQUEST_INTENTS, wanted="order")
    sources = _codes(resource.category, code_system("referral-source"))
    return ReferralRequest(
        scheme_slug=_scheme_slug(resource),
        source=sources[0] if sources else None,
        submission_key=_submission_key(resource, idempotency_key),
        person_details=_person_details(_subject_patient(resource)),
        needs=_codes(resource.reasonCode, code_system("need")),
        consent_to_refer=_extension(resource, "consent-to-refer", "Boolean", False),
        details={
            "conditions": _codes(resource.reasonCode, code_system("long-term-condition")),
            "needs_details": "\n\n".join(note.text for note in resource.note or [] if note.text),
            "risk_information": _extension(resource, "risk-information", "String", ""),
            "safe_to_phone": _extension(resource, "safe-to-phone", "Boolean", True),
            "safe_to_text": _extension(resource, "safe-to-text", "Boolean", True),
            "safe_to_write": _extension(resource, "safe-to-write", "Boolean", True),
            "consent_to_share": _extension(resource, "consent-to-share", "Boolean", False),
            "eligibility_override_reason": _extension(resource, "eligibility-override-reason", "String", ""),
            "referrer_contact": (resource.requester.display or "") if resource.requester else "",
        },
    )


def service_request_submit(*, by: Actor, raw: bytes, idempotency_key: str | None) -> tuple[Referral, bool]:
    """Submit the referral a ServiceRequest describes. Returns (the referral, whether it is new)."""
    resource = service_request_parse(raw)
    request = referral_request_from(resource, idempotency_key=idempotency_key)
    scheme = scheme_get(organisation=by.organisation, slug=request.scheme_slug)
    if scheme is None:
        unknown = f"There is no scheme {request.scheme_slug!r} you can refer to"
        raise FhirProblem(422, Issue("value", unknown, field_expression("scheme")))
    try:
        referral, created = referral_submit(
            by=by,
            scheme=scheme,
            source=request.source or source_for_organisation(by.organisation),
            person_details=request.person_details,
            needs=request.needs,
            consent_to_refer=request.consent_to_refer,
            # The same namespace as the JSON API: one key is one submission from one API user.
            idempotency_key=f"api:{by.user.pk}:{request.submission_key}",
            duplicate_decision=NEW_PERSON,  # as the JSON API: a likely match goes to a team lead
            **request.details,
        )
    except DomainError as error:
        raise FhirProblem(
            422, Issue("business-rule", error.message, field_expression(error.field))
        ) from error
    except ValidationError as error:
        raise FhirProblem(422, *_validation_issues(error)) from error
    return referral, created


def _validation_issues(error: ValidationError):
    if not hasattr(error, "error_dict"):
        return [Issue("value", message) for message in error.messages]
    return [
        Issue("value", message, field_expression(field))
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def _check_code(element, value, value_set, *, wanted):
    path = f"ServiceRequest.{element}"
    if value not in value_set:
        raise FhirProblem(400, Issue("code-invalid", f"{value!r} is not a FHIR request {element}", path))
    if value != wanted:
        raise FhirProblem(
            422, Issue("business-rule", f"Linkwork accepts only {element} {wanted!r}, not {value!r}", path)
        )


def _scheme_slug(resource) -> str:
    scheme_system = identifier_system("scheme")
    slugs = [
        performer.identifier.value
        for performer in resource.performer or []
        if performer.identifier
        and performer.identifier.system == scheme_system
        and performer.identifier.value
    ]
    if len(slugs) != 1:
        raise FhirProblem(
            422,
            Issue(
                "required",
                f"Name one scheme as the performer, by an identifier with system {scheme_system} and the scheme's slug",
                "ServiceRequest.performer",
            ),
        )
    return slugs[0]


def _submission_key(resource, idempotency_key) -> str:
    identifiers = [identifier.value for identifier in resource.identifier or [] if identifier.value]
    key = idempotency_key or (identifiers[0] if identifiers else "")
    if not key or len(key) > 100:
        raise FhirProblem(
            422,
            Issue(
                "required",
                "Send an Idempotency-Key header or a ServiceRequest identifier (up to 100 characters), "
                "so a retry never makes a second referral",
                "ServiceRequest.identifier",
            ),
        )
    return key


def _subject_patient(resource):
    reference = resource.subject.reference or ""
    if not reference.startswith("#"):
        raise FhirProblem(
            422,
            Issue(
                "not-supported",
                'The subject must refer to a Patient contained in the ServiceRequest, like "#patient"',
                "ServiceRequest.subject",
            ),
        )
    for contained in resource.contained or []:
        if contained.id == reference[1:] and contained.get_resource_type() == "Patient":
            return contained
    raise FhirProblem(
        422,
        Issue("not-found", f"No contained Patient has the id {reference[1:]!r}", "ServiceRequest.subject"),
    )


def _person_details(patient) -> dict:
    names = [name for name in patient.name or [] if name.use in (None, "official", "usual")]
    name = names[0] if names else None
    given_name = " ".join(name.given or []) if name else ""
    family_name = (name.family or "") if name else ""
    if not given_name or not family_name:
        raise FhirProblem(422, Issue("required", "Give the patient's given and family names", "Patient.name"))
    nhs_numbers = [
        identifier.value for identifier in patient.identifier or [] if identifier.system == NHS_NUMBER_SYSTEM
    ]
    nhs_number = nhs_numbers[0] if nhs_numbers else ""
    problem = nhs_number_problem(nhs_number) if nhs_number else None
    if problem:
        raise FhirProblem(422, Issue("value", problem, "Patient.identifier"))
    return {
        "nhs_number": nhs_number or "",
        "given_name": given_name,
        "family_name": family_name,
        "date_of_birth": _date_of_birth(patient),
        "postcode": next((address.postalCode for address in patient.address or [] if address.postalCode), ""),
        "phone": _telecom(patient, "phone"),
        "email": _telecom(patient, "email"),
    }


def _date_of_birth(patient) -> datetime.date:
    # FHIR allows a year or year-month; fhir.resources leaves those as strings.
    if not isinstance(patient.birthDate, datetime.date):
        raise FhirProblem(
            422,
            Issue("required", "Give the patient's full date of birth, like 1970-01-31", "Patient.birthDate"),
        )
    try:
        validate_date_of_birth(patient.birthDate)
    except ValidationError as error:
        raise FhirProblem(422, Issue("value", error.messages[0], "Patient.birthDate")) from error
    return patient.birthDate


def _telecom(patient, system) -> str:
    return next(
        (point.value for point in patient.telecom or [] if point.system == system and point.value), ""
    )


def _codes(concepts, system) -> list[str]:
    return [
        coding.code
        for concept in concepts or []
        for coding in concept.coding or []
        if coding.system == system and coding.code
    ]


def _extension(resource, name, value_type, default):
    """The value of the Linkwork extension `name`, e.g. _extension(sr, "consent-to-refer", "Boolean", False)."""
    url = extension_url(name)
    for extension in resource.extension or []:
        value = getattr(extension, f"value{value_type}")
        if extension.url == url and value is not None:
            return value
    return default
