import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError

from linkwork.core.audit_chain import verify_chain
from linkwork.core.context import Actor, reset_request_id, set_request_id
from linkwork.core.models import AppendOnlyError, AuditEvent
from linkwork.core.services import audit_deferred, audit_record
from linkwork.testing.factories import make_organisation, make_person, make_user


@pytest.fixture
def practice(db):
    return make_organisation(name="Audit Practice")


def test_audit_event_records_actor_organisation_role_target_and_request(practice):
    user = make_user("auditor", organisation=practice)
    person = make_person(practice)
    token = set_request_id("req-12345678")
    try:
        event = audit_record(
            actor=Actor(user=user, organisation=practice, role="referrer"),
            action="person.view",
            target=person,
            person_id=person.pk,
        )
    finally:
        reset_request_id(token)

    event.refresh_from_db()
    assert event.actor == user
    assert event.actor_label == "auditor"
    assert event.organisation == practice
    assert event.role == "referrer"
    assert event.object_type == "people.person"
    assert event.object_id == str(person.pk)
    assert event.person_id == person.pk
    assert event.request_id == "req-12345678"
    assert event.outcome == AuditEvent.Outcome.ALLOWED


def test_audit_event_is_written_in_the_callers_transaction(practice):
    before = AuditEvent.objects.count()

    @transaction.atomic
    def change_that_fails_after_auditing():
        audit_record(actor=Actor.system(), action="person.view")
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails_after_auditing()

    assert AuditEvent.objects.count() == before


def test_audit_events_cannot_be_changed_or_deleted_through_the_application(practice):
    event = audit_record(actor=Actor.system(), action="test.event")

    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.action == "test.event"


@pytest.mark.postgresql
def test_postgresql_refuses_raw_updates_and_deletes_of_audit_events(practice):
    event = audit_record(actor=Actor.system(), action="test.event")
    for statement in (
        "UPDATE core_auditevent SET action = 'tampered' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    event.refresh_from_db()
    assert event.action == "test.event"


def test_deferred_events_are_written_in_order_at_the_end_of_the_block(practice):
    before = AuditEvent.objects.count()
    with transaction.atomic(), audit_deferred():
        audit_record(actor=Actor.system(), action="test.first")
        audit_record(actor=Actor.system(), action="test.second", details={"people": [str(uuid.uuid4())]})
        assert AuditEvent.objects.count() == before
    written = list(AuditEvent.objects.order_by("-id")[:2])[::-1]
    assert [event.action for event in written] == ["test.first", "test.second"]
    assert written[1].previous_hash == written[0].hash
    assert written[1].appearances.count() == 1
    assert verify_chain().broken is None


def test_deferred_events_are_dropped_when_the_block_fails(practice):
    before = AuditEvent.objects.count()

    @transaction.atomic
    def change_that_fails():
        with audit_deferred():
            audit_record(actor=Actor.system(), action="test.never")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert AuditEvent.objects.count() == before
    audit_record(actor=Actor.system(), action="test.after")
    assert AuditEvent.objects.count() == before + 1


def test_a_deferred_event_inside_a_rolled_back_savepoint_is_not_written(practice):
    before = AuditEvent.objects.count()
    with transaction.atomic(), audit_deferred():
        audit_record(actor=Actor.system(), action="test.kept")
        try:
            with transaction.atomic():
                audit_record(actor=Actor.system(), action="test.undone")
                raise RuntimeError("the inner change failed")
        except RuntimeError:
            pass
    assert AuditEvent.objects.order_by("-id").values_list("action", flat=True).first() == "test.kept"
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_deferring_needs_a_transaction():
    with pytest.raises(TransactionManagementError), audit_deferred():
        pass
