"""Journey: an administrator finds a failed text on Messages and retries it; a link worker reads a
notification and records that a person wants no automatic texts."""

import pytest
from playwright.sync_api import expect

from linkwork.messaging.models import Channel, ContactOptOut, OutboxMessage, Status
from linkwork.testing.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_retries_a_failed_message(page, live_server, world):
    failed = OutboxMessage.objects.create(
        kind="appointment_reminder",
        channel=Channel.SMS,
        dedupe_key="browser:failed",
        to_address="07700900123",
        body="Reminder",
        status=Status.FAILED,
        attempts=5,
        last_error="GOV.UK Notify: 500 - Internal server error",
    )

    log_in(page, live_server.url, "administrator")
    page.get_by_role("link", name="Messages").first.click()
    expect(page.get_by_role("heading", name="Messages")).to_be_visible()
    expect(page.get_by_text("Internal server error")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Retry Appointment reminder").click()

    expect(page.get_by_text("The message will be sent again.")).to_be_visible()
    failed.refresh_from_db()
    assert failed.status == Status.PENDING
    assert_accessible(page)


def test_a_link_worker_reads_notifications_and_records_an_opt_out(page, live_server, world):
    OutboxMessage.objects.create(
        kind="review_due",
        channel=Channel.IN_APP,
        dedupe_key="browser:notice",
        subject="Review due for Test Alpha",
        body="A review is due.",
        status=Status.SENT,
        recipient_user=world.users["link_worker"],
    )
    person = world.people["person_a"]

    log_in(page, live_server.url, "link_worker")
    page.get_by_role("link", name="Notifications (1 unread)").click()
    expect(page.get_by_text("Review due for Test Alpha")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    page.goto(f"{live_server.url}/people/{person.pk}/automatic-messages/")
    assert_accessible(page)
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Saved how they want to be contacted.")).to_be_visible()
    assert list(ContactOptOut.objects.filter(person=person).values_list("channel", flat=True)) == ["sms"]
