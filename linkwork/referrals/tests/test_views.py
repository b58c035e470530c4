import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.casework.models import Case
from linkwork.core.models import AuditEvent
from linkwork.people.models import Person
from linkwork.referrals.models import Referral
from linkwork.referrals.services import referral_submit
from linkwork.referrals.vocabulary import Status
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import make_person

from .conftest import aged


def form_data(scheme, **overrides):
    dob = aged(55)
    data = {
        "scheme": scheme.slug,
        "nhs_number": "943 476 5919",
        "given_name": "Grace",
        "family_name": "Hopper",
        "date_of_birth_day": str(dob.day),
        "date_of_birth_month": str(dob.month),
        "date_of_birth_year": str(dob.year),
        "postcode": "NE4 9ZZ",
        "phone": "07700 900123",
        "preferred_contact_method": "phone",
        "safe_to": ["phone", "text"],
        "needs": ["loneliness"],
        "conditions": ["copd"],
        "consent_to_refer": "on",
        "consent_to_share": "on",
        "submission_token": "5f0c6a8e3b1d4c2a9e7f6b5a4c3d2e1f",
    }
    return data | overrides


@pytest.fixture
def referrer(client, world):
    sign_in(client, world.users["referrer"])
    return client


def test_the_referral_form_shows_each_schemes_criteria_first(referrer, scheme):
    html = referrer.get(reverse("referrals:new")).content.decode()

    assert "Who can be referred: Aged 40–74." in html
    assert "Not for emergencies" in html


def test_a_referrer_refers_and_is_taken_to_the_referral(referrer, scheme):
    response = referrer.post(reverse("referrals:new"), form_data(scheme))

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", kwargs={"referral_id": referral.pk})
    assert (referral.source, referral.safe_to_phone, referral.safe_to_write) == ("gp_practice", True, False)
    assert referral.person.nhs_number == "9434765919"


def test_a_double_click_creates_one_referral(referrer, scheme):
    referrer.post(reverse("referrals:new"), form_data(scheme))
    second = referrer.post(reverse("referrals:new"), form_data(scheme))

    assert second.status_code == 302
    assert Referral.objects.count() == 1


def test_an_ineligible_age_is_refused_with_the_reason_and_nothing_is_written(referrer, scheme):
    dob = aged(38)
    counts = (Referral.objects.count(), Person.objects.count(), AuditEvent.objects.count())

    response = referrer.post(
        reverse("referrals:new"),
        form_data(
            scheme,
            date_of_birth_day=str(dob.day),
            date_of_birth_month=str(dob.month),
            date_of_birth_year=str(dob.year),
        ),
    )

    html = response.content.decode()
    assert "Not eligible: aged 38: this scheme accepts 40–74" in html
    assert "There is a problem" in html
    assert (Referral.objects.count(), Person.objects.count()) == counts[:2]
    assert not AuditEvent.objects.filter(action="referral.submit").exists()


def test_a_reason_to_override_sends_the_ineligible_referral_flagged_for_triage(
    referrer, scheme, client, world
):
    dob = aged(38)
    referrer.post(
        reverse("referrals:new"),
        form_data(
            scheme,
            date_of_birth_day=str(dob.day),
            date_of_birth_month=str(dob.month),
            date_of_birth_year=str(dob.year),
            eligibility_override_reason="Turns 40 next month",
        ),
    )
    sign_in(client, world.users["team_lead"])

    html = client.get(reverse("referrals:triage_queue")).content.decode()

    assert "Override" in html
    assert Referral.objects.get().eligibility_override_reason == "Turns 40 next month"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "check it for typing mistakes"),
        ({"date_of_birth_year": "2999"}, "today or in the past"),
        ({"consent_to_refer": ""}, "must agree to be referred"),
        ({"needs": []}, "Choose at least one reason"),
        ({"postcode": "NE4"}, "full UK postcode"),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(referrer, scheme, overrides, message):
    response = referrer.post(reverse("referrals:new"), form_data(scheme, **overrides))

    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_a_likely_match_without_an_nhs_number_is_asked_about_not_silently_merged(referrer, scheme, world):
    person = world.people["person_a"]
    data = form_data(
        scheme,
        nhs_number="",
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth_day=str(person.date_of_birth.day),
        date_of_birth_month=str(person.date_of_birth.month),
        date_of_birth_year=str(person.date_of_birth.year),
        postcode=person.postcode or "",
    )

    question = referrer.post(reverse("referrals:new"), data)
    assert "Is this the same person?" in question.content.decode()
    assert not Referral.objects.exists()

    referrer.post(reverse("referrals:new"), data | {"duplicate_decision": f"same:{person.pk}"})
    assert Referral.objects.get().person == person


def test_referrers_see_only_their_own_organisations_referrals(client, world, actors, eligible_submission):
    own, _ = referral_submit(by=actors["referrer"], **eligible_submission)
    sign_in(client, world.users["referrer_b"])

    listing = client.get(reverse("referrals:list")).content.decode()
    detail = client.get(reverse("referrals:detail", kwargs={"referral_id": own.pk}))

    assert own.person.full_name not in listing
    assert detail.status_code == 404


@pytest.fixture
def received(actors, eligible_submission):
    return referral_submit(by=actors["referrer"], **eligible_submission)[0]


def test_the_whole_journey_through_the_pages(client, world, received):
    sign_in(client, world.users["team_lead"])
    triage_url = reverse("referrals:triage", kwargs={"referral_id": received.pk})
    assert "suggested best fit" in client.get(triage_url).content.decode()

    client.post(
        triage_url, {"action": "allocate", "level": "light", "link_worker": world.users["link_worker"].pk}
    )
    sign_in(client, world.users["link_worker"])
    contact_url = reverse("referrals:contact", kwargs={"referral_id": received.pk})
    client.post(contact_url, {"method": "phone", "outcome": "no_answer"})
    client.post(contact_url, {"method": "phone", "outcome": "reached"})
    client.post(
        reverse("casework:referral_decision", kwargs={"referral_id": received.pk}), {"decision": "accept"}
    )

    received.refresh_from_db()
    assert received.status == Status.ACCEPTED
    assert Case.objects.get(referral=received).link_worker == world.users["link_worker"]
    sign_in(client, world.users["referrer"])
    html = client.get(reverse("referrals:detail", kwargs={"referral_id": received.pk})).content.decode()
    assert "Accepted" in html
    assert "871731000000106" in html
    assert "No answer" not in html  # the referrer does not see the provider's contact log


def test_declining_needs_redirect_advice(client, world, received):
    sign_in(client, world.users["team_lead"])
    url = reverse("referrals:triage", kwargs={"referral_id": received.pk})

    response = client.post(url, {"action": "decline", "reason": "crisis", "redirect_advice": ""})

    assert "Say where the person or referrer should go instead" in response.content.decode()
    received.refresh_from_db()
    assert received.status == Status.RECEIVED


def test_another_link_worker_cannot_record_contact(client, world, received):
    sign_in(client, world.users["team_lead"])
    client.post(
        reverse("referrals:triage", kwargs={"referral_id": received.pk}),
        {"action": "allocate", "level": "light", "link_worker": world.users["team_lead"].pk},
    )
    sign_in(client, world.users["link_worker"])

    response = client.post(
        reverse("referrals:contact", kwargs={"referral_id": received.pk}),
        {"method": "phone", "outcome": "reached"},
    )

    assert response.status_code == 403
    assert not received.contact_attempts.exists()


def test_the_triage_queue_runs_the_same_queries_for_few_or_many_referrals(
    client, world, actors, eligible_submission
):
    sign_in(client, world.users["team_lead"])
    url = reverse("referrals:triage_queue")
    referral_submit(by=actors["referrer"], **eligible_submission)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(15):
        details = eligible_submission["person_details"] | {"nhs_number": "", "given_name": f"Extra{number}"}
        referral_submit(by=actors["referrer"], **(eligible_submission | {"person_details": details}))
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_a_gp_referral_records_the_practice_sex_and_ethnic_group(referrer, scheme, world):
    referrer.post(reverse("referrals:new"), form_data(scheme, sex="male", ethnicity="H"))

    person = Referral.objects.get().person
    assert person.registered_practice == world.organisations["practice_a"]
    assert (person.get_sex_display(), person.get_ethnicity_display()) == (
        "Male",
        "Asian or Asian British: Indian",
    )
    assert AuditEvent.objects.filter(action="person.practice_recorded", person_id=person.pk).count() == 1


def test_a_referral_never_overwrites_a_practice_already_recorded(scheme, actors, world, eligible_submission):
    practice_b = world.organisations["practice_b"]
    # Known to the referring practice, so the referral joins this record (ADR 0014) rather than pairing a new one.
    make_person(
        world.organisations["practice_a"],
        nhs_number="9434765919",
        given_name="Grace",
        family_name="Hopper",
        date_of_birth=aged(55),
        registered_practice=practice_b,
    )
    referral, _ = referral_submit(by=actors["referrer"], **eligible_submission)

    referral.person.refresh_from_db()
    assert referral.person.registered_practice == practice_b
