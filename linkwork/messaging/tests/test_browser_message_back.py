"""Journey: a GP referrer reads the service's messages back about their referral and downloads the letter."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.browser import assert_accessible, log_in
from linkwork.testing.factories import SYSTEM

from .message_back_setup import accept, support_and_discharge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_gp_reads_the_acceptance_and_discharge_messages_and_opens_the_letter(
    page, live_server, world, case_actors, instruments
):
    org = world.organisations
    scheme = scheme_apply_preset(
        by=SYSTEM, preset="pcn-link-worker", providers=[org["provider_a"]], practices=[org["practice_a"]]
    )
    support_and_discharge(world, case_actors, accept(world, case_actors, scheme), instruments)

    # Given the GP referrer at the practice that made the referral
    log_in(page, live_server.url, "referrer")
    page.get_by_role("link", name="Messages").first.click()
    # Then both messages are listed, newest first, each marked new
    expect(page.get_by_role("heading", name="Messages about your referrals")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Social prescribing: support has ended")
    expect(rows.nth(1)).to_contain_text("Social prescribing: referral accepted")
    expect(page.locator("tbody .nhsuk-tag")).to_have_count(2)
    assert_accessible(page)

    # When they open the acceptance message it shows the SNOMED CT code for the GP record
    rows.nth(1).get_by_role("link", name="Mona Message").click()
    expect(
        page.get_by_text("SNOMED CT 871731000000106 Referral to social prescribing service")
    ).to_be_visible()
    assert_accessible(page)

    # And the discharge message shows why support ended and what changed
    page.get_by_role("link", name="Messages about your referrals").click()
    expect(page.locator("tbody .nhsuk-tag")).to_have_count(1)
    page.locator("tbody tr").nth(0).get_by_role("link", name="Mona Message").click()
    expect(page.get_by_text("Reason: Goals achieved.")).to_be_visible()
    expect(page.get_by_role("heading", name="How their wellbeing measures changed")).to_be_visible()
    assert_accessible(page)

    # And the letter downloads as a PDF
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the letter (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("linkwork-case-discharged-")
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
