"""GET /fhir/metadata: the CapabilityStatement that tells a client what this server does.

Built from the same table as the URL patterns' documentation (docs/api.md), so a client's
`prepare()` (SMART's fhirclient reads it first) learns every interaction and search parameter.
"""

from django.conf import settings
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from .systems import fhir_base

# R4: what NHS England's systems speak. The resources are built with the R4B models, whose shape
# is the same for every resource served here, and each is read by an R4 client in the tests.
FHIR_VERSION = "4.0.1"
RELEASED = "2026-12-06"

# Resource type: (interactions, search parameters as (name, type, documentation)).
SUPPORTED = {
    "ServiceRequest": (["create", "read"], []),
    "Task": (
        ["read", "search-type"],
        [
            (
                "owner",
                "reference",
                "The receiving organisation's ODS code (owner=CODE or owner:identifier=system|CODE).",
            )
        ],
    ),
    "HealthcareService": (["read"], []),
    "Communication": (["read"], []),
    "Questionnaire": (["read"], []),
    "QuestionnaireResponse": (["read"], []),
}


def capability_statement() -> CapabilityStatement:
    resources = [
        {
            "type": resource_type,
            "interaction": [{"code": code} for code in interactions],
            **(
                {
                    "searchParam": [
                        {"name": name, "type": kind, "documentation": documentation}
                        for name, kind, documentation in search
                    ]
                }
                if search
                else {}
            ),
        }
        for resource_type, (interactions, search) in SUPPORTED.items()
    ]
    return CapabilityStatement.model_validate(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": RELEASED,
            "publisher": settings.LINKWORK_SERVICE_NAME,
            "kind": "instance",
            "software": {"name": "Linkwork"},
            "implementation": {
                "description": f"{settings.LINKWORK_SERVICE_NAME}: social prescribing referrals",
                "url": fhir_base(),
            },
            "fhirVersion": FHIR_VERSION,
            "format": ["application/fhir+json", "json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": "Send Authorization: Bearer <API token> on every request but this one.",
                    "security": {
                        "description": "Bearer API tokens issued per user and organisation "
                        "(manage.py create_api_token); no SMART on FHIR authorisation."
                    },
                    "resource": resources,
                }
            ],
        }
    )
