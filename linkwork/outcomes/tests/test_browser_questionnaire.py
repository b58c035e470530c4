"""Journey: a person answers ONS4 through a secure link on a phone; their link worker sees the change."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.casework.tests.assessment_fixtures import actors_for, case_opened, scheme_for
from linkwork.outcomes.services.links import questionnaire_link_issue
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.testing.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
QUESTIONS = {
    "Overall, how satisfied are you with your life nowadays?": "7",
    "Overall, to what extent do you feel that the things you do in your life are worthwhile?": "8",
    "Overall, how happy did you feel yesterday?": "7",
    "Overall, how anxious did you feel yesterday?": "3",
}


def test_a_person_answers_ons4_on_a_phone_and_the_link_worker_sees_the_change(
    page, live_server, world, instruments
):
    # Given a PCN case whose start-of-support ONS4 was low, and a secure link for the first review
    actors = actors_for(world)
    case = case_opened(world, scheme_for(world, preset="pcn-link-worker"), actors)
    worker = actors["link_worker"]
    measures_record(
        by=worker,
        case=case,
        time_point="baseline",
        occasion=0,
        measures=[MeasureAnswers("ons4", {"satisfied": 3, "worthwhile": 4, "happy": 3, "anxious": 7})],
        completed_on=timezone.localdate(case.opened_at),
    )
    _, token = questionnaire_link_issue(by=worker, case=case, time_point="review", occasion=1, codes=["ons4"])
    link = live_server.url + reverse("outcomes:questionnaire", kwargs={"token": token})

    # When the person opens the link on a phone-sized screen, without logging in
    page.set_viewport_size(PHONE)
    page.goto(link)
    expect(page.get_by_role("heading", name="Your wellbeing questions", level=1)).to_be_visible()
    assert_accessible(page)
    # and sends it with a question missed, they are told which one and lose nothing
    for question, answer in list(QUESTIONS.items())[:3]:
        page.get_by_role("group", name=question).get_by_role("radio", name=answer, exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("link", name="Answer question 4 of ONS4 personal wellbeing")).to_be_visible()
    expect(page.get_by_role("radio", name="8", exact=True).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Overall, how anxious did you feel yesterday?").get_by_role(
        "radio", name="3", exact=True
    ).check()
    page.get_by_role("button", name="Send my answers").click()

    # Then their answers are sent and the link is spent
    expect(page.get_by_text("Thank you: your answers have been sent")).to_be_visible()
    page.goto(link)
    expect(page.get_by_text("already been answered through this link")).to_be_visible()

    # And the link worker sees the change on the case
    page.set_viewport_size({"width": 1024, "height": 900})
    log_in(page, live_server.url, "link_worker")
    page.goto(live_server.url + reverse("outcomes:case_outcomes", kwargs={"case_id": case.pk}))
    satisfied = page.get_by_role("row").filter(has_text="Life satisfaction")
    expect(satisfied).to_contain_text("+4")
    expect(satisfied).to_contain_text("Improved")
    expect(page.get_by_role("img", name="Chart of ONS4 personal wellbeing scores")).to_be_visible()
    assert_accessible(page)
