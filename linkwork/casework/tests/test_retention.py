"""Retention: people whose every referral closed longer ago than the scheme keeps records lose everything
that identifies them, in one go, and keep the coded data and the audit trail."""

import datetime

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.utils import timezone

from linkwork.casework.models import Case
from linkwork.casework.retention import people_due_for_retention, retention_apply
from linkwork.casework.services.cases import case_discharge
from linkwork.casework.services.contacts import contact_record
from linkwork.casework.services.goals import goal_create, what_matters_update
from linkwork.casework.services.risk import risk_flag_raise
from linkwork.core.models import AuditEvent
from linkwork.onward.services import onward_referral_send
from linkwork.outcomes.models import MeasureResponse
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.people.models import Person
from linkwork.referrals.models import Referral
from linkwork.testing.cases import open_case_for
from linkwork.testing.directory import directory_add, listing
from linkwork.testing.factories import SYSTEM, valid_nhs_number

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SENTINELS = ["Zebedee", "Sentinelson", "Sentinel Street", "07700900123", "SENTINEL-"]


@pytest.fixture
def walking_group(world):
    record = listing("Benwell walking group", organisation_name="Walking Group A listings")
    return directory_add(record, owners={str(record["organisation"]["id"]): world.organisations["vcse_a"]})[0]


def a_full_case(world, wellbeing, case_actors, walking_group, instruments, **person):
    """A case with something written in every place a link worker writes, discharged."""
    worker = case_actors["link_worker"]
    case = open_case_for(world, wellbeing, case_actors, nhs_number=valid_nhs_number(), **person)
    Person.objects.filter(pk=case.person_id).update(
        address_line_1="1 Sentinel Street", postcode="LS1 4AP", phone="07700900123", email="z@example.org"
    )
    Referral.objects.filter(pk=case.referral_id).update(risk_information="SENTINEL-referral risk")
    case = what_matters_update(
        by=worker, case=case, expected_version=case.version, what_matters="SENTINEL-wm"
    )
    goal_create(by=worker, case=case, domain="money", description="SENTINEL-goal")
    risk_flag_raise(by=worker, case=case, kind="lone_working", description="SENTINEL-risk")
    contact_record(
        by=worker,
        case=case,
        occurs_at=case.opened_at,
        mode="phone",
        place="remote",
        attendance="attended",
        note="SENTINEL-contact",
    )
    onward_referral_send(by=worker, case=case, service=walking_group, consent=True, summary="SENTINEL-onward")
    measures_record(
        by=worker,
        case=case,
        time_point="baseline",
        occasion=0,
        measures=[MeasureAnswers("health_today", {"health": 60})],
        completed_on=timezone.localdate(case.opened_at),
    )
    case.refresh_from_db()
    return case_discharge(
        by=worker,
        case=case,
        reason="goals_achieved",
        summary="SENTINEL-discharge",
        expected_version=case.version,
    )


def closed_years_ago(case, years):
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=365 * years + 3)
    )


def everything_stored_except_the_audit():
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("linkwork") and model is not AuditEvent
    ]
    return "".join(serializers.serialize("json", model.objects.all()) for model in models)


def test_past_retention_every_identifying_detail_and_free_text_goes_and_the_codes_stay(
    world, wellbeing, case_actors, walking_group, instruments
):
    case = a_full_case(
        world,
        wellbeing,
        case_actors,
        walking_group,
        instruments,
        given_name="Zebedee",
        family_name="Sentinelson",
    )
    born = case.person.date_of_birth
    audit_before = AuditEvent.objects.count()
    assert all(sentinel in everything_stored_except_the_audit() for sentinel in SENTINELS)
    closed_years_ago(case, wellbeing.retention_years + 1)

    counts = retention_apply(by=SYSTEM, today=TODAY)

    stored = everything_stored_except_the_audit()
    assert [sentinel for sentinel in SENTINELS if sentinel in stored] == []
    person = Person.objects.get(pk=case.person_id)
    assert (person.full_name, person.nhs_number, person.postcode) == ("Anonymised person", "", "LS1")
    assert person.date_of_birth == datetime.date(born.year, 7, 1)
    assert person.anonymised_at is not None
    assert counts["people"] == 1
    response = MeasureResponse.objects.get(case=case)
    assert response.scores
    assert response.answers == {"health": 60}
    assert Referral.objects.get(pk=case.referral_id).needs == ["loneliness"]
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.filter(action="person.anonymise", object_id=str(person.pk)).exists()


def test_within_retention_nothing_changes(world, wellbeing, case_actors, walking_group, instruments):
    case = a_full_case(world, wellbeing, case_actors, walking_group, instruments, family_name="Recent")
    closed_years_ago(case, wellbeing.retention_years - 1)

    assert retention_apply(by=SYSTEM, today=TODAY) == {}
    assert Person.objects.get(pk=case.person_id).family_name == "Recent"


def test_an_open_referral_keeps_a_person_whose_older_case_is_past_retention(
    world, wellbeing, case_actors, walking_group, instruments
):
    case = a_full_case(world, wellbeing, case_actors, walking_group, instruments, family_name="Returning")
    closed_years_ago(case, wellbeing.retention_years + 1)
    person = case.person
    open_case_for(
        world,
        wellbeing,
        case_actors,
        nhs_number=person.nhs_number,
        family_name="Returning",
        date_of_birth=person.date_of_birth,
    )

    assert people_due_for_retention(today=TODAY) == []


def test_a_referral_declined_without_a_case_counts_from_its_outcome(world, wellbeing, case_actors):
    case = open_case_for(world, wellbeing, case_actors, family_name="Declined")
    Case.objects.filter(pk=case.pk).delete()
    long_ago = timezone.now() - datetime.timedelta(days=365 * (wellbeing.retention_years + 1))
    Referral.objects.filter(pk=case.referral_id).update(status="declined", outcome_at=long_ago)

    assert people_due_for_retention(today=TODAY) == [case.person_id]


def test_a_dry_run_counts_and_changes_nothing_and_a_second_run_finds_nobody(
    world, wellbeing, case_actors, walking_group, instruments
):
    case = a_full_case(world, wellbeing, case_actors, walking_group, instruments, family_name="Twice")
    closed_years_ago(case, wellbeing.retention_years + 1)

    assert retention_apply(by=SYSTEM, today=TODAY, dry_run=True) == {"people": 1}
    assert Person.objects.get(pk=case.person_id).family_name == "Twice"
    assert retention_apply(by=SYSTEM, today=TODAY)["people"] == 1
    assert retention_apply(by=SYSTEM, today=TODAY) == {}


def test_the_command_reports_what_it_did_and_refuses_a_date_it_cannot_read(
    world, wellbeing, case_actors, walking_group, instruments, capsys
):
    case = a_full_case(world, wellbeing, case_actors, walking_group, instruments, family_name="Commanded")
    closed_years_ago(case, wellbeing.retention_years + 1)

    call_command("apply_retention", "--dry-run")
    call_command("apply_retention")

    output = capsys.readouterr().out
    assert "1 people are past their retention period" in output
    assert "Anonymised 1 people" in output
    with pytest.raises(CommandError, match="--today must be a date like"):
        call_command("apply_retention", "--today", "yesterday")
