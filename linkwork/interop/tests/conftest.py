import pytest

from linkwork.interop.fhir.service_request import (
    CONDITION_SYSTEM,
    EXTENSION_BASE,
    NEED_SYSTEM,
    NHS_NUMBER_SYSTEM,
    SCHEME_SYSTEM,
)
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
            {"type": "HealthcareService", "identifier": {"system": SCHEME_SYSTEM, "value": scheme.slug}}
        ],
        "reasonCode": [
            {"coding": [{"system": NEED_SYSTEM, "code": "loneliness"}]},
            {"coding": [{"system": NEED_SYSTEM, "code": "money_debt"}]},
            {"coding": [{"system": CONDITION_SYSTEM, "code": "copd"}]},
        ],
        "note": [{"text": "Lives alone since her husband died; worried about the gas bill."}],
        "requester": {"display": "Dr Example, 0191 496 0001"},
        "extension": [
            {"url": EXTENSION_BASE + "consent-to-refer", "valueBoolean": True},
            {"url": EXTENSION_BASE + "consent-to-share", "valueBoolean": True},
            {"url": EXTENSION_BASE + "safe-to-write", "valueBoolean": False},
        ],
    }
