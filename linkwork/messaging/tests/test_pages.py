"""The administrators' messages page, the retry action, notifications and the opt-out page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.core.models import AuditEvent
from linkwork.messaging.models import Channel, ContactOptOut, OutboxMessage, Status

pytestmark = pytest.mark.django_db

ADMIN_PAGE = reverse("messaging:admin_messages")
RETRY = reverse("messaging:admin_retry")
NOTIFICATIONS = reverse("messaging:notifications")


def message(status=Status.FAILED, n=0, **fields):
    values = {
        "kind": "appointment_reminder",
        "channel": Channel.SMS,
        "dedupe_key": f"test:{status}:{n}",
        "to_address": "07700900999",
        "body": "Secret words about Cass",
        "status": status,
        "attempts": 5,
        "last_error": "GOV.UK Notify: 500 - Try again",
    } | fields
    return OutboxMessage.objects.create(**values)


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.ADMINISTRATOR}))
def test_only_administrators_reach_the_messages_page(world, login, role):
    client = login(world.users[role])

    assert client.get(ADMIN_PAGE).status_code == 403
    assert client.post(RETRY, {"message_id": str(message().pk)}).status_code == 403


def test_the_page_shows_delivery_state_but_never_words_or_addresses(world, login):
    message(Status.FAILED)
    message(Status.UNCERTAIN)
    message(Status.SENT)
    client = login(world.users["administrator"])

    page = client.get(ADMIN_PAGE).content.decode()

    assert "Failed" in page
    assert "Not known if sent" in page
    assert page.count('name="message_id"') == 2  # only failed and uncertain can be retried
    assert "07700900999" not in page
    assert "Secret words" not in page
    assert "Try again" in page


def test_an_administrator_retries_a_failed_message(world, login, django_capture_on_commit_callbacks):
    failed = message(Status.FAILED)
    client = login(world.users["administrator"])

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(RETRY, {"message_id": str(failed.pk)})

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Status.PENDING
    assert failed.attempts == 0
    assert len(callbacks) == 1  # the delivery task is queued once the retry commits
    assert AuditEvent.objects.filter(action="outbox.retry", object_id=str(failed.pk)).exists()


def test_a_sent_message_cannot_be_retried(world, login):
    sent = message(Status.SENT)
    client = login(world.users["administrator"])

    response = client.post(RETRY, {"message_id": str(sent.pk)}, follow=True)

    assert "only failed or uncertain ones can be retried" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_messages_page_runs_the_same_queries_for_few_or_many_rows(world, login):
    client = login(world.users["administrator"])
    message(n=0, recipient_organisation=world.organisations["practice_a"])
    few = count_queries(client, ADMIN_PAGE)
    for n in range(1, 20):
        message(n=n, recipient_organisation=world.organisations["practice_a"])

    assert count_queries(client, ADMIN_PAGE) == few


def notice(user, n, **fields):
    return message(
        status=Status.SENT,
        n=n,
        kind="review_due",
        channel=Channel.IN_APP,
        to_address="",
        subject=f"Review due {n}",
        recipient_user=user,
        **fields,
    )


def test_notifications_show_only_your_own_and_the_header_counts_unread(world, login):
    worker = world.users["link_worker"]
    notice(worker, 1)
    notice(worker, 2)
    notice(world.users["team_lead"], 3)
    client = login(worker)

    page = client.get(NOTIFICATIONS).content.decode()

    assert "Review due 1" in page
    assert "Review due 2" in page
    assert "Review due 3" not in page
    assert "Notifications (2 unread)" in page

    client.post(reverse("messaging:notifications_read"))

    assert "unread)" not in client.get(NOTIFICATIONS).content.decode()


def test_the_notifications_page_runs_the_same_queries_for_few_or_many_rows(world, login):
    worker = world.users["link_worker"]
    client = login(worker)
    notice(worker, 0)
    few = count_queries(client, NOTIFICATIONS)
    for n in range(1, 20):
        notice(worker, n)

    assert count_queries(client, NOTIFICATIONS) == few


def test_a_link_worker_records_an_opt_out_and_it_is_audited(world, login):
    person = world.people["person_a"]
    url = reverse("messaging:person_opt_outs", kwargs={"person_id": person.pk})
    client = login(world.users["link_worker"])

    assert client.get(url).status_code == 200
    response = client.post(url, {"opted_out": ["sms"]})

    assert response.status_code == 302
    assert list(ContactOptOut.objects.filter(person=person).values_list("channel", flat=True)) == ["sms"]
    assert AuditEvent.objects.filter(action="person.messages_opt_out", person_id=person.pk).exists()

    client.post(url, {})

    assert not ContactOptOut.objects.filter(person=person).exists()


def test_another_organisations_person_is_not_found(world, login):
    url = reverse("messaging:person_opt_outs", kwargs={"person_id": world.people["person_b"].pk})

    assert login(world.users["link_worker"]).get(url).status_code == 404
