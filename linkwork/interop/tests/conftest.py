import pytest

from linkwork.interop.fhir.systems import NHS_NUMBER_SYSTEM, code_system, extension_url, identifier_system
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM, born_years_ago


@pytest.fixture
def scheme(world):
    """Ways to Wellness (ages 40–74 with a long-term condition) over practice A and provider A."""
    org = world.organisations
    return scheme_apply_preset(
        by=SYSTEM,
        preset="ways-to-wellness",
        commissioner=org["commissioner"],
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )


aged = born_years_ago


@pytest.fixture
def service_request(scheme):
    """An eligible referral as a GP system would send it: a ServiceRequest with a contained Patient."""
    return service_request_to(scheme)


def service_request_to(scheme) -> dict:
    """The ServiceRequest of the `service_request` fixture, to any scheme."""
    return {
        "resourceType": "ServiceRequest",
        "identifier": [{"system": "https://gp-system.example/referral", "value": "GP-REF-0001"}],
        "status": "active",
        "intent": "order",
        "contained": [
            {
                "resourceType": "Patient",
                "id": "patient",
                "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": "9434765919"}],
                "name": [{"use": "official", "given": ["Grace"], "family": "Hopper"}],
                "birthDate": aged(55).isoformat(),
                "address": [{"postalCode": "NE1 4AB"}],
                "telecom": [{"system": "phone", "value": "0191 496 0000"}],
            }
        ],
        "subject": {"reference": "#patient"},
        "performer": [
            {
                "type": "HealthcareService",
                "identifier": {"system": identifier_system("scheme"), "value": scheme.slug},
            }
        ],
        "reasonCode": [
            {"coding": [{"system": code_system("need"), "code": "loneliness"}]},
            {"coding": [{"system": code_system("need"), "code": "money_debt"}]},
            {"coding": [{"system": code_system("long-term-condition"), "code": "copd"}]},
        ],
        "note": [{"text": "Lives alone since her husband died; worried about the gas bill."}],
        "requester": {"display": "Dr Example, 0191 496 0001"},
        "extension": [
            {"url": extension_url("consent-to-refer"), "valueBoolean": True},
            {"url": extension_url("consent-to-share"), "valueBoolean": True},
            {"url": extension_url("safe-to-write"), "valueBoolean": False},
        ],
    }
