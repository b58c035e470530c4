"""Lists and searches that showed a person: appearance rows, and the "who has seen this person" page."""

import importlib
import io
import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from linkwork.core.audit_chain import append_event, verify_chain
from linkwork.core.context import Actor
from linkwork.core.models import AppendOnlyError, AuditAppearance, AuditEvent, people_shown
from linkwork.core.selectors import HISTORY_PAGE_SIZE, person_access_page
from linkwork.core.services import audit_record

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system()
backfill = importlib.import_module("linkwork.core.migrations.0004_audit_appearances").backfill_appearances


def _listed(*person_ids, action="test.list"):
    return audit_record(actor=SYSTEM, action=action, details={"people": [str(p) for p in person_ids]})


def _actions(page):
    return [event.action for event in page]


def test_a_list_writes_one_appearance_per_person_it_showed():
    shown, other = uuid.uuid4(), uuid.uuid4()

    event = _listed(shown, other, shown)
    audit_record(actor=SYSTEM, action="test.view", person_id=shown)

    assert sorted(AuditAppearance.objects.filter(event=event).values_list("person_id", flat=True)) == sorted(
        [shown, other]
    )
    assert AuditAppearance.objects.count() == 2


def test_appearances_are_written_in_the_events_transaction():
    def list_then_fail():
        with transaction.atomic():
            _listed(uuid.uuid4())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        list_then_fail()

    assert not AuditEvent.objects.exists()
    assert not AuditAppearance.objects.exists()


def test_the_page_finds_direct_events_lists_and_merged_records_but_not_other_people():
    person, merged, stranger = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    audit_record(actor=SYSTEM, action="test.view", person_id=person)
    _listed(stranger, person, action="test.list_showing_person")
    audit_record(actor=SYSTEM, action="test.view_merged", person_id=merged)
    _listed(merged, action="test.list_showing_merged")
    audit_record(actor=SYSTEM, action="test.view_stranger", person_id=stranger)
    _listed(stranger, action="test.list_of_stranger")
    audit_record(
        actor=SYSTEM, action="test.view_and_list", person_id=person, details={"people": [str(person)]}
    )

    page = person_access_page(person_ids=[person, merged], page_number=1)

    assert _actions(page) == [
        "test.view_and_list",
        "test.list_showing_merged",
        "test.view_merged",
        "test.list_showing_person",
        "test.view",
    ]
    assert page.paginator.count == 5


def test_the_page_holds_what_the_text_match_over_every_event_found():
    people = [uuid.uuid4() for _ in range(4)]
    for number in range(HISTORY_PAGE_SIZE + 10):
        first, second = people[number % 4], people[(number + 1) % 4]
        _listed(first, second)
        audit_record(actor=SYSTEM, action="test.view", person_id=first)
    wanted = people[:2]
    text_match = Q(person_id__in=wanted)
    for person_id in wanted:
        text_match |= Q(details__people__icontains=str(person_id))
    expected = list(
        AuditEvent.objects.filter(text_match).order_by("-occurred_at", "-id").values_list("pk", flat=True)
    )

    first = person_access_page(person_ids=wanted, page_number=1)
    pages = [person_access_page(person_ids=wanted, page_number=n) for n in first.paginator.page_range]

    assert len(pages) == 2
    assert [event.pk for page in pages for event in page] == expected
    assert first.paginator.count == len(expected)


def test_the_page_makes_two_queries_however_many_events_and_appearances():
    person = uuid.uuid4()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            list(person_access_page(person_ids=[person], page_number=1))
        return len(captured)

    _listed(person)
    few = queries()
    for _ in range(HISTORY_PAGE_SIZE + 5):
        _listed(person, uuid.uuid4())
        audit_record(actor=SYSTEM, action="test.view", person_id=person)
    assert few == queries() == 2


def test_appearances_cannot_be_changed_or_deleted_through_the_application():
    appearance = AuditAppearance.objects.get(event=_listed(uuid.uuid4()))

    with pytest.raises(AppendOnlyError):
        appearance.save()
    with pytest.raises(AppendOnlyError):
        appearance.delete()
    with pytest.raises(AppendOnlyError):
        AuditAppearance.objects.all().update(person_id=uuid.uuid4())
    with pytest.raises(AppendOnlyError):
        AuditAppearance.objects.all().delete()
    assert AuditAppearance.objects.count() == 1


@pytest.mark.postgresql
def test_postgresql_refuses_raw_updates_and_deletes_of_appearances():
    shown = uuid.uuid4()
    event = _listed(shown)
    for statement in (
        "UPDATE core_auditappearance SET person_id = gen_random_uuid() WHERE event_id = %s",
        "DELETE FROM core_auditappearance WHERE event_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert list(AuditAppearance.objects.values_list("person_id", flat=True)) == [shown]


def test_the_migration_backfills_appearances_of_events_written_before_them():
    shown, other = uuid.uuid4(), uuid.uuid4()
    with transaction.atomic():
        before = append_event(action="test.list", role="system", details={"people": [str(shown), str(other)]})
        append_event(action="test.view", role="system", person_id=shown)
    assert not AuditAppearance.objects.exists()

    backfill(apps, None)

    assert set(AuditAppearance.objects.values_list("person_id", "event_id")) == {
        (shown, before.pk),
        (other, before.pk),
    }


def test_the_scale_seed_writes_lists_and_searches_with_their_appearances():
    call_command("seed_scale", "--size", "tiny", "--seed", "3", stdout=io.StringIO())

    lists = AuditEvent.objects.filter(details__has_key="people").exclude(details__people=[])
    expected = {(person_id, event.pk) for event in lists for person_id in people_shown(event.details)}
    assert {"person.list", "person.search"} <= set(lists.values_list("action", flat=True))
    assert max(len(event.details["people"]) for event in lists) > 1
    assert set(AuditAppearance.objects.values_list("person_id", "event_id")) == expected
    assert verify_chain().broken is None
