"""Discharge asks where each goal ended, so the letter to the referrer is right (issue 19, point 10)."""

from django.urls import reverse

from linkwork.casework.models import Goal, GoalProgress
from linkwork.casework.services.goals import goal_create
from linkwork.messaging.models import OutboxMessage


def test_the_discharge_page_asks_each_goals_final_status_and_the_letter_reports_it(
    client, login, world, open_case, case_actors
):
    open_case.referral.consent_to_share = True  # they agreed the referrer may hear what happened
    open_case.referral.save(update_fields=["consent_to_share"])
    met = goal_create(
        by=case_actors["link_worker"], case=open_case, domain="money", description="Clear the arrears"
    )
    dropped = goal_create(
        by=case_actors["link_worker"], case=open_case, domain="family_friends", description="Join a choir"
    )
    login(world.users["link_worker"])
    url = reverse("casework:discharge", kwargs={"case_id": open_case.pk})
    page = client.get(url).text
    assert "Where did each goal end?" in page
    assert "Clear the arrears" in page

    missing = client.post(
        url, {"reason": "goals_achieved", "summary": "Done", "version": 1, f"goal_{met.pk}": "achieved"}
    )
    assert "Choose where this goal ended" in missing.text
    client.post(
        url,
        {
            "reason": "goals_achieved",
            "summary": "Arrears cleared.",
            "version": 1,
            f"goal_{met.pk}": "achieved",
            f"goal_{dropped.pk}": "no_longer_relevant",
        },
    )

    met.refresh_from_db()
    dropped.refresh_from_db()
    assert (met.status, dropped.status) == ("achieved", "no_longer_relevant")
    assert GoalProgress.objects.filter(goal=met, status="achieved").exists()
    letter = OutboxMessage.objects.get(kind="case_discharged", channel="in_app", person=open_case.person)
    assert {"area": "Money", "goal": "Clear the arrears", "status": "Achieved"} in letter.payload[
        "support_given"
    ]["goals"]
    assert Goal.objects.filter(case=open_case, status="not_started").count() == 0
