"""A referral for someone the referrer cannot see is accepted and queued for the provider's team lead,
without revealing the other record, identically through the form, /api/v1/ and FHIR (ADR 0014).

Provider A already supports Ada, referred earlier by practice B. Practice A (the referrer here) has never
had anything to do with her, so it must learn nothing about her record: not that it exists, not its id,
not what provider A recorded.
"""

import json

import pytest
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.interop.fhir.systems import NHS_NUMBER_SYSTEM, code_system, extension_url, identifier_system
from linkwork.people.models import DuplicateCandidate, LegitimateRelationship, Person
from linkwork.people.selectors import duplicates_for_review
from linkwork.people.services import relationship_grant
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.referrals.models import Referral
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import SYSTEM, actor_for, make_person

from .conftest import aged

NHS_NUMBER = "9434765919"
# What provider A recorded about Ada, which practice A may never learn from a referral.
RECORDED_BY_PROVIDER_A = {"phone": "07700 900999", "address_line_1": "1 Sentinel Street", "town": "Gateshead"}


@pytest.fixture
def ada(world):
    org = world.organisations
    person = make_person(
        org["practice_b"],
        nhs_number=NHS_NUMBER,
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=aged(55),
        postcode="NE1 4AB",
        **RECORDED_BY_PROVIDER_A,
    )
    relationship_grant(
        by=SYSTEM,
        person=person,
        organisation=org["provider_a"],
        basis=RelationshipBasis.REFERRAL,
        source="test:earlier-referral",
    )
    return person


def typed(with_nhs_number):
    details = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": aged(55),
        "postcode": "NE1 4AB",
    }
    return details | {"nhs_number": NHS_NUMBER} if with_nhs_number else details


def by_form(client, world, scheme, details):
    sign_in(client, world.users["referrer"])
    born = details["date_of_birth"]
    data = {
        "scheme": scheme.slug,
        "nhs_number": details.get("nhs_number", ""),
        "given_name": details["given_name"],
        "family_name": details["family_name"],
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "postcode": details["postcode"],
        "preferred_contact_method": "phone",
        "safe_to": ["phone"],
        "needs": ["loneliness"],
        "conditions": ["copd"],
        "consent_to_refer": "on",
        "submission_token": "0f0c6a8e3b1d4c2a9e7f6b5a4c3d2e1f",
    }
    response = client.post(reverse("referrals:new"), data, follow=True)
    return (response.redirect_chain[0][1] if response.redirect_chain else response.status_code), response


def by_api(client, token, scheme, details):
    body = {
        "scheme": scheme.slug,
        "source": "gp_practice",
        "person": details | {"date_of_birth": details["date_of_birth"].isoformat()},
        "needs": ["loneliness"],
        "conditions": ["copd"],
        "consent_to_refer": True,
    }
    response = client.post(
        "/api/v1/referrals",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "matching-1"},
    )
    return response.status_code, response


def by_fhir(client, token, scheme, details):
    patient = {
        "resourceType": "Patient",
        "id": "patient",
        "name": [{"use": "official", "given": [details["given_name"]], "family": details["family_name"]}],
        "birthDate": details["date_of_birth"].isoformat(),
        "address": [{"postalCode": details["postcode"]}],
    }
    if "nhs_number" in details:
        patient["identifier"] = [{"system": NHS_NUMBER_SYSTEM, "value": details["nhs_number"]}]
    resource = {
        "resourceType": "ServiceRequest",
        "identifier": [{"system": "https://gp-system.example/referral", "value": "MATCHING-1"}],
        "status": "active",
        "intent": "order",
        "contained": [patient],
        "subject": {"reference": "#patient"},
        "performer": [{"identifier": {"system": identifier_system("scheme"), "value": scheme.slug}}],
        "reasonCode": [
            {"coding": [{"system": code_system("need"), "code": "loneliness"}]},
            {"coding": [{"system": code_system("long-term-condition"), "code": "copd"}]},
        ],
        "extension": [{"url": extension_url("consent-to-refer"), "valueBoolean": True}],
    }
    response = client.post(
        "/fhir/ServiceRequest",
        json.dumps(resource),
        content_type="application/fhir+json",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, response


CHANNELS = ["form", "api", "fhir"]


def refer(channel, client, world, token_for, scheme, details):
    if channel == "form":
        return by_form(client, world, scheme, details)
    send = by_api if channel == "api" else by_fhir
    return send(client, token_for("referrer"), scheme, details)


@pytest.mark.parametrize("with_nhs_number", [True, False], ids=["nhs-number", "name-birth-postcode"])
@pytest.mark.parametrize("channel", CHANNELS)
def test_the_referral_is_accepted_as_a_new_record_and_reveals_nothing_of_the_other(
    channel, with_nhs_number, client, world, token_for, scheme, ada
):
    details = typed(with_nhs_number)

    answer, response = refer(channel, client, world, token_for, scheme, details)

    referral = Referral.objects.get()
    assert answer == {"form": 302, "api": 201, "fhir": 201}[channel]
    assert referral.person_id != ada.pk
    assert str(ada.pk) not in response.content.decode()
    assert "Is this the same person?" not in response.content.decode()
    referrer = actor_for(world.users["referrer"], world.organisations["practice_a"], Role.REFERRER)
    assert not Person.objects.visible_to(referrer).filter(pk=ada.pk).exists()
    assert not LegitimateRelationship.objects.filter(
        person=ada, organisation=world.organisations["practice_a"]
    ).exists()


@pytest.mark.parametrize("with_nhs_number", [True, False], ids=["nhs-number", "name-birth-postcode"])
@pytest.mark.parametrize("channel", CHANNELS)
def test_the_referrer_sees_only_what_they_gave_and_the_provider_team_lead_gets_the_pair(
    channel, with_nhs_number, client, world, token_for, scheme, ada
):
    refer(channel, client, world, token_for, scheme, typed(with_nhs_number))

    new = Referral.objects.get().person
    sign_in(client, world.users["referrer"])
    page = client.get(reverse("people:detail", kwargs={"person_id": new.pk})).content.decode()
    assert all(value not in page for value in RECORDED_BY_PROVIDER_A.values())
    assert ("943 476 5919" in page) is with_nhs_number
    assert "Provider A" in page
    assert "Practice B" not in page
    team_lead = actor_for(world.users["team_lead"], world.organisations["provider_a"], Role.TEAM_LEAD)
    pairs = duplicates_for_review(actor=team_lead)
    assert [(pair.person_id, pair.candidate_id) for pair in pairs] == [(new.pk, ada.pk)]
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.OPEN


def test_a_same_person_answer_naming_a_record_the_referrer_cannot_see_opens_nothing(
    client, world, scheme, ada
):
    sign_in(client, world.users["referrer"])
    born = ada.date_of_birth

    forged = client.post(
        reverse("referrals:new"),
        {
            "scheme": scheme.slug,
            "given_name": "Ada",
            "family_name": "Lovelace",
            "date_of_birth_day": str(born.day),
            "date_of_birth_month": str(born.month),
            "date_of_birth_year": str(born.year),
            "postcode": "NE1 4AB",
            "preferred_contact_method": "phone",
            "needs": ["loneliness"],
            "conditions": ["copd"],
            "consent_to_refer": "on",
            "submission_token": "1f0c6a8e3b1d4c2a9e7f6b5a4c3d2e1f",
            "duplicate_decision": f"same:{ada.pk}",
        },
    )

    assert "does not match these details" in forged.content.decode()
    assert not Referral.objects.exists()
    assert not LegitimateRelationship.objects.filter(
        person=ada, organisation=world.organisations["practice_a"]
    ).exists()
