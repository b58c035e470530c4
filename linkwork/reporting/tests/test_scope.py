"""One scope for every report: who reads which cases and referrals, and the dashboards and the outcome
evaluation reading the same cases when nothing narrows them."""

import pytest

from linkwork.accounts.models import Role
from linkwork.testing.factories import actor_for

from ..evaluation.selectors import outcome_report, report_criteria
from ..operations.criteria import cases_in_scope, dashboard_criteria, referrals_in_scope
from ..scope import reportable_schemes, reported_cases, reported_referrals
from .dashboard_helpers import Journey, declined_referral, live, team_lead_of_provider_b

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner(world):
    return actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)


def ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_a_commissioner_reads_every_providers_cases_and_a_team_lead_their_own(
    world, scheme, case_actors, commissioner
):
    scheme.providers.add(world.organisations["provider_b"])
    cases = live(world, scheme, case_actors, [Journey(), Journey(to_session=None)])
    other_lead, _ = team_lead_of_provider_b(world)

    assert ids(reported_cases(commissioner, [scheme])) == sorted(case.pk for case in cases)
    assert ids(reported_cases(case_actors["team_lead"], [scheme])) == sorted(case.pk for case in cases)
    assert ids(reported_cases(other_lead, [scheme])) == []


def test_people_who_do_not_report_read_nothing(world, scheme, case_actors):
    live(world, scheme, case_actors, [Journey()])
    declined_referral(world, scheme, case_actors)

    for role in ("link_worker", "referrer"):
        actor = case_actors[role]
        assert not reportable_schemes(actor).exists()
        assert ids(reported_cases(actor, [scheme])) == []
        assert ids(reported_referrals(actor, [scheme])) == []


def test_the_dashboards_and_the_outcome_evaluation_read_the_same_cases(
    world, scheme, case_actors, commissioner, instruments
):
    cases = live(world, scheme, case_actors, [Journey(), Journey(), Journey(to_session=None)])
    declined = declined_referral(world, scheme, case_actors)

    for actor in (commissioner, case_actors["team_lead"]):
        criteria = dashboard_criteria(actor=actor, scheme_slug=scheme.slug)
        assert ids(cases_in_scope(actor, criteria)) == sorted(case.pk for case in cases)
        assert declined.pk in ids(referrals_in_scope(actor, criteria))
        report = outcome_report(
            actor=actor,
            criteria=report_criteria(actor=actor, scheme_slug=scheme.slug, instrument_code="ons4"),
            channel="test",
        )
        assert report.scales[0].attrition.cases == len(cases)
