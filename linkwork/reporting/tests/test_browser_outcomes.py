"""Journey: a commissioner compares baselines with the first review, reads the differences between
groups and the attrition-adjusted estimate, then narrows the report to a referral period given backwards
and is told what to fix."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.testing.browser import assert_accessible, fill_date, log_in

from .conftest import stories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_reads_an_evaluation_for_a_cohort(page, live_server, world, scheme, tell):
    tell(stories(12))
    year = timezone.localdate().year

    # Given a commissioner on the outcome report
    log_in(page, live_server.url, "commissioner")
    page.goto(f"{live_server.url}/reports/outcomes/")
    # When they choose the scheme, the measure and the first review as the follow-up
    page.get_by_label("Scheme").select_option(label=scheme.name)
    page.get_by_label("Outcome measure").select_option(label="Health today")
    page.get_by_label("Compare the baseline with").select_option(label="Review 1")
    page.get_by_role("button", name="Show report").click()
    # Then the report pairs with review 1, with differences between groups and the adjusted estimate
    expect(page.get_by_text("Change from baseline to review 1", exact=True)).to_be_visible()
    expect(page.get_by_text("Difference in mean change between groups", exact=True)).to_be_visible()
    expect(page.get_by_text("Mean change allowing for people lost to follow-up", exact=True)).to_be_visible()
    assert_accessible(page)

    # When they restrict it to referrals received in a period that ends before it starts
    page.get_by_text("Restrict to a cohort").click()
    start, end = (
        page.get_by_role("group", name="Referred from"),
        page.get_by_role("group", name="Referred up to"),
    )
    fill_date(start, datetime.date(year, 1, 10))
    fill_date(end, datetime.date(year, 1, 1))
    page.get_by_role("button", name="Show report").click()
    # Then they are told what to fix, and no figures are shown
    expect(
        page.get_by_role("link", name="The end of the referral period must be the same as or after its start")
    ).to_be_visible()
    expect(page.get_by_text("Change from baseline to review 1", exact=True)).to_have_count(0)
    assert_accessible(page)
