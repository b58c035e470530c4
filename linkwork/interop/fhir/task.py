"""Onward referrals as FHIR R4 Task (the HL7 Gravity SDOH closed-loop pattern), services as HealthcareService.

The Task carries only what the person agreed to share: the NHS number is left out unless they did.
"""

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.task import Task

from .service_request import NHS_NUMBER_SYSTEM

ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
LINKWORK_ORGANISATION_SYSTEM = "https://linkwork.example/Id/organisation"
LINKWORK_SERVICE_SYSTEM = "https://linkwork.example/Id/service"


def organisation_reference(organisation) -> dict:
    if organisation.ods_code:
        identifier = {"system": ODS_SYSTEM, "value": organisation.ods_code}
    else:
        identifier = {"system": LINKWORK_ORGANISATION_SYSTEM, "value": str(organisation.pk)}
    return {"identifier": identifier, "display": organisation.name}


def task_resource(referral) -> Task:
    person = referral.case.person
    patient = {"display": person.full_name}
    if referral.share_nhs_number and person.nhs_number:
        patient["identifier"] = {"system": NHS_NUMBER_SYSTEM, "value": person.nhs_number}
    resource = {
        "resourceType": "Task",
        "id": str(referral.pk),
        "status": referral.status,
        "intent": "order",
        "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]},
        "description": f"Social prescribing referral to {referral.service.name}",
        "focus": {
            "identifier": {"system": LINKWORK_SERVICE_SYSTEM, "value": str(referral.service_id)},
            "display": referral.service.name,
        },
        "for": patient,
        "authoredOn": timezone.localtime(referral.created_at).isoformat(),
        "lastModified": timezone.localtime(referral.updated_at).isoformat(),
        "requester": organisation_reference(referral.case.provider),
        "owner": organisation_reference(referral.organisation),
        "restriction": {"period": {"end": referral.respond_by.isoformat()}},
        "note": [{"text": referral.summary}],
        "output": [
            {"type": {"text": "Sessions attended"}, "valueInteger": referral.sessions_attended},
        ],
    }
    if referral.status_reason:
        resource["statusReason"] = {"text": referral.status_reason}
    if referral.outcome:
        resource["output"].append({"type": {"text": "Outcome"}, "valueString": referral.outcome})
    return Task.model_validate(resource)


def task_bundle(referrals, *, self_url) -> Bundle:
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(referrals),
            "link": [{"relation": "self", "url": self_url}],
            "entry": [
                {"resource": task_resource(referral).model_dump(mode="json", exclude_none=True)}
                for referral in referrals
            ],
        }
    )


def healthcare_service_resource(service) -> HealthcareService:
    resource = {
        "resourceType": "HealthcareService",
        "id": str(service.pk),
        "active": service.status == "active",
        "name": service.name,
        "comment": service.capacity_label,
        "extraDetails": service.description,
        "referralMethod": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/service-referral-method",
                        "code": "elec",
                    }
                ]
            }
        ]
        if service.referral_method == "through_linkwork"
        else None,
        "appointmentRequired": service.attendance == "booked",
    }
    if service.organisation.owner is not None:
        resource["providedBy"] = organisation_reference(service.organisation.owner)
    else:
        resource["providedBy"] = {"display": service.organisation.name}
    return HealthcareService.model_validate(
        {key: value for key, value in resource.items() if value is not None}
    )
