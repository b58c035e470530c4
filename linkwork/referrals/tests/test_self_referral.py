"""Self-referral: a public form that creates one referral for a real person, and nothing for junk."""

import os
import re
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from linkwork.people.models import LegitimateRelationship, Person
from linkwork.referrals.models import Referral
from linkwork.referrals.public_forms import DEFAULT_MIN_SECONDS, issue_token
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM

from .conftest import aged

instant = override_settings(LINKWORK_SELF_REFERRAL_MIN_SECONDS=0)


@pytest.fixture
def wellbeing(world):
    """The wellbeing coordinator preset (it accepts self-referral) with provider A and practice A."""
    org = world.organisations
    return scheme_apply_preset(
        by=SYSTEM,
        preset="wellbeing-coordinator",
        commissioner=org["commissioner"],
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )


def form_url(scheme):
    return reverse("self_referral:form", kwargs={"slug": scheme.slug})


def sent_url(scheme):
    return reverse("self_referral:sent", kwargs={"slug": scheme.slug})


def answers(world, *, born=None, **changes):
    born = born or aged(30)
    return {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "postcode": "ls1 4ap",
        "nhs_number": "",
        "practice": str(world.organisations["practice_a"].pk),
        "phone": "07700 900982",
        "email": "",
        "contact_method": "phone",
        "unsafe": ["write"],
        "needs": ["loneliness", "money_debt"],
        "details": "I would like to meet people near me.",
        "consent": "on",
        "website": "",
        "token": issue_token(),
    } | changes


def rows():
    return Referral.objects.count(), Person.objects.count()


@instant
def test_a_person_refers_themselves_and_is_told_what_happens_next(client, world, wellbeing):
    form_page = client.get(form_url(wellbeing))
    assert form_page.status_code == 200
    assert "Aged 14 and over." in form_page.text
    assert "call NHS 111 and choose option 2" in form_page.text
    assert "no-store" in form_page["Cache-Control"]

    response = client.post(form_url(wellbeing), answers(world))

    assert response.status_code == 302
    assert response["Location"].startswith(sent_url(wellbeing) + "?ref=")
    referral = Referral.objects.get()
    assert (referral.source, referral.referring_organisation, referral.referred_by) == ("self", None, None)
    assert referral.needs == ["loneliness", "money_debt"]
    assert (referral.safe_to_phone, referral.safe_to_text, referral.safe_to_write) == (True, True, False)
    person = referral.person
    assert (person.given_name, person.family_name, person.postcode) == ("Ada", "Lovelace", "LS1 4AP")
    assert (person.phone, person.preferred_contact_method) == ("07700900982", "phone")
    assert person.registered_practice == world.organisations["practice_a"]
    assert LegitimateRelationship.objects.filter(
        person=person, organisation=world.organisations["provider_a"], basis="referral"
    ).exists()

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert "What happens next" in confirmation.text
    assert "A link worker will contact you" in confirmation.text
    assert "Monday to Friday, 09:00 to 17:00" in confirmation.text
    assert "Lovelace" not in confirmation.text
    assert "07700" not in confirmation.text
    assert re.fullmatch(r"LW-[2-9A-HJKMNP-Z]{6}", referral.reference)
    assert (
        f'Your reference is<br><strong class="linkwork-reference">{referral.reference}</strong>'
        in confirmation.text
    )


@instant
def test_a_person_whose_practice_is_not_listed_can_still_refer_themselves(client, world, wellbeing):
    page = client.get(form_url(wellbeing))
    assert "Practice A" in page.text
    assert "My practice is not listed" in page.text

    client.post(
        form_url(wellbeing),
        answers(world, practice="not_listed", phone="", email="ada@example.org", contact_method="email"),
    )

    person = Referral.objects.get().person
    assert (person.registered_practice, person.email, person.preferred_contact_method) == (
        None,
        "ada@example.org",
        "email",
    )


@instant
def test_the_same_token_twice_creates_one_referral(client, world, wellbeing):
    submitted = answers(world)

    first = client.post(form_url(wellbeing), submitted)
    second = client.post(form_url(wellbeing), submitted)

    assert rows() == (1, 4)
    reference = Referral.objects.get().reference
    assert reference in client.get(first["Location"]).text
    assert reference in client.get(second["Location"]).text


@instant
def test_a_second_request_with_the_same_details_is_taken_without_revealing_the_first(
    client, world, wellbeing
):
    client.post(form_url(wellbeing), answers(world))
    first = Referral.objects.get()

    again = client.post(form_url(wellbeing), answers(world))

    assert Referral.objects.count() == 2
    second = Referral.objects.exclude(pk=first.pk).get()
    confirmation = client.get(again["Location"]).text
    assert second.reference in confirmation
    assert first.reference not in confirmation


@pytest.mark.parametrize("case", ["no self-referral", "inactive", "unknown"])
@instant
def test_schemes_that_do_not_take_self_referrals_are_not_found(case, client, world, wellbeing, scheme):
    if case == "no self-referral":
        slug = scheme.slug  # Ways to Wellness: GP referral only
    elif case == "inactive":
        wellbeing.is_active = False
        wellbeing.save()
        slug = wellbeing.slug
    else:
        slug = "no-such-scheme"
    before = rows()

    responses = [
        client.get(reverse("self_referral:form", kwargs={"slug": slug})),
        client.post(reverse("self_referral:form", kwargs={"slug": slug}), answers(world)),
        client.get(reverse("self_referral:sent", kwargs={"slug": slug})),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert rows() == before


# Each case: the field, the junk typed into it, and what the person is told.
JUNK = {
    "a web address in the name": ("given_name", "Visit www.cheap.example", "must not include a web address"),
    "a link as the name": ("family_name", "http://cheap.example", "must not include a web address"),
    "a domain as the name": ("family_name", "cheapmeds.example", "must not include a web address"),
    "numbers in the name": ("family_name", "L0velace", "Last name must not include numbers"),
    "a name too long": ("given_name", "A" * 101, "First name must be 100 characters or fewer"),
    "a link in the details": ("details", "Cheap pills at http://pills.example", "Remove web links"),
    "no consent": ("consent", "", "Tick the box to agree to the service contacting you"),
    "no way to contact": ("phone", "", "Enter a phone number or an email address"),
    "no needs": ("needs", [], "Choose at least one thing you would like help with"),
    "an invalid NHS number": ("nhs_number", "943 476 5918", "Enter a valid NHS number"),
    "a bad postcode": ("postcode", "LS1", "Enter a full UK postcode"),
}


@pytest.mark.parametrize("case", JUNK)
@instant
def test_junk_is_rejected_with_a_clear_message_and_creates_nothing(case, client, world, wellbeing):
    field, junk, message = JUNK[case]
    before = rows()

    response = client.post(form_url(wellbeing), answers(world, **{field: junk}))

    assert response.status_code == 200
    assert message in response.text
    assert f'<a href="#id_{field}"' in response.text, "the error summary links to the question"
    assert rows() == before


@instant
def test_a_tampered_token_or_an_unsafe_best_way_creates_nothing(client, world, wellbeing):
    before = rows()

    tampered = client.post(form_url(wellbeing), answers(world, token="made-up"))
    unsafe = client.post(form_url(wellbeing), answers(world, unsafe=["phone"]))

    assert "there was a problem with the form" in tampered.text
    assert "You told us phoning you is not safe" in unsafe.text
    assert '<a href="#id_contact_method"' in unsafe.text
    assert rows() == before


@instant
def test_a_future_date_of_birth_creates_nothing(client, world, wellbeing):
    before = rows()
    born = aged(30).replace(year=aged(0).year + 1)

    response = client.post(form_url(wellbeing), answers(world, born=born))

    assert "Date of birth must be today or in the past" in response.text
    assert 'href="#id_date_of_birth_day"' in response.text
    assert rows() == before


@instant
def test_someone_too_young_for_the_scheme_is_told_in_plain_words_and_nothing_is_written(
    client, world, wellbeing
):
    before = rows()

    response = client.post(form_url(wellbeing), answers(world, born=aged(12)))

    assert "This service is for people aged 14 and over" in response.text
    assert "override" not in response.text.lower()
    assert rows() == before


@instant
def test_names_with_initials_apostrophes_and_hyphens_are_welcome(client, world, wellbeing):
    client.post(form_url(wellbeing), answers(world, given_name="J.R.", family_name="O’Brien-Smith"))

    person = Referral.objects.get().person
    assert (person.given_name, person.family_name) == ("J.R.", "O’Brien-Smith")


@instant
def test_a_scheme_without_a_provider_says_so_plainly_and_creates_nothing(client, world, wellbeing):
    wellbeing.providers.clear()
    before = rows()

    response = client.post(form_url(wellbeing), answers(world))

    assert "this service cannot take requests online at the moment" in response.text
    assert rows() == before


@instant
def test_a_filled_trap_looks_sent_but_creates_nothing(client, world, wellbeing):
    html = client.get(form_url(wellbeing)).text
    trap = re.search(r'<div class="nhsuk-u-visually-hidden">(.*?)</div>', html, re.S).group(1)
    assert all(part in trap for part in ("Leave this empty", 'tabindex="-1"', 'autocomplete="off"'))
    before = rows()

    response = client.post(form_url(wellbeing), answers(world, website="http://cheap.example"))

    assert response["Location"] == sent_url(wellbeing)
    assert rows() == before


def test_a_form_sent_too_quickly_creates_nothing_and_goes_through_once_the_person_took_their_time(
    client, world, wellbeing, time_machine
):
    time_machine.move_to("2026-03-02 10:00", tick=False)
    before = rows()
    submitted = answers(world)

    response = client.post(form_url(wellbeing), submitted)

    assert "The form was sent too quickly" in response.text
    assert rows() == before
    shown_again = re.search(r'name="token" value="([^"]+)"', response.text).group(1)
    assert shown_again == submitted["token"]  # its timer still runs from the first showing
    time_machine.shift(DEFAULT_MIN_SECONDS)
    client.post(form_url(wellbeing), answers(world, token=shown_again))
    assert rows() == (before[0] + 1, before[1] + 1)


def test_correcting_a_mistake_does_not_restart_the_too_quickly_timer(client, world, wellbeing, time_machine):
    time_machine.move_to("2026-03-02 10:00", tick=False)
    first_showing = issue_token()
    time_machine.shift(60)  # a person fills the form in, forgetting their first name
    response = client.post(form_url(wellbeing), answers(world, given_name="", token=first_showing))
    assert "Enter your first name" in response.text
    token = re.search(r'name="token" value="([^"]+)"', response.text).group(1)

    time_machine.shift(1)  # and corrects it at once
    corrected = client.post(form_url(wellbeing), answers(world, token=token))

    assert corrected.status_code == 302
    assert Referral.objects.filter(person__given_name="Ada").count() == 1


def test_a_self_referral_records_the_sex_and_ethnic_group_given(client, world, wellbeing):
    with override_settings(LINKWORK_SELF_REFERRAL_MIN_SECONDS=0):
        client.post(form_url(wellbeing), answers(world, sex="female", ethnicity="M"))
        client.post(form_url(wellbeing), answers(world, given_name="Bea", token=issue_token()))
    ada, bea = Person.objects.get(given_name="Ada"), Person.objects.get(given_name="Bea")
    assert (ada.get_sex_display(), ada.get_ethnicity_display()) == (
        "Female",
        "Black or Black British: Caribbean",
    )
    assert (bea.sex, bea.ethnicity) == ("not_known", "99")  # both optional


@override_settings(LINKWORK_SELF_REFERRAL_LIMIT=2)
@instant
def test_the_rate_limit_answers_429_after_the_limit_and_creates_nothing(client, world, wellbeing):
    for _ in range(2):
        assert client.post(form_url(wellbeing), answers(world)).status_code == 302
    before = rows()

    limited = client.post(form_url(wellbeing), answers(world))

    assert limited.status_code == 429
    assert "Try again in an hour" in limited.text
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert rows() == before
    other_address = client.post(form_url(wellbeing), answers(world), REMOTE_ADDR="192.0.2.7")
    assert other_address.status_code == 302


@instant
def test_the_form_page_refers_to_nothing_outside_the_service(client, world, wellbeing):
    page = client.post(form_url(wellbeing), answers(world, given_name=""))  # the page with errors too
    for response in (client.get(form_url(wellbeing)), page):
        references = re.findall(r'(?:src|href|action)="([^"]*)"', response.text)
        assert references, "the check found no references at all"
        outside = [ref for ref in references if not ref.startswith(("/", "#")) and ref != ""]
        assert outside == []


PROXY = "10.0.0.1"


def behind_the_proxy(client_address):
    """How the reverse proxy passes a request on: from its own address, the client's in X-Forwarded-For."""
    return {"REMOTE_ADDR": PROXY, "headers": {"X-Forwarded-For": client_address}}


@override_settings(LINKWORK_SELF_REFERRAL_LIMIT=2, LINKWORK_TRUSTED_PROXIES=[PROXY])
@instant
def test_behind_the_proxy_one_client_at_the_limit_leaves_the_form_open_to_everyone_else(
    client, world, wellbeing
):
    for _ in range(2):
        assert (
            client.post(form_url(wellbeing), answers(world), **behind_the_proxy("198.51.100.7")).status_code
            == 302
        )

    limited = client.post(form_url(wellbeing), answers(world), **behind_the_proxy("198.51.100.7"))
    someone_else = client.post(form_url(wellbeing), answers(world), **behind_the_proxy("203.0.113.9"))

    assert (limited.status_code, someone_else.status_code) == (429, 302)


@pytest.mark.redis
@override_settings(LINKWORK_SELF_REFERRAL_LIMIT=1, LINKWORK_TRUSTED_PROXIES=[PROXY])
@instant
def test_the_rate_limit_holds_across_web_processes_sharing_redis(client, world, wellbeing):
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["TEST_REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=redis_cache):
        first = client.post(form_url(wellbeing), answers(world), **behind_the_proxy("198.51.100.7"))
        caches.close_all()  # the next request arrives with a fresh connection, as in another process
        second = client.post(form_url(wellbeing), answers(world), **behind_the_proxy("198.51.100.7"))
        caches.close_all()
        someone_else = client.post(form_url(wellbeing), answers(world), **behind_the_proxy("203.0.113.9"))

    assert (first.status_code, second.status_code, someone_else.status_code) == (302, 429, 302)


@override_settings(LINKWORK_SELF_REFERRAL_LIMIT=1)
@instant
def test_while_redis_cannot_be_reached_the_form_stays_open_and_the_error_is_logged(
    client, world, wellbeing, caplog
):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=unreachable):
        responses = [client.post(form_url(wellbeing), answers(world)).status_code for _ in range(2)]

    assert responses == [302, 302]
    assert "The self-referral rate limit is not applied" in caplog.text
