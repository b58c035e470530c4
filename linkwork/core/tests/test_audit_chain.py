"""The audit hash chain: every edit or removal of a stored event is found by verify_audit."""

import threading
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from linkwork.core.audit_chain import event_hash, verify_chain
from linkwork.core.client_address import reset_current_client_address, set_current_client_address
from linkwork.core.context import Actor
from linkwork.core.models import AuditEvent
from linkwork.core.services import audit_record

SEALED_FIELDS_BEFORE_ADDRESSES = (
    "occurred_at", "actor_id", "actor_label", "organisation_id", "role", "action", "outcome", "object_type",
    "object_id", "person_id", "request_id", "reason", "details", "previous_hash",
)  # fmt: skip


def _events(count):
    return [
        audit_record(actor=Actor.system(), action=f"test.event{n}", details={"n": n}) for n in range(count)
    ]


def _tamper(sql, params):
    """Change the table behind the application's back, as a database owner could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As superuser, for this test's transaction only (rolled back afterwards): skip triggers.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def _verify():
    out = []

    class Sink:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("verify_audit", stdout=Sink())
    return "".join(out)


@pytest.mark.django_db
def test_each_event_links_to_the_one_before_and_seals_its_own_fields():
    first, second, third = _events(3)

    assert first.previous_hash == ""
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    for event in (first, second, third):
        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.hash == event_hash(stored)


@pytest.mark.django_db
def test_verify_audit_reports_an_intact_chain():
    _events(4)

    assert _verify().startswith("4 events, chain intact. Head: ")


@pytest.mark.django_db
def test_verify_audit_names_the_event_whose_contents_were_changed():
    events = _events(3)
    _tamper("UPDATE core_auditevent SET reason = 'nothing to see' WHERE id = %s", [events[1].pk])

    with pytest.raises(CommandError, match=rf"broken at event {events[1].pk} .*contents were changed"):
        _verify()


@pytest.mark.django_db
def test_the_client_address_is_sealed():
    token = set_current_client_address("198.51.100.7")
    try:
        events = _events(2)
    finally:
        reset_current_client_address(token)
    _tamper("UPDATE core_auditevent SET client_address = %s WHERE id = %s", ["203.0.113.9", events[0].pk])

    assert AuditEvent.objects.get(pk=events[1].pk).client_address == "198.51.100.7"
    with pytest.raises(CommandError, match=rf"broken at event {events[0].pk} .*contents were changed"):
        _verify()


@pytest.mark.django_db
def test_events_without_a_client_address_keep_the_hash_they_had_before_addresses_were_recorded():
    [event] = _events(1)
    # An event as the code before client addresses sealed it: the same fields, and no address at all.
    before = SimpleNamespace(**{name: getattr(event, name) for name in SEALED_FIELDS_BEFORE_ADDRESSES})

    assert event.client_address == ""
    assert event.hash == event_hash(before)


@pytest.mark.django_db
def test_verify_audit_finds_a_change_even_when_the_hash_was_recomputed():
    events = _events(3)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.action = "test.innocent"
    _tamper(
        "UPDATE core_auditevent SET action = %s, hash = %s WHERE id = %s",
        [forged.action, event_hash(forged), forged.pk],
    )

    with pytest.raises(CommandError, match=rf"broken at event {events[2].pk} .*missing or was changed"):
        _verify()


@pytest.mark.django_db
def test_verify_audit_finds_a_deleted_event():
    events = _events(3)
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])

    report = verify_chain()
    assert report.broken.pk == events[2].pk
    assert report.count == 1
    with pytest.raises(CommandError, match=rf"broken at event {events[2].pk}"):
        _verify()


@pytest.mark.django_db
def test_the_database_refuses_a_second_event_after_the_same_predecessor():
    first = _events(1)[0]
    fork = AuditEvent(actor_label="x", role="system", action="fork", previous_hash=first.previous_hash)
    fork.hash = event_hash(fork)

    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save(force_insert=True)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_keep_one_chain():
    errors = []

    def write(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    audit_record(actor=Actor.system(), action=f"thread{n}.{i}")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    report = verify_chain()
    assert report.broken is None
    assert report.count == 40


@pytest.mark.django_db
def test_verify_audit_finds_events_removed_from_the_end_against_a_known_head():
    events = _events(3)
    _verify()
    known_head = events[-1].hash
    call_command("verify_audit", known_head=known_head, stdout=None)
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[-1].pk])

    assert verify_chain().broken is None
    with pytest.raises(CommandError, match="removed from the end"):
        call_command("verify_audit", known_head=known_head)
