"""Find a case fast and reallocate a leaving worker's cases (issue 19, point 9)."""

import pytest
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.casework.models import Case, Handover
from linkwork.casework.services.team import cases_reallocate
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.testing.cases import open_case_for
from linkwork.testing.factories import make_user


def test_a_case_is_found_by_part_of_a_name_or_by_nhs_number_and_never_in_the_address(
    client, login, world, wellbeing, case_actors
):
    case = open_case_for(world, wellbeing, case_actors, family_name="Okonkwo", nhs_number="9434765919")
    open_case_for(world, wellbeing, case_actors, family_name="Other")
    login(world.users["link_worker"])
    url = reverse("casework:caseload_search")

    by_name = client.post(url, {"query": "okonk"}).text
    by_number = client.post(url, {"query": "943 476 5919"}).text
    wrong = client.post(url, {"query": "943 476 5918"}).text

    assert "Cass Okonkwo" in by_name
    assert "Cass Other" not in by_name
    assert reverse("casework:case", kwargs={"case_id": case.pk}) in by_number
    assert "1 case found" in by_number
    assert "There is a problem" in wrong
    assert AuditEvent.objects.filter(action="case.search", details__criteria="nhs_number").exists()


def test_a_team_lead_reallocates_a_leaving_workers_cases_all_or_none(world, wellbeing, case_actors):
    first = open_case_for(world, wellbeing, case_actors, family_name="One")
    second = open_case_for(world, wellbeing, case_actors, family_name="Two")
    newcomer = make_user("newcomer", organisation=world.organisations["provider_a"], role=Role.LINK_WORKER)
    team_lead = case_actors["team_lead"]

    with pytest.raises(DomainError):
        cases_reallocate(by=case_actors["link_worker"], cases=[first], to_worker=newcomer, note="Leaving")
    with pytest.raises(DomainError):
        cases_reallocate(by=team_lead, cases=[first, second], to_worker=newcomer, note="  ")
    assert set(Case.objects.values_list("link_worker__username", flat=True)) == {"link_worker"}

    cases_reallocate(by=team_lead, cases=[first, second], to_worker=newcomer, note="Kieran is leaving")

    for case in (first, second):
        case.refresh_from_db()
        assert case.link_worker == newcomer
        assert case.referral.link_worker == newcomer
    assert Handover.objects.filter(note="Kieran is leaving").count() == 2
    assert AuditEvent.objects.filter(action="case.bulk_reallocate").count() == 1


def test_the_reallocation_page_moves_the_ticked_cases(client, login, world, wellbeing, case_actors):
    kept = open_case_for(world, wellbeing, case_actors, family_name="Kept")
    moved = open_case_for(world, wellbeing, case_actors, family_name="Moved")
    newcomer = make_user("newcomer", organisation=world.organisations["provider_a"], role=Role.LINK_WORKER)
    login(world.users["team_lead"])
    url = reverse("casework:reallocate") + f"?from={world.users['link_worker'].pk}"
    assert "Cass Kept" in client.get(url).text

    response = client.post(url, {"cases": [str(moved.pk)], "to_worker": newcomer.pk, "note": "Cover"})

    assert response.status_code == 302
    kept.refresh_from_db()
    moved.refresh_from_db()
    assert (kept.link_worker.username, moved.link_worker.username) == ("link_worker", "newcomer")
