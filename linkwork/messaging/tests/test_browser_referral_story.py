"""Journey: a GP follows their referral to "support ended", reads the discharge message and downloads the
letter, which is checked page by page (rendered to PNG, text positions read): no table row is split."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linkwork.casework.domains import DOMAINS
from linkwork.testing.browser import assert_accessible, log_in
from linkwork.testing.pdf import pdf_pages, row_page

from .story_setup import END, START, accept, discharge, refer_to_ways_to_wellness, support, ways_to_wellness

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOALS = 30  # enough for the letter to run onto a second page


def holistic_rows():
    rows = [
        (domain.name, START[domain.code], END[domain.code], f"{END[domain.code] - START[domain.code]:+d}")
        for domain in DOMAINS
    ]
    total_start, total_end = sum(START.values()), sum(END.values())
    return [*rows, ("Total (8 to 40)", total_start, total_end, f"{total_end - total_start:+d}")]


def test_a_gp_follows_a_referral_to_support_ended_and_downloads_a_letter_that_prints_whole(
    page, live_server, world, case_actors, tmp_path
):
    """About 20 s: a browser journey over four pages with axe, and the letter printed and read back."""
    scheme = ways_to_wellness(world)
    case = accept(world, case_actors, refer_to_ways_to_wellness(world, case_actors, scheme))
    discharge(case_actors, support(case_actors, case, goals=GOALS))
    today = timezone.localdate()

    # Given the GP who made the referral, on their organisation's referrals
    log_in(page, live_server.url, "referrer")
    page.get_by_role("link", name="Referrals", exact=True).first.click()
    row = page.locator("tbody tr", has_text="Wendy Wellness")
    # Then the referral says where it ended, with the date, and that two messages came back
    expect(row).to_contain_text("Support ended")
    expect(row).to_contain_text(f"on {today.day} {today:%B %Y}: Goals achieved")
    expect(row.get_by_role("link", name="2 messages")).to_be_visible()
    expect(row).not_to_contain_text("871731000000106")
    assert_accessible(page)

    # When they open it, every step is there and the SNOMED code waits behind "Code for the GP record"
    row.get_by_role("link", name="Wendy Wellness", exact=True).click()
    for step in ("Received", "Accepted", "In support", "Support ended"):
        expect(page.locator("dt", has_text=step).first).to_be_visible()
    expect(page.get_by_text("SNOMED CT 871731000000106")).to_be_hidden()
    page.get_by_text("Code for the GP record").click()
    expect(page.get_by_text("SNOMED CT 871731000000106")).to_be_visible()
    assert_accessible(page)

    # And the discharge message shows how the holistic assessment changed
    page.get_by_role("link", name="Social prescribing: support has ended").click()
    expect(page.get_by_role("heading", name="How their holistic assessment changed")).to_be_visible()
    assert_accessible(page)

    # And the letter downloads, and no row of its tables is split across pages
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the letter (PDF)").click()
    pdf = Path(download_info.value.path()).read_bytes()
    pages = pdf_pages(pdf)
    for printed in pages:
        (tmp_path / f"letter-page-{printed.number}.png").write_bytes(printed.png)
        assert printed.ink_between(left=0, right=printed.width, bottom=0, top=printed.height) > 0
    assert len(pages) > 1
    placed = {row[0]: row_page(pages, row) for row in holistic_rows()}
    assert None not in placed.values(), placed
    assert "NHS number 999" in " ".join(pages[0].words.split())

    # And from the message they can go back to the referral
    page.get_by_role("link", name="See the referral and everything that has happened since").click()
    expect(page.get_by_role("heading", name="Messages back about this referral")).to_be_visible()
