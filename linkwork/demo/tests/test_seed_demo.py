import random
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Membership, Organisation, Role, User
from linkwork.casework.models import Case, ImportBatch
from linkwork.casework.selectors.cases import case_open
from linkwork.casework.vocabulary import ASSESSMENT_DOMAINS
from linkwork.core.dates import age_on
from linkwork.core.models import AuditEvent
from linkwork.demo import data, imported_history, reporting_history
from linkwork.demo.day import MONEY_WORRIES
from linkwork.demo.evaluation import CODE as SOCIAL_CONNECTION
from linkwork.demo.evaluation import evaluation_seed
from linkwork.demo.services import synthetic_nhs_number
from linkwork.demo.two_factor import demo_secret
from linkwork.messaging.models import OutboxMessage
from linkwork.onward.suggestions import suggested_services
from linkwork.outcomes.models import MeasureResponse
from linkwork.people.models import LegitimateRelationship, Person
from linkwork.people.selectors import duplicates_for_review
from linkwork.people.validators import nhs_number_problem
from linkwork.referrals.models import Referral
from linkwork.referrals.vocabulary import Status
from linkwork.reporting.evaluation.cohort_choices import cohort_for
from linkwork.reporting.evaluation.outcome_report import NO_BASELINE
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.evaluation.tables import outcome_tables
from linkwork.reporting.scope import suppression_threshold
from linkwork.schemes.models import Scheme
from linkwork.schemes.presets import preset_names
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import actor_for
from linkwork.testing.shared import built_once_per_module

pytestmark = pytest.mark.django_db

COUNTED_MODELS = (Organisation, User, Membership, Scheme, Person, LegitimateRelationship, AuditEvent)


def seed_demo(*args):
    output = StringIO()
    call_command("seed_demo", *args, stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def first_seed_output(request, django_db_setup, django_db_blocker):
    """The demo is seeded once for the module (about 3 seconds); each test reads or changes it in a savepoint."""
    yield from built_once_per_module(request, django_db_blocker, seed_demo)


@pytest.fixture
def seeded(db, first_seed_output):
    """What the first `seed_demo` printed, with the demo it made in the database."""
    return first_seed_output


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def demo_usernames():
    staff = [f"{scheme['username_prefix']}.{suffix}" for scheme in data.SCHEMES for suffix in scheme["staff"]]
    extra = [
        f"{scheme['username_prefix']}.{worker[0].lower()}"
        for scheme in data.SCHEMES
        for worker in data.EXTRA_LINK_WORKERS
    ]
    return [data.ADMINISTRATOR["username"], *staff, *extra, data.MULTI_MEMBERSHIP_USER["username"]]


def scheme_organisations(scheme, definition):
    """The scheme's own organisations, plus the community VCSE organisations the demo gives it."""
    community_names = [name for name, _postcode in definition["community"]]
    return Organisation.objects.filter(
        Q(pk=scheme.commissioner_id)
        | Q(provided_schemes=scheme)
        | Q(practice_schemes=scheme)
        | Q(kind=Organisation.Kind.VCSE, name__in=community_names)
    ).distinct()


def test_every_preset_has_a_scheme_with_its_organisations(seeded):
    assert set(Scheme.objects.values_list("preset", flat=True)) == set(preset_names())
    for definition in data.SCHEMES:
        scheme = Scheme.objects.get(preset=definition["preset"])
        assert scheme.commissioner.kind == Organisation.Kind.COMMISSIONER
        assert scheme.providers.count() == len(definition["providers"])
        assert scheme.practices.count() == len(definition["practices"])
        for practice in scheme.practices.all():
            assert practice.ods_code.startswith("Y9")
            assert 4000 <= practice.registered_list_size <= 15000


def test_pcn_practices_belong_to_the_pcn_that_provides_the_scheme(seeded):
    scheme = Scheme.objects.get(preset="pcn-link-worker")
    pcn = scheme.providers.get()
    assert pcn.kind == Organisation.Kind.PCN
    assert {practice.parent for practice in scheme.practices.all()} == {pcn}


@pytest.mark.parametrize("definition", data.SCHEMES, ids=lambda definition: definition["preset"])
def test_every_role_has_a_user_in_every_scheme(definition, seeded):
    scheme = Scheme.objects.get(preset=definition["preset"])
    memberships = Membership.objects.active().filter(
        organisation__in=scheme_organisations(scheme, definition)
    )
    assert set(memberships.values_list("role", flat=True)) == set(Role) - {Role.ADMINISTRATOR}


def test_admin_is_a_superuser_administering_the_host(seeded):
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.memberships.get().organisation.kind == Organisation.Kind.HOST


def test_multi_user_works_for_two_providers_to_show_the_organisation_switcher(seeded):
    memberships = Membership.objects.filter(user__username="multi", role=Role.LINK_WORKER)
    assert {membership.organisation.name for membership in memberships} == set(
        data.MULTI_MEMBERSHIP_PROVIDERS
    )


def test_people_have_synthetic_nhs_numbers_or_none(seeded):
    # The one record kept apart for a team lead (demo/duplicates.py) is checked on its own below.
    nhs_numbers = list(
        Person.objects.filter(nhs_number_unconfirmed=False).values_list("nhs_number", flat=True)
    )
    with_number = [number for number in nhs_numbers if number]
    # Each scheme's people, the money-worries man of the link worker's day (demo/day.py), two years
    # of Ways to Wellness support for the reports (demo/reporting_history.py) and the PCN's imported
    # 2024 records (demo/imported_history.py).
    assert len(nhs_numbers) == (
        len(data.SCHEMES) * data.PEOPLE_PER_SCHEME + 1 + reporting_history.PEOPLE + imported_history.RECORDS
    )
    assert 0 < len(nhs_numbers) - len(with_number) < len(nhs_numbers) / 4
    for number in with_number:
        assert number.startswith("999")
        assert nhs_number_problem(number) is None


def test_every_person_has_one_referral_from_their_practice_or_themselves_to_a_scheme_that_suits_their_age(
    seeded,
):
    today = timezone.localdate()
    age_ranges = {scheme["preset"]: scheme["age_range"] for scheme in data.SCHEMES}

    # Imported records came from another system, with no practice recorded (demo/imported_history.py).
    people = Person.objects.filter(nhs_number_unconfirmed=False).exclude(cases__import_batches__isnull=False)
    for person in people.select_related("registered_practice"):
        referral = person.referrals.select_related("scheme").get()
        assert referral.scheme.practices.filter(pk=person.registered_practice_id).exists()
        assert referral.referring_organisation in {person.registered_practice, None}
        assert referral.provider is None or referral.scheme.providers.filter(pk=referral.provider_id).exists()
        youngest, oldest = age_ranges[referral.scheme.preset]
        assert youngest <= age_on(person.date_of_birth, today) <= oldest


def test_the_team_lead_has_a_possible_duplicate_the_referrer_was_told_nothing_about(seeded):
    referrer = Membership.objects.get(user__username="wtw.referrer")
    team_lead = Membership.objects.get(user__username="wtw.teamlead")
    as_referrer = actor_for(referrer.user, referrer.organisation, Role.REFERRER)

    pairs = duplicates_for_review(actor=actor_for(team_lead.user, team_lead.organisation, Role.TEAM_LEAD))

    [pair] = [pair for pair in pairs if pair.person.nhs_number_unconfirmed]
    assert pair.person.nhs_number == pair.candidate.nhs_number
    assert Person.objects.visible_to(as_referrer).filter(pk=pair.person_id).exists()
    assert not Person.objects.visible_to(as_referrer).filter(pk=pair.candidate_id).exists()


def test_referrals_are_shown_at_every_stage_of_their_life(seeded):
    statuses = set(Referral.objects.values_list("status", flat=True))

    assert statuses == {status.value for status in Status} - {Status.TRIAGED}
    assert Case.objects.count() == Referral.objects.filter(status=Status.ACCEPTED).count()


def test_synthetic_nhs_numbers_are_always_valid_and_in_the_999_range():
    rng = random.Random(1)

    for _ in range(2000):
        number = synthetic_nhs_number(rng)
        assert number.startswith("999")
        assert nhs_number_problem(number) is None


def test_seeding_twice_changes_no_counts(seeded):
    first = row_counts()

    seed_demo()

    assert row_counts() == first


def test_output_lists_every_demo_login_and_the_password_once(seeded):
    output = seeded

    for username in demo_usernames():
        assert username in output
    assert output.count(data.DEMO_PASSWORD) == 1
    assert "Westgate Road Surgery (Y90001)" in output


def test_every_demo_user_signs_in_with_the_demo_password(seeded):
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(demo_usernames())
    for username in demo_usernames():
        assert User.objects.get(username=username).check_password(data.DEMO_PASSWORD)


def test_seeding_again_restores_a_changed_demo_password(seeded):
    admin = User.objects.get(username="admin")
    admin.set_password("something-else-entirely")
    admin.save()

    seed_demo()

    assert User.objects.get(username="admin").check_password(data.DEMO_PASSWORD)


def test_the_first_seed_prints_a_working_questionnaire_link_and_a_second_seed_issues_none(client, seeded):
    first = seeded
    again = seed_demo()

    path = next(word for word in first.split() if word.startswith("/q/"))
    assert client.get(path).status_code == 200
    assert "/q/" not in again


@override_settings(DEBUG=True, LINKWORK_DEMO_SHOW_CODE=True)
def test_a_newcomer_signs_in_to_the_seeded_demo_with_no_phone(client, seeded):
    username = data.ADMINISTRATOR["username"]

    client.post(reverse("accounts:login"), {"username": username, "password": data.DEMO_PASSWORD})
    page = client.get(reverse("accounts:two_factor")).content.decode()
    code = page.split("Demo only: the current code is ")[1][:6]
    signed_in = client.post(reverse("accounts:two_factor"), {"code": code, "next": "/"})

    assert demo_secret() in seeded
    assert signed_in["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200


def test_the_demo_shows_the_link_workers_day(seeded, client):
    """Issue 19: a Newcastle man with money worries is offered the nearby debt service first; the demo has
    diary appointments, notifications for each role, triage notes and his registered practice."""
    case = Case.objects.select_related("person__registered_practice", "referral").get(
        person__nhs_number=MONEY_WORRIES["nhs_number"]
    )
    first = suggested_services(case)[0]
    assert "debt_money" in {term.code for term in first.service.categories.all()}
    assert first.distance_km < 3
    assert case.person.registered_practice.name == "Westgate Road Surgery"
    assert case.referral.triage_note
    assert Referral.objects.exclude(triage_note="").count() > 10
    assert case.contacts.filter(attendance="booked").exists()
    notified = set(
        OutboxMessage.objects.filter(channel="in_app", recipient_organisation__isnull=True).values_list(
            "kind", flat=True
        )
    )
    assert {"allocation_new", "onward_new", "onward_reply", "risk_raised", "message_back_new"} <= notified


def test_the_self_referral_scheme_has_contact_details_set_by_the_demo_administrator(seeded):
    scheme = Scheme.objects.get(preset="wellbeing-coordinator")

    assert scheme.public_phone == "0113 496 0500"
    change = AuditEvent.objects.get(action="scheme.update", object_id=str(scheme.pk), actor__username="admin")
    assert change.details["changes"]["public_phone"] == {"from": "", "to": "0113 496 0500"}


def test_the_ways_to_wellness_outcome_report_shows_holistic_assessment_change(seeded):
    """Issue 20: the scheme's main measure is reported per domain and in total on the demo data."""
    membership = Membership.objects.get(user__username="wtw.commissioner")
    commissioner = actor_for(membership.user, membership.organisation, membership.role)
    criteria = report_criteria(
        actor=commissioner, scheme_slug="ways-to-wellness", instrument_code="holistic_assessment"
    )
    report = outcome_report(actor=commissioner, criteria=criteria, channel="page")
    by_scale = {scale.scale.code: scale for scale in report.scales}
    assert set(by_scale) == {*ASSESSMENT_DOMAINS, "total"}
    for scale in by_scale.values():
        assert scale.n >= report.threshold, scale.scale.title
        assert scale.attrition.counts[NO_BASELINE] == 0
    total = by_scale["total"].overall
    assert total.change.mean > 0
    assert 8 <= total.baseline.mean < total.follow_up.mean <= 40


def test_a_wellbeing_case_shows_the_session_limit_coming(seeded):
    case = next(
        case
        for case in Case.objects.filter(referral__scheme__preset="wellbeing-coordinator").select_related(
            "provider"
        )
        if case.contacts.filter(attendance="attended").count() == 5
    )
    worker = actor_for(case.link_worker, case.provider, Role.LINK_WORKER)

    assert "5 of 6 sessions used, one left." in case_open(actor=worker, case_id=case.pk).warnings


def test_the_demo_tells_the_public_how_to_reach_each_self_referral_service(client, seeded):
    schemes = [scheme for scheme in Scheme.objects.all() if scheme.accepts_source("self")]

    assert schemes
    for scheme in schemes:
        assert scheme.public_phone.startswith("0113 496")
        assert "@example.org" in scheme.public_email
    front_door = client.get(reverse("self_referral:index")).content.decode()
    assert all(scheme.name in front_door for scheme in schemes)


def test_every_demo_referral_has_its_own_reference(seeded):
    references = list(Referral.objects.values_list("reference", flat=True))

    assert None not in references
    assert len(set(references)) == len(references)


def test_the_demo_gp_sees_a_ways_to_wellness_referral_through_to_support_ended_with_holistic_change(
    client, seeded
):
    discharges = OutboxMessage.objects.filter(
        kind="case_discharged", channel="in_app", payload__referral__scheme="Ways to Wellness"
    )
    # Only people who agreed to share have their assessment in the message; the demo has both.
    changes = [
        message.payload["holistic_assessment"]["total"]["change"]
        for message in discharges
        if "holistic_assessment" in message.payload
    ]
    assert any(change is not None for change in changes)

    sign_in(client, User.objects.get(username="wtw.referrer"))
    listing = client.get(reverse("referrals:list")).content.decode()
    assert "Support ended" in listing
    assert "In support" in listing


def test_the_pcn_commissioner_sees_the_social_connection_measure_with_pairs(seeded):
    """Issue 21: the PCN commissioner's report on "People I can turn to" has pairs and an adjusted estimate."""
    membership = Membership.objects.select_related("user", "organisation").get(
        user__username="pcn.commissioner"
    )
    commissioner = actor_for(membership.user, membership.organisation, Role.COMMISSIONER)
    scheme = membership.organisation.commissioned_schemes.get()
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=SOCIAL_CONNECTION)

    report = outcome_report(actor=commissioner, criteria=criteria, channel="test")

    assert report.scales[0].n >= suppression_threshold()
    assert report.scales[0].overall.change.mean > 0
    assert next(t for t in outcome_tables(report) if t.key == "adjusted").rows[0]["change_mean"] is not None


def test_seeding_the_evaluation_again_adds_nothing(seeded):
    before = MeasureResponse.objects.filter(instrument__code=SOCIAL_CONNECTION).count()

    evaluation_seed()

    assert MeasureResponse.objects.filter(instrument__code=SOCIAL_CONNECTION).count() == before > 0


def test_the_pcn_report_can_be_restricted_to_the_imported_2024_records(seeded):
    """The demo's imported batch is a cohort the PCN team lead can choose, with pairs to compare."""
    membership = Membership.objects.select_related("user", "organisation").get(user__username="pcn.teamlead")
    lead = actor_for(membership.user, membership.organisation, Role.TEAM_LEAD)
    scheme = Scheme.objects.get(preset="pcn-link-worker")
    batch = ImportBatch.objects.get(scheme=scheme, provider=membership.organisation)
    whole = report_criteria(actor=lead, scheme_slug=scheme.slug, instrument_code="ons4")
    cohort = replace(whole, cohort=cohort_for(actor=lead, scheme=scheme, batch_id=batch.pk))

    imported = outcome_report(actor=lead, criteria=cohort, channel="test").scales[0]
    everyone = outcome_report(actor=lead, criteria=whole, channel="test").scales[0]

    assert imported.attrition.cases == batch.cases.count() == imported_history.RECORDS
    assert suppression_threshold() <= imported.n < everyone.n
