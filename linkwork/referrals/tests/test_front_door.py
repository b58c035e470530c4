"""The public front door: which schemes take self-referrals, a reference the person can quote, how to
reach the service, and staff finding a referral by that reference."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.core.models import AuditEvent
from linkwork.referrals import references
from linkwork.referrals.models import Referral
from linkwork.referrals.references import normalise_reference, unused_reference
from linkwork.referrals.services import referral_submit
from linkwork.schemes.services import scheme_apply_preset, scheme_public_contact_set
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import SYSTEM

from .test_self_referral import answers, form_url, instant, wellbeing  # noqa: F401 - the fixture


@pytest.fixture
def self_referred(client, world, wellbeing):  # noqa: F811 - the fixture imported above
    with instant:
        response = client.post(form_url(wellbeing), answers(world))
    client.logout()
    return Referral.objects.get(), response["Location"]


def test_the_front_door_lists_only_the_schemes_that_take_self_referrals(client, world, wellbeing):  # noqa: F811
    org = world.organisations
    scheme_apply_preset(by=SYSTEM, preset="ways-to-wellness", providers=[org["provider_a"]])

    response = client.get(reverse("self_referral:index"))

    assert response.status_code == 200
    assert "Refer yourself to Wellbeing coordinator service" in response.text
    assert form_url(wellbeing) in response.text
    assert "Aged 14 and over." in response.text
    assert "Ways to Wellness" not in response.text


def test_with_no_such_scheme_the_front_door_says_to_ask_the_gp_not_a_404(client, db):
    response = client.get(reverse("self_referral:index"))

    assert response.status_code == 200
    assert "No service takes requests online at the moment" in response.text
    assert "Ask your GP practice to refer you" in response.text


def test_the_confirmation_gives_the_reference_and_how_to_contact_the_service(
    client,
    world,
    wellbeing,  # noqa: F811
    self_referred,
):
    scheme_public_contact_set(
        by=SYSTEM, scheme=wellbeing, phone="0113 496 0000", email="wellbeing@example.org"
    )
    referral, location = self_referred

    page = client.get(location).text

    assert referral.reference in page
    assert "Quote it if you contact the service" in page
    assert 'href="tel:01134960000"' in page
    assert "0113 496 0000</a> (Monday to Friday, 09:00 to 17:00)" in page
    assert "mailto:wellbeing@example.org" in page


def test_without_contact_details_the_confirmation_says_how_to_pass_on_a_message(client, self_referred):
    _, location = self_referred

    page = " ".join(client.get(location).text.split())

    assert "ask your GP practice to pass on a message and give them your reference" in page


def test_a_tampered_or_missing_reference_is_not_shown(client, self_referred, wellbeing):  # noqa: F811
    referral, location = self_referred
    sent = reverse("self_referral:sent", kwargs={"slug": wellbeing.slug})

    tampered = client.get(location.replace("ref=", "ref=x")).text
    plain = client.get(sent).text
    forged = client.get(f"{sent}?ref=LW-2222AA").text

    for page in (tampered, plain, forged):
        assert "Request sent" in page
        assert "Your reference is" not in page
    assert referral.reference not in tampered


def test_every_referral_gets_its_own_reference(actors, eligible_submission):
    first, _ = referral_submit(by=actors["referrer"], **eligible_submission)
    other = eligible_submission | {
        "person_details": eligible_submission["person_details"]
        | {"nhs_number": "9990012008", "given_name": "Ann"}
    }
    second, _ = referral_submit(by=actors["referrer"], **other, duplicate_decision="new")

    assert first.reference != second.reference
    assert normalise_reference(first.reference) == first.reference


def test_a_reference_already_in_use_is_never_given_again(monkeypatch):
    drawn = iter(["LW-AAAAAA", "LW-AAAAAA", "LW-BBBBBB"])
    monkeypatch.setattr(references, "new_reference", lambda: next(drawn))

    assert unused_reference(lambda reference: reference == "LW-AAAAAA") == "LW-BBBBBB"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("LW-7K3F9Q", "LW-7K3F9Q"),
        ("lw 7k3f9q", "LW-7K3F9Q"),
        ("7K3F9Q", "LW-7K3F9Q"),
        (" lw-7k3-f9q ", "LW-7K3F9Q"),
        ("LW-7K3F9", None),  # too short
        ("LW-7K3F9O", None),  # O is never used (it is mixed up with 0)
        ("", None),
        ("Robert'); DROP TABLE", None),
    ],
)
def test_references_are_read_as_people_type_them(typed, stored):
    assert normalise_reference(typed) == stored


def test_the_provider_finds_a_self_referral_by_the_reference_the_person_quotes(client, world, self_referred):
    referral, _ = self_referred
    sign_in(client, world.users["team_lead"])

    response = client.get(
        reverse("referrals:find"), {"reference": referral.reference.lower().replace("-", " ")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", kwargs={"referral_id": referral.pk})
    assert AuditEvent.objects.filter(action="referral.find", object_id=str(referral.pk)).exists()
    assert referral.reference in client.get(response["Location"]).text


def test_another_organisation_cannot_find_it_and_the_search_is_recorded(client, world, self_referred):
    referral, _ = self_referred
    sign_in(client, world.users["referrer_b"])

    response = client.get(reverse("referrals:find"), {"reference": referral.reference})

    assert response.status_code == 200
    assert f"No referral your organisation can see has the reference {referral.reference}" in response.text
    assert "Ada" not in response.text
    denied = AuditEvent.objects.filter(action="referral.find", outcome=AuditEvent.Outcome.DENIED)
    assert denied.filter(details__reference=referral.reference).exists()


def test_something_that_is_not_a_reference_gets_a_plain_message_and_looks_nothing_up(client, world):
    sign_in(client, world.users["team_lead"])
    before = AuditEvent.objects.filter(action="referral.find").count()

    response = client.get(reverse("referrals:find"), {"reference": "Smith"})

    assert "Enter a reference like LW-7K3F9Q" in response.text
    assert response.text.count('class="nhsuk-error-message"') == 1
    assert AuditEvent.objects.filter(action="referral.find").count() == before


def test_the_services_contact_details_are_checked_and_a_bad_one_changes_nothing(wellbeing):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        scheme_public_contact_set(by=SYSTEM, scheme=wellbeing, phone="call us", email="not an address")

    assert set(refused.value.message_dict) == {"public_phone", "public_email"}
    wellbeing.refresh_from_db()
    assert (wellbeing.public_phone, wellbeing.public_email) == ("", "")


def test_setting_the_same_contact_details_again_records_nothing_new(wellbeing):  # noqa: F811
    scheme_public_contact_set(by=SYSTEM, scheme=wellbeing, phone="0113 496 0000", email="")
    updates = AuditEvent.objects.filter(action="scheme.update").count()

    scheme_public_contact_set(by=SYSTEM, scheme=wellbeing, phone=" 0113 496 0000 ", email="")

    assert AuditEvent.objects.filter(action="scheme.update").count() == updates
