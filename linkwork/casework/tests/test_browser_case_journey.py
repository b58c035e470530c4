"""Journey: a link worker opens a case, records an assessment, sets two goals, records three contacts
(one did-not-attend), raises and clears a risk flag, reviews, and discharges."""

import pytest
from playwright.sync_api import expect

from linkwork.casework.vocabulary import ASSESSMENT_DOMAINS
from linkwork.testing.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assess(page, time_point, score_label):
    page.get_by_role("link", name="Assessments", exact=True).click()
    page.get_by_role("button", name="Record an assessment").click()
    page.get_by_label(time_point).check()
    for name in ASSESSMENT_DOMAINS.values():
        page.get_by_role("group", name=name, exact=True).get_by_label(score_label, exact=False).first.check()
    page.get_by_role("button", name="Save assessment").click()


def record_contact(page, what_happened, note):
    page.get_by_role("link", name="Overview", exact=True).click()
    page.get_by_label(what_happened).check()
    page.get_by_label("Time").fill("00:01")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Not in person").check()
    page.get_by_label("Note", exact=True).fill(note)
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact recorded.")).to_be_visible()


def add_goal(page, area, goal):
    page.get_by_role("link", name="Goals", exact=True).click()
    add = page.locator("#add-goal details")
    if add.get_attribute("open") is None:
        page.get_by_text("Add a goal", exact=True).click()
    page.get_by_role("group", name="Which part of life is this goal about?").get_by_label(
        area, exact=True
    ).check()
    page.get_by_label("The goal, in their words").fill(goal)
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_text(goal).first).to_be_visible()


def test_a_link_worker_supports_a_person_from_first_contact_to_discharge(page, live_server, world, open_case):
    # Given the link worker, logged in, opening the case from their caseload
    log_in(page, live_server.url, "link_worker")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Caseload").click()
    expect(page.get_by_text("Book the first appointment")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Cass Casey").click()
    assert_accessible(page)

    # When they record the start-of-support assessment and two goals
    assess(page, "Start of support", "2 – Finding it hard")
    expect(page.get_by_role("img", name="Chart", exact=False).first).to_be_visible()
    assert_accessible(page)
    add_goal(page, "Family and friends", "Go to the Tuesday walking group")
    add_goal(page, "Money", "Get the council tax bill sorted")
    assert_accessible(page)

    # And three contacts, one of which the person missed
    record_contact(page, "It happened: we met or spoke", "Talked about the walking group")
    record_contact(page, "They did not attend", "No answer at the agreed time")
    record_contact(page, "It happened: we met or spoke", "Went to the group together")
    expect(page.get_by_text("Phone: did not attend")).to_be_visible()

    # And raise a lone-working risk, which shows on every page of the case, then clear it
    page.get_by_role("link", name="Risk", exact=True).click()
    page.get_by_label("Lone-working risk for home visits").check()
    page.get_by_label("What is the risk?").fill("Large dog at the address")
    page.get_by_role("button", name="Raise flag").click()
    page.get_by_role("link", name="Goals", exact=True).click()
    expect(page.get_by_text("Risk: read before contact")).to_be_visible()
    page.get_by_role("link", name="Risk", exact=True).click()
    page.get_by_text("Clear this flag", exact=True).click()
    page.get_by_label("Why can this flag be cleared?").fill("The dog is now kept in another room")
    page.get_by_role("button", name="Clear flag").click()
    expect(page.get_by_text("Risk: read before contact")).to_have_count(0)

    # And review with a second assessment, which shows change
    assess(page, "Review", "4 – Mostly going well")
    expect(page.get_by_text("Assessment recorded: review.")).to_be_visible()
    expect(page.get_by_text("Up 2").first).to_be_visible()

    # Then discharge, and the case is closed
    page.get_by_role("link", name="Overview", exact=True).click()
    page.get_by_role("link", name="discharge").click()
    page.get_by_label("Goals achieved").check()
    page.get_by_label("Summary of the support and what changed").fill("Walking weekly; bills in hand.")
    assert_accessible(page)
    page.get_by_role("button", name="Discharge").click()
    expect(page.get_by_text("Cass Casey discharged.")).to_be_visible()
    expect(page.get_by_text("Closed", exact=True).first).to_be_visible()
