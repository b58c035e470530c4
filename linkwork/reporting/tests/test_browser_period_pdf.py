"""Journey (issue 20, point 4): a commissioner picks "Last quarter" on the operational dashboard, sees the
figures for those dates, and downloads the dashboard as a printable PDF; a wide outcome table scrolls
inside its own region rather than being cut off."""

import datetime

import pytest
from playwright.sync_api import expect

from linkwork.testing.browser import assert_accessible, log_in

from .dashboard_helpers import Journey, live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_picks_last_quarter_and_downloads_the_dashboard_pdf(
    page, live_server, world, scheme, case_actors, instruments
):
    """A browser journey with a PDF rendered by WeasyPrint: several seconds."""
    today = datetime.date.today()
    live(world, scheme, case_actors, [Journey(days_ago=today.day + 100)] * 6)

    # Given a commissioner on the operational dashboard
    log_in(page, live_server.url, "commissioner")
    page.get_by_role("link", name="Reports").first.click()
    expect(page.get_by_role("heading", name="Operational dashboard")).to_be_visible()

    # When they pick last quarter and show the figures
    page.get_by_label("Last quarter").check()
    page.get_by_role("button", name="Show figures").click()

    # Then the figures say which dates they cover, and the page is accessible
    expect(page.get_by_role("heading", name="Last quarter (")).to_be_visible()
    expect(page.get_by_label("Last quarter")).to_be_checked()
    assert_accessible(page)

    # And the dashboard downloads as a PDF for the same period
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download a printable PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("operations-")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # And on the outcome report a wide table scrolls inside its region; the page itself does not
    page.get_by_role("link", name="Outcome report").click()
    page.get_by_label("Scheme").select_option(label=scheme.name)
    page.get_by_label("Outcome measure").select_option(label="Health today")
    page.get_by_role("button", name="Show report").click()
    region = page.get_by_role("region", name="Change from baseline to latest follow-up")
    expect(region).to_be_visible()
    assert (
        region.evaluate("element => element.scrollWidth > element.clientWidth")
        or page.viewport_size["width"] >= 1600
    )
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(page)
