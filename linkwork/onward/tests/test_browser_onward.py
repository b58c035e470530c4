"""Journey: a link worker refers a person to a walking group with consent; the group accepts, records
two sessions and completion; the link worker sees each step on the case."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.casework.tests.assessment_fixtures import actors_for, case_opened, scheme_for
from linkwork.testing.browser import assert_accessible, fill_date, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_refer_to_a_walking_group_and_follow_it_to_completion(page, live_server, world, walking_group):
    case = case_opened(world, scheme_for(world), actors_for(world))
    today = timezone.localdate()

    # Given the link worker on the case's onward referrals
    log_in(page, live_server.url, "link_worker")
    page.goto(live_server.url + reverse("onward:case_list", kwargs={"case_id": case.pk}))
    page.get_by_role("button", name="Refer to a service").click()
    # When they search for a walking group and choose it
    page.get_by_label("Search services").fill("walking")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Refer to Benwell walking group").click()
    assert_accessible(page)
    # sending without the person's agreement is refused, and the summary is kept
    page.get_by_label("What the service needs to know").fill(
        "Would like company on walks; mornings suit best"
    )
    page.get_by_role("button", name="Send referral").click()
    expect(
        page.get_by_role("link", name="The person must agree to the referral before it is sent")
    ).to_be_visible()
    page.get_by_label("The person agrees to this referral").check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referral sent to Benwell walking group")).to_be_visible()
    expect(page.get_by_text("Waiting for a reply").first).to_be_visible()

    # Then the walking group accepts, records two sessions and completion from its inbox
    log_in(page, live_server.url, "vcse_coordinator")
    page.goto(live_server.url + reverse("onward:inbox"))
    page.get_by_role("link", name=case.person.full_name).click()
    assert_accessible(page)
    page.get_by_role("radio", name="Accept").check()
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_text("Referral updated.")).to_be_visible()
    for _ in range(2):
        fill_date(page, today)
        page.get_by_role("button", name="Record session").click()
        expect(page.get_by_text("Session recorded.")).to_be_visible()
    page.get_by_role("radio", name="Completed").check()
    page.get_by_label("How it went").fill("Came every week and now walks with a friend")
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_text("Referral updated.")).to_be_visible()

    # And the link worker sees it on the case
    log_in(page, live_server.url, "link_worker")
    page.goto(live_server.url + reverse("onward:case_list", kwargs={"case_id": case.pk}))
    card = page.locator(".nhsuk-card").filter(has_text="Benwell walking group")
    expect(card).to_contain_text("Completed")
    expect(card).to_contain_text("2 sessions attended")
    expect(card).to_contain_text("Came every week and now walks with a friend")
    assert_accessible(page)
