"""Journey: a team lead checks who has seen a person's record, then answers a subject access request."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from linkwork.testing.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_lead_sees_who_opened_a_record_and_downloads_everything_held(page, live_server, open_case):
    person = open_case.person
    # Given a link worker opened the person's record
    log_in(page, live_server.url, "link_worker")
    page.goto(live_server.url + reverse("people:detail", args=[person.pk]))
    expect(page.get_by_role("heading", name="Information governance")).to_have_count(0)

    # When their team lead opens the record and chooses who has seen it
    log_in(page, live_server.url, "team_lead")
    page.goto(live_server.url + reverse("people:detail", args=[person.pk]))
    page.get_by_role("link", name="Who has seen this record").click()

    # Then the link worker's visit is listed, from their organisation
    expect(page.get_by_role("heading", name="Who has seen this record")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="link_worker").first).to_contain_text("Provider A")
    assert_accessible(page)

    # And the subject access page shows the person's case, with a file to download
    page.get_by_role("link", name=person.full_name).click()
    page.get_by_role("link", name="Download everything held (subject access)").click()
    expect(page.get_by_role("heading", name=f"Everything held about {person.full_name}")).to_be_visible()
    expect(page.get_by_role("heading", name="Cases (1)")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a file (JSON)").click()
    assert download.value.suggested_filename == f"subject-access-{person.pk}.json"
