"""Onward referrals as FHIR R4 Task (the HL7 Gravity SDOH closed-loop pattern), services as HealthcareService.

The Task carries only what the person agreed to share: the NHS number is left out unless they did.
"""

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.healthcareservice import HealthcareService
from fhir.resources.R4B.task import Task

from .systems import NHS_NUMBER_SYSTEM, ODS_SYSTEM, identifier_system, resource_url


def organisation_reference(organisation) -> dict:
    """An organisation by its ODS code; one without a code is named only (never by a database id)."""
    reference = {"display": organisation.name}
    if organisation.ods_code:
        reference["identifier"] = {"system": ODS_SYSTEM, "value": organisation.ods_code}
    return reference


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
            "identifier": {"system": identifier_system("service"), "value": str(referral.service_id)},
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
    return searchset_bundle([task_resource(referral) for referral in referrals], self_url=self_url)


def searchset_bundle(resources, *, self_url) -> Bundle:
    """A search result: each entry with its absolute `fullUrl` and `search.mode` "match"."""
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(resources),
            "link": [{"relation": "self", "url": self_url}],
            "entry": [
                {
                    "fullUrl": resource_url(resource.get_resource_type(), resource.id),
                    "resource": resource.model_dump(mode="json", exclude_none=True),
                    "search": {"mode": "match"},
                }
                for resource in resources
            ],
        }
    )


def healthcare_service_resource(service) -> HealthcareService:
    resource = {
        "resourceType": "HealthcareService",
        "id": str(service.pk),
        "identifier": [{"system": identifier_system("service"), "value": str(service.pk)}],
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
        "appointmentRequired": {"booked": True, "drop_in": False}.get(service.attendance),
    }
    if service.organisation.owner is not None:
        resource["providedBy"] = organisation_reference(service.organisation.owner)
    else:
        resource["providedBy"] = {"display": service.organisation.name}
    return HealthcareService.model_validate(
        {key: value for key, value in resource.items() if value is not None}
    )
