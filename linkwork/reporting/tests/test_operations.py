"""The operational dashboard's figures, checked against figures worked out here from the same rows."""

import datetime
import statistics

import numpy
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.core.models import AuditEvent
from linkwork.referrals.vocabulary import SNOMED_REFERRAL_ACCEPTED
from linkwork.testing.factories import actor_for

from ..operations.criteria import DashboardCriteria, dashboard_criteria
from ..operations.selectors import operations_dashboard
from .dashboard_helpers import (
    Journey,
    declined_referral,
    first_session_waits,
    live,
    register_everyone_with,
    team_lead_of_provider_b,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner(world):
    return actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)


def tables_for(actor, **choices):
    dashboard = operations_dashboard(
        actor=actor, criteria=dashboard_criteria(actor=actor, **choices), channel="test"
    )
    return {table.key: table for table in dashboard.tables}


def row(table, key, value):
    return next(line for line in table.rows if line[key] == value)


JOURNEYS = [
    Journey(to_contact=1, to_session=3),
    Journey(to_contact=2, to_session=4, missed=1),
    Journey(to_contact=4, to_session=10, discharged="goals_achieved"),
    Journey(to_contact=3, to_session=None),
    Journey(to_contact=7, to_session=2, missed=2, discharged="disengaged"),
    Journey(to_contact=5, to_session=6),
]


def test_waits_match_the_median_and_90th_percentile_of_the_rows(world, scheme, case_actors):
    cases = live(world, scheme, case_actors, JOURNEYS)
    waits = tables_for(case_actors["team_lead"])["waits"]

    to_contact = [float(journey.to_contact) for journey in JOURNEYS]
    to_session = first_session_waits(cases)
    contact_line = row(waits, "wait", "Referral received to first contact")
    session_line = row(waits, "wait", "Referral received to first session")
    assert contact_line["n"] == 6
    assert contact_line["median"] == round(statistics.median(to_contact), 1)
    assert contact_line["p90"] == round(float(numpy.percentile(to_contact, 90)), 1)
    assert session_line["n"] == 5
    assert session_line["median"] == round(statistics.median(to_session), 1)
    assert session_line["p90"] == round(float(numpy.percentile(to_session, 90)), 1)


def test_sessions_did_not_attend_and_discharges(world, scheme, case_actors):
    live(world, scheme, case_actors, JOURNEYS)
    tables = tables_for(case_actors["team_lead"])

    sessions = row(tables["sessions"], "measure", "Attended sessions per case")
    per_case = [0 if journey.to_session is None else 1 for journey in JOURNEYS]
    assert sessions["n"] == 6
    assert sessions["median"] == statistics.median(per_case)
    attended, missed = sum(per_case), sum(journey.missed for journey in JOURNEYS)
    assert tables["dna"].rows == [
        {"attended": attended, "missed": missed, "rate": round(100 * missed / (attended + missed), 1)}
    ]
    reasons = {line["reason"]: line["cases"] for line in tables["discharges"].rows}
    assert reasons == {"Goals achieved": 1, "Disengaged": 1}
    assert row(tables["sessions"], "measure", "Case length for closed cases (weeks)")["n"] == 2


def test_caseload_is_weighted_by_triage_level(world, scheme, case_actors):
    live(world, scheme, case_actors, JOURNEYS)
    caseload = tables_for(case_actors["team_lead"])["caseload"]

    # Four cases are still open, each triaged "standard" (weight 2), all with the one link worker.
    assert [(line["cases"], line["weighted"]) for line in caseload.rows] == [(4, 8)]


def test_referral_counts_by_month_source_practice_triage_decline_and_snomed(world, scheme, case_actors):
    live(world, scheme, case_actors, JOURNEYS[:3])
    declined_referral(world, scheme, case_actors)
    practice = world.organisations["practice_a"]
    practice.registered_list_size = 8000
    practice.save()
    register_everyone_with(practice)
    tables = tables_for(case_actors["team_lead"])

    assert sum(line["referrals"] for line in tables["by_month"].rows) == 4
    assert {line["source"]: line["referrals"] for line in tables["by_source"].rows} == {
        "GP practice": 3,
        "Other health professional": 1,
    }
    assert tables["by_practice"].rows == [
        {"practice": "Practice A", "referrals": 4, "list_size": 8000, "rate": 0.5}
    ]
    assert {line["level"]: line["referrals"] for line in tables["triage"].rows} == {
        "Standard": 3,
        "Not triaged yet": 1,
    }
    assert tables["declines"].rows == [
        {
            "outcome": "Declined by the service: does not meet the scheme's criteria",
            "referrals": 1,
            "percent": 25.0,
        }
    ]
    assert [(line["code"], line["referrals"]) for line in tables["snomed"].rows] == [
        (SNOMED_REFERRAL_ACCEPTED, 3)
    ]


def test_a_practice_without_a_list_size_gets_no_rate(world, scheme, case_actors):
    live(world, scheme, case_actors, JOURNEYS[:2])
    register_everyone_with(world.organisations["practice_a"])

    assert tables_for(case_actors["team_lead"])["by_practice"].rows[0]["rate"] is None


def test_commissioners_see_small_counts_suppressed_and_no_statistics_over_them(
    world, scheme, case_actors, commissioner
):
    live(world, scheme, case_actors, JOURNEYS[:3])
    tables = tables_for(commissioner)

    assert row(tables["waits"], "wait", "Referral received to first contact") == {
        "wait": "Referral received to first contact",
        "n": "<5",
        "median": None,
        "p90": None,
    }
    assert tables["caseload"].rows[0]["cases"] == "<5"
    assert tables["caseload"].rows[0]["weighted"] is None
    assert tables_for(case_actors["team_lead"])["caseload"].rows[0]["cases"] == 2


def test_commissioners_see_every_provider_and_counts_at_the_threshold(
    world, scheme, case_actors, commissioner
):
    live(world, scheme, case_actors, JOURNEYS)
    tables = tables_for(commissioner)

    assert row(tables["waits"], "wait", "Referral received to first contact")["n"] == 6
    assert tables["caseload"].rows[0]["who"] == "Provider A"


def test_another_providers_team_lead_sees_nothing_of_yours(world, scheme, case_actors):
    scheme.providers.add(world.organisations["provider_b"])
    live(world, scheme, case_actors, JOURNEYS)
    other, _ = team_lead_of_provider_b(world)
    tables = tables_for(other, scheme_slug=scheme.slug)

    assert tables["by_month"].rows == []
    assert tables["caseload"].rows == []
    assert row(tables["waits"], "wait", "Referral received to first contact")["n"] == 0


def test_filters_by_period_and_practice(world, scheme, case_actors):
    live(world, scheme, case_actors, [Journey(days_ago=200), Journey(days_ago=10), Journey(days_ago=12)])
    lead = case_actors["team_lead"]
    from_day = timezone.localdate() - datetime.timedelta(days=30)
    recent = tables_for(lead, date_from=from_day)
    assert sum(line["referrals"] for line in recent["by_month"].rows) == 2
    assert sum(line["referrals"] for line in tables_for(lead)["by_month"].rows) == 3

    practice_b = world.organisations["practice_b"]
    scheme.practices.add(practice_b)
    assert tables_for(lead, practice_id=practice_b.pk)["by_month"].rows == []


def test_every_read_is_audited_with_its_channel(world, scheme, case_actors):
    live(world, scheme, case_actors, JOURNEYS[:1])
    lead = case_actors["team_lead"]
    operations_dashboard(actor=lead, criteria=dashboard_criteria(actor=lead), channel="csv:waits")

    event = AuditEvent.objects.filter(action="report.operations").latest("id")
    assert event.details["channel"] == "csv:waits"


def test_the_number_of_queries_does_not_grow_with_the_records(
    world, scheme, case_actors, commissioner, settings
):
    # Low enough that every statistic is worked out both times, as it is for a real scheme.
    settings.LINKWORK_SUPPRESSION_THRESHOLD = 2

    def queries():
        with CaptureQueriesContext(connection) as captured:
            tables_for(commissioner)
        return len(captured)

    live(world, scheme, case_actors, JOURNEYS, family_name="First")
    few = queries()
    live(world, scheme, case_actors, JOURNEYS * 2, family_name="More")

    assert queries() == few


def test_commissioners_filter_by_provider(world, scheme, case_actors, commissioner):
    provider_a, provider_b = world.organisations["provider_a"], world.organisations["provider_b"]
    scheme.providers.add(provider_b)
    live(world, scheme, case_actors, JOURNEYS)

    def referrals(provider):
        by_source = tables_for(commissioner, provider_id=provider.pk)["by_source"]
        return sum(line["referrals"] for line in by_source.rows)

    assert referrals(provider_a) == 6
    assert referrals(provider_b) == 0


@pytest.mark.parametrize(
    ("whole_scheme", "expected"),
    [(True, ["hidden", "<5", 30]), (False, [20, 3, 30])],
)
def test_parts_of_a_whole_hide_a_second_count_so_a_small_one_cannot_be_worked_out(whole_scheme, expected):
    criteria = DashboardCriteria(
        schemes=(),
        provider=None,
        practice=None,
        date_from=None,
        date_to=None,
        whole_scheme=whole_scheme,
        threshold=5,
    )

    shown = criteria.parts([20, 3, 30])

    assert shown == expected
