"""The URLs that name Linkwork's code systems, identifiers, extensions and canonical resources.

Every one is built from the deployment's own address (`LINKWORK_BASE_URL`), read when it is used,
so what Linkwork sends out and what it accepts in are always the same strings (docs/api.md, "For
integrators"; ADR 0016). National systems keep their published URLs.
"""

from django.conf import settings

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
SNOMED_SYSTEM = "http://snomed.info/sct"


def fhir_base() -> str:
    """Where this deployment's FHIR API lives, such as https://linkwork.example.nhs.uk/fhir."""
    return f"{settings.LINKWORK_BASE_URL}/fhir"


def code_system(name: str) -> str:
    """A Linkwork code system, such as `need` or `referral-source`."""
    return f"{fhir_base()}/CodeSystem/{name}"


def identifier_system(name: str) -> str:
    """A system for Linkwork's own identifiers, such as `scheme` (a slug) or `referral` (an id)."""
    return f"{fhir_base()}/Id/{name}"


def extension_url(name: str) -> str:
    """A Linkwork extension, such as `consent-to-refer`."""
    return f"{fhir_base()}/StructureDefinition/{name}"


def canonical(resource_type: str, code: str) -> str:
    """The canonical URL of a definition Linkwork publishes, such as a Questionnaire."""
    return f"{fhir_base()}/{resource_type}/{code}"


def resource_url(resource_type: str, resource_id) -> str:
    """The absolute address of a resource on this server, for `fullUrl` and `Location`."""
    return f"{fhir_base()}/{resource_type}/{resource_id}"
