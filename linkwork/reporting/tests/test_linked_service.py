"""Outcome by linked service: change among people referred to a directory service, by whether they
attended, with the same statistics, tests and suppression as every subgroup."""

import numpy as np
import pytest
from django.utils import timezone
from scipy import stats

from linkwork.accounts.models import Role
from linkwork.onward.services import onward_attendance_record, onward_referral_respond, onward_referral_send
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.evaluation.tables import outcome_tables
from linkwork.testing.directory import directory_add, listing
from linkwork.testing.factories import actor_for

from .conftest import HEALTH, Story

pytestmark = pytest.mark.django_db

ATTENDED = [15, 12, 20, 9, 14, 18]
DID_NOT_ATTEND = [2, 5, -1, 4, 0]
NOT_REFERRED = [6, 7, 3, 8, 5]
TITLE = "Linked service: attended or not"


@pytest.fixture
def walking_group(world):
    record = listing("Benwell walking group", organisation_name="Walking Group listings")
    (service,) = directory_add(
        record, owners={str(record["organisation"]["id"]): world.organisations["vcse_a"]}
    )
    return service


def test_change_by_whether_people_attended_the_service_they_were_referred_to(
    tell, scheme, world, case_actors, walking_group
):
    stories = [Story(50, 50 + change) for change in ATTENDED + DID_NOT_ATTEND + NOT_REFERRED]
    cases = tell(stories)
    vcse = actor_for(world.users["vcse_coordinator"], world.organisations["vcse_a"], Role.VCSE_COORDINATOR)
    linked = cases[: len(ATTENDED) + len(DID_NOT_ATTEND)]
    for number, case in enumerate(linked):
        referral = onward_referral_send(
            by=case_actors["link_worker"], case=case, service=walking_group, consent=True, summary="Walks"
        )
        if number < len(ATTENDED):
            referral = onward_referral_respond(by=vcse, referral=referral, status="accepted")
            onward_attendance_record(by=vcse, referral=referral, attended_on=timezone.localdate())
        elif number % 2:
            onward_referral_respond(
                by=vcse, referral=referral, status="rejected", decline_reason="no_capacity"
            )
    commissioner = actor_for(
        world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER
    )
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH)

    report = outcome_report(actor=commissioner, criteria=criteria, channel="test")

    subgroup = next(s for s in report.scales[0].subgroups if s.title == TITLE)
    sizes = {group.label: group.n for group in subgroup.groups}
    assert sizes == {
        "Attended a service they were referred to": 6,
        "Referred to a service, no attendance recorded": 5,
        "Not referred to a service": 5,
    }
    # Those not referred are shown but not compared: the question is attending among the referred.
    assert "Not referred to a service" not in subgroup.compared
    (difference,) = subgroup.differences
    welch = stats.ttest_ind(DID_NOT_ATTEND, ATTENDED, equal_var=False)
    assert (difference.group, difference.reference) == (
        "Referred to a service, no attendance recorded",
        "Attended a service they were referred to",
    )
    assert difference.difference == pytest.approx(np.mean(DID_NOT_ATTEND) - np.mean(ATTENDED))
    assert difference.p_value == pytest.approx(welch.pvalue)
    assert difference.ci_low == pytest.approx(welch.confidence_interval().low)
    rows = next(t for t in outcome_tables(report) if t.key == "differences").rows
    assert any(row["subgroup"] == TITLE for row in rows)


def test_a_referral_entered_in_error_does_not_count_as_linked(
    tell, scheme, world, case_actors, walking_group
):
    cases = tell([Story(50, 60)] * 5)
    for case in cases:
        referral = onward_referral_send(
            by=case_actors["link_worker"], case=case, service=walking_group, consent=True, summary="Walks"
        )
        referral.status = "entered-in-error"
        referral.save(update_fields=["status"])
    commissioner = actor_for(
        world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER
    )
    criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH)

    report = outcome_report(actor=commissioner, criteria=criteria, channel="test")

    subgroup = next(s for s in report.scales[0].subgroups if s.title == TITLE)
    assert [(group.label, group.n) for group in subgroup.groups] == [("Not referred to a service", 5)]
