"""Journey: a link worker records the start-of-support assessment and a review, then sees the chart of
change load and the same scores in a table."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from linkwork.testing.browser import assert_accessible, fill_date, log_in

from .assessment_fixtures import actors_for, case_opened, days_ago, scheme_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(world):
    return case_opened(world, scheme_for(world), actors_for(world))


def score_all(page, score, **overrides):
    """Choose a score in each area's group of radios, by the words a link worker sees."""
    names = {
        1: "Struggling a lot",
        2: "Finding it hard",
        3: "Getting there",
        4: "Mostly going well",
        5: "Going well",
    }
    for area in page.get_by_role("group").filter(has=page.get_by_role("radio", name="Going well")).all():
        legend = area.locator("legend").inner_text().strip()
        chosen = overrides.get(legend, score)
        area.get_by_role("radio", name=f"{chosen} – {names[chosen]}", exact=True).check()


def test_link_worker_records_a_baseline_and_a_review_and_sees_the_change(page, live_server, case):
    started = days_ago(180)
    # Given Ada's link worker on her case's assessments, on a narrow screen where the chart must still read
    page.set_viewport_size({"width": 600, "height": 900})
    log_in(page, live_server.url, "link_worker")
    page.goto(live_server.url + reverse("casework:assessments", kwargs={"case_id": case.pk}))
    expect(page.get_by_text("No assessments have been recorded yet.")).to_be_visible()
    assert_accessible(page)

    # When they record the start-of-support assessment, dated when they first met
    page.get_by_role("button", name="Record an assessment").click()
    expect(page.get_by_role("radio", name="Start of support")).to_be_checked()
    fill_date(page, started)
    page.get_by_role("button", name="Save assessment").click()
    # forgetting an area is explained, and nothing is lost
    expect(page.get_by_role("link", name="Choose a score for Money")).to_be_visible()
    assert_accessible(page)
    score_all(page, 2, Money=1)
    page.get_by_label("Note (optional)").fill("Worried about bills; rarely goes out.")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_text("Assessment recorded: start of support.")).to_be_visible()

    # And a review today, with money much better
    page.get_by_role("button", name="Record an assessment").click()
    expect(page.get_by_role("radio", name="Review")).to_be_checked()
    score_all(page, 3, Money=4)
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_text("Assessment recorded: review.")).to_be_visible()

    # Then the chart of change loads as an image, and the table gives the same scores
    chart = page.get_by_role("img", name="Line chart of the score in each of the eight areas")
    expect(chart).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    money = page.get_by_role("row", name="Money")
    expect(money).to_contain_text("1")
    expect(money).to_contain_text("Up 3")
    expect(page.get_by_text("Next review due by")).to_be_visible()
    assert_accessible(page)
