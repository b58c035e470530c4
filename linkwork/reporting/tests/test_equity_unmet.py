"""Onward referral figures, the equity report and the unmet-need report, against the rows made here."""

import statistics

import numpy
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.outcomes.models import Instrument
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.people.models import Person
from linkwork.testing.factories import actor_for

from ..operations.criteria import dashboard_criteria
from ..operations.selectors import equity_dashboard, operations_dashboard, unmet_need_dashboard
from .conftest import HEALTH
from .dashboard_helpers import Journey, live, send_onward, vcse_services

pytestmark = pytest.mark.django_db


def lead_tables(case_actors, build, **more):
    lead = case_actors["team_lead"]
    dashboard = build(actor=lead, criteria=dashboard_criteria(actor=lead), channel="test", **more)
    return {table.key: table for table in dashboard.tables}


def test_onward_referrals_by_category_status_and_answer_time(world, scheme, case_actors):
    walking, debt = vcse_services(world)
    cases = live(world, scheme, case_actors, [Journey()] * 4)
    days = [1, 3, 8]
    send_onward(cases[0], walking, case_actors, world, answer="accepted", days_to_answer=days[0])
    send_onward(cases[1], walking, case_actors, world, answer="on-hold", days_to_answer=days[1])
    send_onward(
        cases[2],
        debt,
        case_actors,
        world,
        answer="rejected",
        decline_reason="no_capacity",
        days_to_answer=days[2],
    )
    send_onward(cases[3], walking, case_actors, world)
    tables = lead_tables(case_actors, operations_dashboard)

    categories = {line["category"]: line for line in tables["onward_categories"].rows}
    assert (categories["Physical activity"]["n"], categories["Physical activity"]["waiting"]) == (3, 1)
    assert categories["Physical activity"]["waiting_list"] == 1
    assert categories["Physical activity"]["taken_up"] == 1
    assert categories["Debt money"]["declined"] == 1
    statuses = {line["status"]: line["n"] for line in tables["onward_status"].rows}
    assert statuses == {
        "Accepted": 1,
        "On a waiting list": 1,
        "Declined by the service": 1,
        "Waiting for a reply": 1,
    }
    (answers,) = tables["vcse_response"].rows
    assert (answers["sent"], answers["answered"], answers["unanswered"]) == (4, 3, 1)
    assert answers["median"] == round(statistics.median(days), 1)
    assert answers["p90"] == round(float(numpy.percentile(days, 90)), 1)


def test_unmet_need_by_need_category_and_district(world, scheme, case_actors):
    walking, debt = vcse_services(world)
    cases = live(
        world,
        scheme,
        case_actors,
        [Journey(postcode="LS1 4AP"), Journey(postcode="LS6 2QQ"), Journey(postcode="")],
    )
    send_onward(cases[0], debt, case_actors, world, answer="rejected", decline_reason="no_capacity")
    send_onward(cases[1], walking, case_actors, world, answer="on-hold")
    # Retention keeps only the district of an anonymised person's postcode.
    Person.objects.filter(pk=cases[1].person_id).update(postcode="LS6")
    tables = lead_tables(case_actors, unmet_need_dashboard)

    needs = {line["need"]: line for line in tables["needs"].rows}
    # The test referrals all name loneliness; no befriending or community service is listed.
    assert needs["Loneliness or isolation"]["referrals"] == 3
    assert needs["Loneliness or isolation"]["gap"] == "Yes"
    assert (needs["Money worries or debt"]["listed"], needs["Money worries or debt"]["open"]) == (1, 0)
    assert needs["Inactivity: wants to be more active"]["gap"] == "No"
    capacity = {line["category"]: line for line in tables["capacity"].rows}
    assert capacity["Debt money"]["declined"] == 1
    assert capacity["Physical activity"]["waiting"] == 1
    assert capacity["Physical activity"]["wait_weeks"] == 4.0
    areas = {line["district"]: line for line in tables["areas"].rows}
    assert areas["LS1"] == {"district": "LS1", "referrals": 1, "unmet": 1, "declined": 1, "waiting": 0}
    assert areas["LS6"]["waiting"] == 1
    assert areas["Not recorded"]["referrals"] == 1


def test_a_decline_for_another_reason_is_not_counted_as_capacity(world, scheme, case_actors):
    walking, _ = vcse_services(world)
    (case,) = live(world, scheme, case_actors, [Journey()])
    send_onward(
        case,
        walking,
        case_actors,
        world,
        answer="rejected",
        decline_reason="other",
        reason="We are full of sympathy but the route is too steep for their mobility",
    )

    assert lead_tables(case_actors, unmet_need_dashboard)["capacity"].rows == []


def test_equity_counts_acceptance_and_change_by_group(world, scheme, case_actors, instruments):
    cases = live(
        world, scheme, case_actors, [Journey(sex="female"), Journey(sex="female"), Journey(sex="male")]
    )
    scores = {cases[0]: (40, 60), cases[1]: (50, 55), cases[2]: (30, 20)}
    for case, (baseline, follow_up) in scores.items():
        for time_point, occasion, value in (("baseline", 0, baseline), ("review", 1, follow_up)):
            measures_record(
                by=case_actors["link_worker"],
                case=case,
                time_point=time_point,
                occasion=occasion,
                measures=[MeasureAnswers(HEALTH, {"health": value})],
                completed_on=timezone.localdate(),
            )
    tables = lead_tables(case_actors, equity_dashboard, instrument=Instrument.objects.get(code=HEALTH))

    rows = {(line["dimension"], line["group"]): line for line in tables["equity"].rows}
    female = rows[("Sex", "Female")]
    assert (female["referrals"], female["accepted"], female["pairs"]) == (2, 2, 2)
    assert female["change"] == round(statistics.mean([60 - 40, 55 - 50]), 2)
    assert female["population"] == "Not known"
    assert rows[("Sex", "Male")]["change"] == -10
    assert sum(line["referrals"] for (dimension, _), line in rows.items() if dimension.startswith("Age")) == 3


def test_equity_hides_small_groups_from_commissioners(world, scheme, case_actors):
    live(world, scheme, case_actors, [Journey(sex="female")] * 6 + [Journey(sex="male")] * 2)
    commissioner = actor_for(
        world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER
    )
    dashboard = equity_dashboard(
        actor=commissioner, criteria=dashboard_criteria(actor=commissioner), instrument=None, channel="test"
    )

    rows = {(line["dimension"], line["group"]): line for line in dashboard.tables[0].rows}
    assert rows[("Sex", "Male")]["referrals"] == "<5"
    assert rows[("Sex", "Male")]["acceptance"] is None
    # The total is known from the age bands, so the other sex is hidden too, or 2 could be worked out.
    assert rows[("Sex", "Female")]["referrals"] == "hidden"
    assert rows[("Sex", "Female")]["percent"] is None


def test_equity_and_unmet_need_use_a_fixed_number_of_queries(world, scheme, case_actors, instruments):
    vcse_services(world)
    instrument = Instrument.objects.get(code=HEALTH)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            lead_tables(case_actors, equity_dashboard, instrument=instrument)
            lead_tables(case_actors, unmet_need_dashboard)
        return len(captured)

    live(world, scheme, case_actors, [Journey(sex="female")] * 2, family_name="First")
    few = queries()
    live(world, scheme, case_actors, [Journey(sex="male", postcode="LS6 2QQ")] * 4, family_name="More")

    assert queries() == few
