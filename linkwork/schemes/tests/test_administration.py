"""Scheme administration: saves are checked as a whole, versioned and audited; nothing half-saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.core.errors import StaleEdit
from linkwork.core.models import AuditEvent
from linkwork.referrals.services import referral_decline, referral_submit, referral_triage
from linkwork.schemes.administration.forms import SchemeForm
from linkwork.schemes.models import Scheme
from linkwork.schemes.presets import load_preset, preset_names
from linkwork.schemes.services import EDITABLE_FIELDS, scheme_create, scheme_update
from linkwork.testing.auth import sign_in
from linkwork.testing.concurrency import run_at_once
from linkwork.testing.factories import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    return actor_for(world.users["administrator"], world.organisations["host"], Role.ADMINISTRATOR)


def settings_of(scheme, **changes) -> dict:
    return {name: getattr(scheme, name) for name in EDITABLE_FIELDS} | changes


def preset_settings(preset="pcn-link-worker", **changes) -> dict:
    values = load_preset(preset)
    return {key: value for key, value in values.items() if key in EDITABLE_FIELDS} | changes


def new_scheme(world, admin, **changes):
    org = world.organisations
    return scheme_create(
        by=admin,
        preset="pcn-link-worker",
        settings=preset_settings(**({"name": "Riverside"} | changes)),
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )


def update(scheme, admin, *, providers=None, **changes):
    scheme.refresh_from_db()
    return scheme_update(
        by=admin,
        scheme=scheme,
        expected_version=scheme.version,
        settings=settings_of(scheme, **changes),
        providers=list(scheme.providers.all()) if providers is None else providers,
        practices=list(scheme.practices.all()),
    )


def submit_referral(world, scheme):
    person = world.people["person_a"]
    return referral_submit(
        by=actor_for(world.users["referrer"], world.organisations["practice_a"], Role.REFERRER),
        scheme=scheme,
        source="gp_practice",
        person_details={
            "nhs_number": person.nhs_number,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
        },
        needs=["loneliness"],
        consent_to_refer=True,
    )[0]


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


@pytest.mark.parametrize("preset", preset_names())
def test_every_preset_can_be_saved_from_the_administration_pages(preset, world, admin, instruments):
    org = world.organisations
    scheme = scheme_create(
        by=admin,
        preset=preset,
        settings=preset_settings(preset, public_phone="0113 496 0000"),
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )

    assert scheme.slug == load_preset(preset)["name"].lower().replace(" ", "-")
    assert AuditEvent.objects.filter(action="scheme.create", object_id=str(scheme.pk)).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"referral_sources": ["gp_practice", "self"]}, "public_phone", "Give a phone number or email"),
        ({"session_cap": 0}, "session_cap", "The session limit must be at least 1"),
        ({"contact_attempts_before_closing": 0}, "contact_attempts_before_closing", "at least 1 contact"),
        (
            {"review_cadence_weeks": 16, "duration_cap_weeks": 16},
            "review_cadence_weeks",
            "would never happen",
        ),
        (
            {"outcome_schedule": {"baseline": [], "review": [], "exit": ["ons4"]}},
            "outcome_schedule",
            "Measure at the start what you measure at the end",
        ),
        ({"duration_cap_weeks": None, "duration_cap_discretionary": True}, "duration_cap_discretionary", ""),
        ({"min_age": 70, "max_age": 40}, "max_age", "same as or more than the minimum"),
        ({"max_age": 130}, "max_age", "120 or less"),
        ({"triage_levels": []}, "triage_levels", "at least one triage level"),
        ({"referral_sources": []}, "referral_sources", "at least one referral source"),
        ({"office_opens": "17:00", "office_closes": "09:00"}, "office_closes", "after opening time"),
        ({"message_back_channels": ["email"]}, "message_back_channels", "always go to the referrer's"),
        (
            {"outcome_schedule": {"baseline": ["made_up"], "review": [], "exit": []}},
            "outcome_schedule",
            "made_up",
        ),
    ],
)
def test_a_scheme_that_does_not_hang_together_is_refused_whole(
    changes, field, message, world, admin, instruments
):
    errors = refusal(lambda: new_scheme(world, admin, **changes))

    assert message in " ".join(errors[field])
    assert not Scheme.objects.exists()
    assert not AuditEvent.objects.filter(action="scheme.create").exists()


def test_a_scheme_taking_referrals_needs_a_provider_and_its_practices(world, admin, instruments):
    errors = refusal(
        lambda: scheme_create(
            by=admin, settings=preset_settings(name="Nobody home"), providers=[], practices=[]
        )
    )

    assert "at least one provider" in errors["providers"][0]
    assert "Choose the GP practices" in errors["practices"][0]
    # A scheme being set up, not yet taking referrals, may wait for its organisations.
    draft = scheme_create(by=admin, settings=preset_settings(name="Draft", is_active=False))
    assert draft.providers.count() == 0


def test_organisations_of_the_wrong_kind_are_refused(world, admin, instruments):
    org = world.organisations

    errors = refusal(
        lambda: scheme_create(
            by=admin,
            settings=preset_settings(name="Mixed up", commissioner=org["practice_a"]),
            providers=[org["vcse_a"]],
            practices=[org["provider_a"]],
        )
    )

    assert "Walking Group A: each must be a social prescribing provider" in errors["providers"][0]
    assert "Provider A: each must be a GP practice" in errors["practices"][0]
    assert errors["commissioner"] == ["Choose a commissioner organisation."]


def test_a_second_scheme_with_the_same_name_is_refused(world, admin, instruments):
    new_scheme(world, admin)

    errors = refusal(lambda: new_scheme(world, admin, name="riverside"))

    assert errors["name"] == ["There is already a scheme called riverside: choose another name."]
    assert Scheme.objects.count() == 1


def test_a_change_is_saved_once_audited_with_before_and_after_and_versioned(world, admin, instruments):
    scheme = new_scheme(world, admin)

    saved = update(scheme, admin, session_cap=8, triage_levels=["light", "standard"])
    unchanged = update(saved, admin, session_cap=8, triage_levels=["light", "standard"])

    assert (saved.session_cap, saved.version, unchanged.version) == (8, 2, 2)
    event = AuditEvent.objects.get(action="scheme.update", object_id=str(scheme.pk))
    assert event.details["changes"] == {
        "session_cap": {"from": None, "to": 8},
        "triage_levels": {"from": ["signpost", "standard", "complex"], "to": ["light", "standard"]},
    }
    assert event.actor_label == "administrator"


def test_two_administrators_saving_the_same_version_do_not_overwrite_each_other(world, admin, instruments):
    scheme = new_scheme(world, admin)
    opened_version = scheme.version
    update(scheme, admin, session_cap=8)

    with pytest.raises(StaleEdit) as stale:
        scheme_update(
            by=admin,
            scheme=scheme,
            expected_version=opened_version,
            settings=settings_of(scheme, session_cap=12),
            providers=[world.organisations["provider_a"]],
            practices=[world.organisations["practice_a"]],
        )

    assert stale.value.current.session_cap == 8
    scheme.refresh_from_db()
    assert (scheme.session_cap, scheme.version) == (8, 2)


def test_settings_open_referrals_use_cannot_be_taken_away(world, admin, schemes, referrals, instruments):
    """Scheme A's open referral came from a GP practice, was triaged standard and went to provider A."""
    scheme = schemes["own"]
    scheme.public_phone = "0113 496 0000"
    scheme.save()
    provider_b = world.organisations["provider_b"]

    errors = refusal(
        lambda: update(
            scheme,
            admin,
            referral_sources=["self"],
            triage_levels=["signpost"],
            providers=[provider_b],
        )
    )

    assert errors["referral_sources"] == [
        "1 open referrals came from GP practice: keep accepting referrals from GP practice until they have closed."
    ]
    assert errors["triage_levels"] == [
        "1 open referrals were triaged Standard: keep the triage level Standard until they have closed."
    ]
    assert errors["providers"] == [
        "1 open referrals went to Provider A: keep Provider A as a provider until they have closed."
    ]
    scheme.refresh_from_db()
    assert scheme.triage_levels == ["signpost", "standard"]
    assert scheme.version == 1


def test_once_the_referral_has_closed_its_settings_can_go(world, admin, schemes, instruments):
    scheme = schemes["own"]
    scheme.public_phone = "0113 496 0000"
    scheme.save()
    org, users = world.organisations, world.users
    team_lead = actor_for(users["team_lead"], org["provider_a"], Role.TEAM_LEAD)
    referral = submit_referral(world, scheme)
    referral = referral_triage(by=team_lead, referral=referral, level="standard")
    refusal(lambda: update(scheme, admin, triage_levels=["signpost"]))

    referral_decline(
        by=team_lead, referral=referral, reason="needs_met_elsewhere", redirect_advice="Try the café"
    )
    saved = update(scheme, admin, triage_levels=["signpost"])

    assert saved.triage_levels == ["signpost"]


def test_a_measure_open_cases_have_recorded_stays_in_the_schedule(world, admin, schemes, cases):
    """Scheme A's open case recorded health today at the start: its end-of-support measure must match."""
    scheme = schemes["own"]
    scheme.public_phone = "0113 496 0000"
    scheme.save()
    without = {
        point: [code for code in codes if code != "health_today"]
        for point, codes in scheme.outcome_schedule.items()
    }

    errors = refusal(lambda: update(scheme, admin, outcome_schedule=without))

    assert errors["outcome_schedule"] == [
        "1 open cases recorded Health today: keep measuring Health today until they have closed."
    ]


@pytest.mark.parametrize("role", [role for role in Role if role != Role.ADMINISTRATOR])
def test_only_administrators_may_create_or_change_a_scheme(role, client, world, schemes, instruments):
    sign_in(client, world.users[role])
    scheme = schemes["own"]

    created = client.post(reverse("scheme_administration:new") + "?preset=pcn-link-worker", {"name": "Mine"})
    changed = client.post(
        reverse("scheme_administration:edit", kwargs={"slug": scheme.slug}), {"name": "Mine"}
    )

    assert (created.status_code, changed.status_code) == (403, 403)
    scheme.refresh_from_db()
    assert scheme.name == "Scheme A"
    assert not Scheme.objects.filter(name="Mine").exists()


def form_data(scheme, **changes) -> dict:
    """The scheme form as the browser sends it back unchanged, with `changes` made."""
    initial = SchemeForm.initial_from(
        scheme, providers=scheme.providers.all(), practices=scheme.practices.all()
    )
    data = {}
    for name, value in (initial | changes).items():
        if value is True:
            data[name] = "on"
        elif value in (False, None):
            continue
        else:
            data[name] = value
    return data


def test_the_page_saves_choices_made_in_words_as_the_scheme_s_codes(client, world, admin, instruments):
    scheme = new_scheme(world, admin)
    sign_in(client, world.users["administrator"])

    response = client.post(
        reverse("scheme_administration:edit", kwargs={"slug": scheme.slug}),
        form_data(
            scheme,
            self_referral="yes",
            public_email="riverside@example.org",
            message_back_email=True,
            champion_areas="Older people\n\n  Carers  ",
        ),
    )

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.referral_sources[-1] == "self"
    assert scheme.message_back_channels == ["in_app", "email"]
    assert scheme.champion_areas == ["Older people", "Carers"]
    assert scheme.public_email == "riverside@example.org"
    page = client.get(reverse("scheme_administration:edit", kwargs={"slug": scheme.slug})).content.decode()
    # The change is listed with the settings named as the form names them.
    assert "changed Who can refer; Email address for the public; Champion areas" in page


def test_a_stale_scheme_page_shows_what_the_other_administrator_saved(client, world, admin, instruments):
    scheme = new_scheme(world, admin)
    sign_in(client, world.users["administrator"])
    opened = form_data(scheme, session_cap=12)
    update(scheme, admin, session_cap=8)

    response = client.post(reverse("scheme_administration:edit", kwargs={"slug": scheme.slug}), opened)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this since you opened it" in html
    assert 'name="session_cap" type="text" value="8"' in html
    scheme.refresh_from_db()
    assert scheme.session_cap == 8


@pytest.mark.django_db(transaction=True)
def test_two_administrators_saving_at_the_same_moment_save_one_change(world, admin, instruments):
    scheme = new_scheme(world, admin)
    org = world.organisations

    def save(session_cap):
        return scheme_update(
            by=admin,
            scheme=scheme,
            expected_version=scheme.version,
            settings=settings_of(scheme, session_cap=session_cap),
            providers=[org["provider_a"]],
            practices=[org["practice_a"]],
        )

    results, errors = run_at_once(lambda: save(8), lambda: save(12))

    assert [type(error) for error in errors] == [StaleEdit]
    scheme.refresh_from_db()
    assert (scheme.session_cap, scheme.version) == (results[0].session_cap, 2)
    assert AuditEvent.objects.filter(action="scheme.update", object_id=str(scheme.pk)).count() == 1


def test_the_django_admin_site_shows_schemes_but_changes_none(client, world, schemes):
    """Changes go through the scheme pages' checks; the admin site cannot go round them."""
    administrator = world.users["administrator"]
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    sign_in(client, administrator)
    scheme = schemes["own"]

    shown = client.get(reverse("admin:schemes_scheme_change", args=[scheme.pk]))
    posted = client.post(reverse("admin:schemes_scheme_change", args=[scheme.pk]), {"name": "Renamed"})

    assert shown.status_code == 200
    assert posted.status_code == 403
    scheme.refresh_from_db()
    assert scheme.name == "Scheme A"
