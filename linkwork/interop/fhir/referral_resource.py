"""A referral as Linkwork holds it, as the FHIR R4 ServiceRequest a client reads back.

The same shape and systems as the ServiceRequest a client sends (service_request.py), so what it
reads back it could send again: the person as a contained Patient, the scheme as the performer,
needs and conditions as reason codes, consent and contact safety as extensions.
"""

from django.utils import timezone
from fhir.resources.R4B.servicerequest import ServiceRequest

from linkwork.referrals.vocabulary import OPEN_STATUSES, Status

from .systems import NHS_NUMBER_SYSTEM, code_system, extension_url, identifier_system
from .task import organisation_reference

# Linkwork's referral statuses as FHIR request statuses: open while the service works on it,
# completed once the person accepted support or was signposted, revoked when it ended otherwise.
_COMPLETED = {Status.ACCEPTED, Status.SIGNPOSTED}


def request_status(status: str) -> str:
    if status in OPEN_STATUSES:
        return "active"
    return "completed" if status in _COMPLETED else "revoked"


def service_request_resource(referral) -> ServiceRequest:
    """Expects the referral with its person, scheme and referring organisation."""
    resource = {
        "resourceType": "ServiceRequest",
        "id": str(referral.pk),
        "identifier": [{"system": identifier_system("referral"), "value": str(referral.pk)}],
        "status": request_status(referral.status),
        "intent": "order",
        "category": [{"coding": [{"system": code_system("referral-source"), "code": referral.source}]}],
        "contained": [_patient(referral.person)],
        "subject": {"reference": "#patient"},
        "authoredOn": timezone.localtime(referral.created_at).isoformat(),
        "performer": [
            {
                "type": "HealthcareService",
                "identifier": {"system": identifier_system("scheme"), "value": referral.scheme.slug},
                "display": referral.scheme.name,
            }
        ],
        "reasonCode": [{"coding": [{"system": code_system("need"), "code": need}]} for need in referral.needs]
        + [
            {"coding": [{"system": code_system("long-term-condition"), "code": condition}]}
            for condition in referral.conditions
        ],
        "extension": _extensions(referral),
    }
    if referral.referring_organisation is not None:
        resource["requester"] = organisation_reference(referral.referring_organisation)
    if referral.needs_details:
        resource["note"] = [{"text": referral.needs_details}]
    return ServiceRequest.model_validate(resource)


def _patient(person) -> dict:
    patient = {
        "resourceType": "Patient",
        "id": "patient",
        "name": [{"use": "official", "given": person.given_name.split(), "family": person.family_name}],
        "birthDate": person.date_of_birth.isoformat(),
    }
    if person.nhs_number:
        patient["identifier"] = [{"system": NHS_NUMBER_SYSTEM, "value": person.nhs_number}]
    if person.postcode:
        patient["address"] = [{"postalCode": person.postcode}]
    telecom = [
        {"system": system, "value": value}
        for system, value in (("phone", person.phone), ("email", person.email))
        if value
    ]
    if telecom:
        patient["telecom"] = telecom
    return patient


def _extensions(referral) -> list[dict]:
    extensions = [
        {"url": extension_url("referral-status"), "valueCode": referral.status},
        {"url": extension_url("consent-to-refer"), "valueBoolean": referral.consent_to_refer},
        {"url": extension_url("consent-to-share"), "valueBoolean": referral.consent_to_share},
        {"url": extension_url("safe-to-phone"), "valueBoolean": referral.safe_to_phone},
        {"url": extension_url("safe-to-text"), "valueBoolean": referral.safe_to_text},
        {"url": extension_url("safe-to-write"), "valueBoolean": referral.safe_to_write},
    ]
    for name, text in (
        ("risk-information", referral.risk_information),
        ("eligibility-override-reason", referral.eligibility_override_reason),
    ):
        if text:
            extensions.append({"url": extension_url(name), "valueString": text})
    return extensions
