import datetime

import pytest
from django.core.exceptions import ValidationError

from linkwork.accounts.models import Organisation
from linkwork.core.models import AuditEvent
from linkwork.schemes.eligibility import check_eligibility, describe_criteria
from linkwork.schemes.models import Scheme
from linkwork.schemes.presets import load_preset, preset_names
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM, make_organisation

TODAY = datetime.date(2026, 11, 23)


def born_aged(years, today=TODAY):
    return today.replace(year=today.year - years)


def test_the_three_founding_service_models_ship_as_presets():
    assert preset_names() == ["pcn-link-worker", "ways-to-wellness", "wellbeing-coordinator"]


@pytest.mark.parametrize("preset", preset_names())
def test_each_preset_is_a_valid_scheme(db, preset):
    scheme = scheme_apply_preset(by=SYSTEM, preset=preset)

    scheme.full_clean()
    assert scheme.preset == preset
    assert AuditEvent.objects.filter(action="scheme.create", object_id=str(scheme.pk)).exists()


def test_applying_a_preset_again_restores_its_settings_without_a_duplicate(db):
    scheme = scheme_apply_preset(by=SYSTEM, preset="wellbeing-coordinator")
    Scheme.objects.filter(pk=scheme.pk).update(session_cap=12)

    again = scheme_apply_preset(by=SYSTEM, preset="wellbeing-coordinator")

    assert again.pk == scheme.pk
    assert Scheme.objects.count() == 1
    assert Scheme.objects.get().session_cap == 6


def test_presets_carry_the_distinguishing_rules_of_each_model():
    ways, wellbeing, pcn = (
        load_preset(n) for n in ("ways-to-wellness", "wellbeing-coordinator", "pcn-link-worker")
    )

    assert (ways["min_age"], ways["max_age"], ways["review_cadence_weeks"], ways["duration_cap_weeks"]) == (
        40,
        74,
        26,
        104,
    )
    assert ways["referral_sources"] == ["gp_practice"]
    assert (wellbeing["min_age"], wellbeing["session_cap"]) == (14, 6)
    assert "self" in wellbeing["referral_sources"]
    assert wellbeing["champion_areas"]
    assert pcn["outcome_schedule"]["baseline"] == ["ons4"]
    assert "self" not in pcn["referral_sources"]


@pytest.fixture
def ways_to_wellness(db):
    return scheme_apply_preset(by=SYSTEM, preset="ways-to-wellness")


def test_an_eligible_referral_has_no_reasons(ways_to_wellness):
    assert (
        check_eligibility(
            ways_to_wellness, date_of_birth=born_aged(40), conditions=["copd"], source="gp_practice", on=TODAY
        )
        == []
    )


def test_ineligible_referrals_say_exactly_why(ways_to_wellness):
    reasons = check_eligibility(
        ways_to_wellness,
        date_of_birth=born_aged(38),
        conditions=["depression"],
        source="self",
        gp_registered=False,
        on=TODAY,
    )

    assert reasons[0] == "aged 38: this scheme accepts 40–74"
    assert reasons[1].startswith("no qualifying long-term condition")
    assert reasons[2] == "not registered with a GP practice: this scheme needs GP registration"
    assert reasons[3] == "referred by self-referral: this scheme does not accept that referral source"


def test_age_limits_are_inclusive_and_birthdays_count_on_the_day(ways_to_wellness):
    def reasons(date_of_birth):
        return check_eligibility(
            ways_to_wellness,
            date_of_birth=date_of_birth,
            conditions=["asthma"],
            source="gp_practice",
            on=TODAY,
        )

    assert reasons(born_aged(74)) == []
    assert reasons(born_aged(75)) == ["aged 75: this scheme accepts 40–74"]
    assert reasons(born_aged(40) + datetime.timedelta(days=1)) == ["aged 39: this scheme accepts 40–74"]


def test_criteria_are_described_in_plain_words(ways_to_wellness):
    criteria = describe_criteria(ways_to_wellness)

    assert criteria[0] == "Aged 40–74."
    assert "Chronic obstructive pulmonary disease (COPD)" in criteria[1]
    assert criteria[-1] == "Referrals accepted from: GP practice."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"min_age": 80, "max_age": 70}, "max_age"),
        ({"referral_sources": ["carrier_pigeon"]}, "referral_sources"),
        ({"triage_levels": []}, "triage_levels"),
        ({"office_opens": "9am"}, "office_opens"),
        ({"outcome_schedule": {"sometimes": ["ons4"]}}, "outcome_schedule"),
        ({"message_back_channels": ["fax"]}, "message_back_channels"),
    ],
)
def test_invalid_scheme_settings_are_refused_with_the_field_named(ways_to_wellness, changes, field):
    for name, value in changes.items():
        setattr(ways_to_wellness, name, value)

    with pytest.raises(ValidationError) as raised:
        ways_to_wellness.full_clean()

    assert field in raised.value.message_dict


def test_providers_and_practices_must_be_the_right_kinds_of_organisation(db):
    practice = make_organisation(name="Kind Practice")
    commissioner = make_organisation(Organisation.Kind.COMMISSIONER, "Kind Commissioner")

    with pytest.raises(ValidationError, match="Kind Practice: each must be a social prescribing provider"):
        scheme_apply_preset(by=SYSTEM, preset="ways-to-wellness", providers=[practice])
    with pytest.raises(ValidationError, match="Kind Commissioner: each must be a GP practice"):
        scheme_apply_preset(by=SYSTEM, preset="ways-to-wellness", practices=[commissioner])
    assert not Scheme.objects.exists()


def test_applying_an_unchanged_preset_again_writes_no_audit_event(db):
    practice = make_organisation(name="Steady Practice")
    scheme_apply_preset(by=SYSTEM, preset="pcn-link-worker", practices=[practice])
    events = AuditEvent.objects.count()

    scheme_apply_preset(by=SYSTEM, preset="pcn-link-worker", practices=[practice])

    assert AuditEvent.objects.count() == events
