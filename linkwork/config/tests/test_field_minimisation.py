"""Field minimisation: a VCSE coordinator and a commissioner never receive NHS numbers, health conditions,
risk, safeguarding or mental-health details beyond what the person agreed to share.

Sentinel values are written into every such field of both organisations' records, then every page and
API response these roles can reach (the access matrix's URLs, for their own and the other organisation's
records) is searched for them.
"""

import pytest
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.casework.models import Assessment, Case, Contact, Goal, RiskFlag, SupervisionNote
from linkwork.core.tests.test_access_matrix import POLICY
from linkwork.onward.models import OnwardReferral
from linkwork.outcomes.models import MeasureResponse
from linkwork.people.models import Person
from linkwork.referrals.models import Referral
from linkwork.testing.auth import sign_in

SENTINELS = {
    "risk_information": "SENTINEL-referral-risk",
    "needs_details": "SENTINEL-needs-details",
    "what_matters": "SENTINEL-what-matters",
    "flag": "SENTINEL-flag",
    "goal": "SENTINEL-goal",
    "contact": "SENTINEL-contact",
    "supervision": "SENTINEL-supervision",
    "assessment": "SENTINEL-assessment",
    "measure": "SENTINEL-measure-reason",
}
# Conditions are stored as codes and shown by name; the rare ones below appear on no directory page.
CONDITION = "sickle_cell"


@pytest.fixture
def sentinels(access):
    """Every sensitive field of both sides' records holds a sentinel; returns the strings to look for."""
    case_ids = [records["case_id"] for records in access.cases.values()]
    people = Person.objects.filter(cases__in=case_ids)
    Referral.objects.filter(case__in=case_ids).update(
        risk_information=SENTINELS["risk_information"],
        needs_details=SENTINELS["needs_details"],
        conditions=[CONDITION],
    )
    Case.objects.filter(pk__in=case_ids).update(what_matters=SENTINELS["what_matters"])
    RiskFlag.objects.filter(case__in=case_ids).update(description=SENTINELS["flag"])
    Goal.objects.filter(case__in=case_ids).update(description=SENTINELS["goal"])
    Contact.objects.filter(case__in=case_ids).update(note=SENTINELS["contact"])
    SupervisionNote.objects.filter(case__in=case_ids).update(note=SENTINELS["supervision"])
    Assessment.objects.filter(case__in=case_ids).update(note=SENTINELS["assessment"])
    MeasureResponse.objects.filter(case__in=case_ids).update(reason=SENTINELS["measure"])
    nhs_numbers = [person.nhs_number for person in people]
    assert len(nhs_numbers) == 2
    return [*SENTINELS.values(), *nhs_numbers, "Sickle cell"]


def reachable_pages(role):
    return sorted(
        name
        for name, policy in POLICY.items()
        if policy.method == "get" and role in policy.allowed and policy.allowed_status == 200
    )


def leaks(content, sentinels):
    return [sentinel for sentinel in sentinels if sentinel in content]


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


@pytest.mark.parametrize("role", [Role.VCSE_COORDINATOR, Role.COMMISSIONER])
def test_no_page_these_roles_reach_carries_health_or_risk_details(role, client, access, sentinels):
    sign_in(client, access.world.users[role])
    found = {}
    for name in reachable_pages(role):
        for side in ("own", "other"):
            response = client.get(access.url(name, POLICY[name], side))
            leaked = leaks(body(response), sentinels) if response.status_code == 200 else []
            if leaked:
                found[f"{name} ({side})"] = leaked

    assert found == {}


def test_the_vcse_inbox_shows_the_agreed_summary_and_not_the_nhs_number(client, access, sentinels):
    referral = OnwardReferral.objects.get(pk=access.cases["own"]["onward_id"])
    sign_in(client, access.world.users["vcse_coordinator"])

    page = client.get(reverse("onward:inbox_detail", kwargs={"onward_id": referral.pk})).content.decode()

    assert referral.summary in page
    assert referral.case.person.family_name in page
    assert leaks(page, sentinels) == []


def test_the_link_worker_sees_the_sentinels_so_the_search_for_them_is_real(client, access, sentinels):
    sign_in(client, access.world.users["link_worker"])
    case_id = access.cases["own"]["case_id"]

    person = Case.objects.get(pk=case_id).person
    person_page = client.get(reverse("people:detail", kwargs={"person_id": person.pk})).content.decode()
    risk_page = client.get(reverse("casework:risk", kwargs={"case_id": case_id})).content.decode()

    assert person.nhs_number[:3] in person_page
    assert SENTINELS["flag"] in risk_page
