"""Journey: a commissioner opens the operational dashboard from the header, narrows it to a period,
corrects a period given backwards, and moves on to the equity and unmet-need pages."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.testing.browser import assert_accessible, fill_date, log_in

from .dashboard_helpers import Journey, live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_reads_the_dashboards(page, live_server, world, scheme, case_actors):
    live(world, scheme, case_actors, [Journey(days_ago=20)] * 6)
    year = timezone.localdate().year

    # Given a commissioner on the operational dashboard, reached from the header
    log_in(page, live_server.url, "commissioner")
    page.get_by_role("link", name="Reports").first.click()
    expect(page.get_by_role("heading", name="Operational dashboard")).to_be_visible()
    expect(page.get_by_text("Referrals by month", exact=True)).to_be_visible()
    assert_accessible(page)

    # When they choose their own dates, and give a period that ends before it starts
    page.get_by_label("Dates you choose").check()
    start, end = (
        page.get_by_role("group", name="Referrals received from"),
        page.get_by_role("group", name="Referrals received up to"),
    )
    fill_date(start, datetime.date(year, 1, 10))
    fill_date(end, datetime.date(year, 1, 1))
    page.get_by_role("button", name="Show figures").click()
    # Then they are told what to fix, and no figures are shown
    expect(
        page.get_by_role("link", name="The end of the period must be the same as or after its start")
    ).to_be_visible()
    expect(page.get_by_text("Referrals by month", exact=True)).to_have_count(0)
    assert_accessible(page)

    # And the equity and unmet-need pages open from the report links
    page.get_by_role("link", name="Equity").click()
    expect(page.get_by_text("Referrals, acceptance and outcome change by group", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Unmet need").click()
    expect(page.get_by_text("Unmet need by postcode district", exact=True)).to_be_visible()
    assert_accessible(page)
