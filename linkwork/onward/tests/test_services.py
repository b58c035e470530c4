"""Onward referrals: consent first, one open per service, the Gravity status moves, scoped and audited."""

import pytest
from django.utils import timezone

from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.onward.models import OnwardEvent, OnwardReferral
from linkwork.onward.services import (
    onward_attendance_record,
    onward_message_send,
    onward_referral_cancel,
    onward_referral_respond,
    onward_referral_send,
)
from linkwork.people.models import Person
from linkwork.testing.directory import directory_add, listing
from linkwork.testing.factories import actor_for

pytestmark = pytest.mark.django_db


def send(case, actor, service, **extra):
    values = {"consent": True, "summary": "Would like to get out walking with others"} | extra
    return onward_referral_send(by=actor, case=case, service=service, **values)


def test_sending_records_consent_grants_the_service_sight_of_the_person_and_audits(
    open_case, case_actors, walking_group, vcse
):
    referral = send(open_case, case_actors["link_worker"], walking_group)

    assert referral.status == "requested"
    assert referral.organisation == walking_group.organisation.owner
    assert (referral.respond_by - timezone.localdate()).days == 14
    assert Person.objects.visible_to(vcse).filter(pk=open_case.person_id).exists()
    assert AuditEvent.objects.filter(action="onward.send", person_id=open_case.person_id).count() == 1


def test_without_consent_nothing_is_sent(open_case, case_actors, walking_group, vcse):
    with pytest.raises(DomainError, match="must agree"):
        send(open_case, case_actors["link_worker"], walking_group, consent=False)

    assert not OnwardReferral.objects.exists()
    assert not Person.objects.visible_to(vcse).filter(pk=open_case.person_id).exists()


def test_a_signpost_only_service_takes_no_referral(open_case, case_actors, world):
    (service,) = directory_add(listing("Drop-in café", referral_method="signpost_only"))

    with pytest.raises(DomainError, match="takes no referrals through Linkwork"):
        send(open_case, case_actors["link_worker"], service)


def test_sending_twice_sends_once_and_a_different_second_referral_is_refused(
    open_case, case_actors, walking_group
):
    first = send(open_case, case_actors["link_worker"], walking_group)
    again = send(open_case, case_actors["link_worker"], walking_group)

    assert again.pk == first.pk
    with pytest.raises(DomainError, match="already has a referral"):
        send(open_case, case_actors["link_worker"], walking_group, summary="Something else")
    assert OnwardReferral.objects.count() == 1


def test_the_service_accepts_records_two_sessions_and_completes(open_case, case_actors, walking_group, vcse):
    referral = send(open_case, case_actors["link_worker"], walking_group)

    onward_referral_respond(by=vcse, referral=referral, status="accepted")
    onward_attendance_record(by=vcse, referral=referral, attended_on=timezone.localdate())
    onward_attendance_record(by=vcse, referral=referral, attended_on=timezone.localdate())
    done = onward_referral_respond(
        by=vcse, referral=referral, status="completed", outcome="Walks twice a week now"
    )

    assert (done.status, done.sessions_attended, done.outcome) == ("completed", 2, "Walks twice a week now")
    statuses = list(referral.events.filter(kind="status").values_list("status", flat=True))
    assert statuses == ["requested", "accepted", "in-progress", "completed"]


def test_declining_needs_a_reason_and_waitlisting_needs_the_wait(open_case, case_actors, walking_group, vcse):
    referral = send(open_case, case_actors["link_worker"], walking_group)

    with pytest.raises(DomainError, match="Choose why the service cannot take the person"):
        onward_referral_respond(by=vcse, referral=referral, status="rejected")
    with pytest.raises(DomainError, match="Say what the other reason is"):
        onward_referral_respond(by=vcse, referral=referral, status="rejected", decline_reason="other")
    with pytest.raises(DomainError, match="expected wait"):
        onward_referral_respond(by=vcse, referral=referral, status="on-hold")
    waiting = onward_referral_respond(by=vcse, referral=referral, status="on-hold", expected_wait_weeks=6)

    assert (waiting.status, waiting.expected_wait_weeks) == ("on-hold", 6)


def test_a_move_the_referral_has_already_left_is_refused(open_case, case_actors, walking_group, vcse):
    referral = send(open_case, case_actors["link_worker"], walking_group)
    onward_referral_respond(by=vcse, referral=referral, status="rejected", decline_reason="no_capacity")

    with pytest.raises(DomainError, match="cannot be marked"):
        onward_referral_respond(by=vcse, referral=referral, status="accepted")
    again = onward_referral_respond(
        by=vcse, referral=referral, status="rejected", decline_reason="no_capacity"
    )

    assert (again.status, again.decline_reason, again.status_reason) == (
        "rejected",
        "no_capacity",
        "The service is full",
    )
    assert referral.events.filter(status="rejected").count() == 1


def test_only_the_receiving_service_answers_and_only_the_case_team_cancels(
    open_case, case_actors, walking_group, vcse, world
):
    referral = send(open_case, case_actors["link_worker"], walking_group)
    other_vcse = actor_for(
        world.users["link_worker_b"], world.organisations["provider_b"], "vcse_coordinator"
    )

    with pytest.raises(DomainError, match="Only the service"):
        onward_referral_respond(by=other_vcse, referral=referral, status="accepted")
    with pytest.raises(DomainError, match="Only the service"):
        onward_referral_respond(by=case_actors["link_worker"], referral=referral, status="accepted")
    with pytest.raises(DomainError, match="can cancel"):
        onward_referral_cancel(by=vcse, referral=referral, reason="No")
    cancelled = onward_referral_cancel(by=case_actors["link_worker"], referral=referral, reason="Moved away")

    assert cancelled.status == "cancelled"


def test_both_sides_write_on_the_thread_and_a_double_send_writes_once(
    open_case, case_actors, walking_group, vcse
):
    referral = send(open_case, case_actors["link_worker"], walking_group)

    onward_message_send(by=vcse, referral=referral, text="Can she do Tuesdays?")
    onward_message_send(by=case_actors["link_worker"], referral=referral, text="Yes, Tuesdays are good")
    onward_message_send(by=case_actors["link_worker"], referral=referral, text="Yes, Tuesdays are good")

    assert referral.events.filter(kind=OnwardEvent.Kind.MESSAGE).count() == 2


def test_the_scope_shows_each_side_only_its_own(open_case, case_actors, walking_group, vcse, world):
    referral = send(open_case, case_actors["link_worker"], walking_group)
    other_worker = actor_for(world.users["link_worker_b"], world.organisations["provider_b"], "link_worker")
    referrer = case_actors["referrer"]

    assert list(OnwardReferral.objects.visible_to(vcse)) == [referral]
    assert list(OnwardReferral.objects.visible_to(case_actors["link_worker"])) == [referral]
    assert not OnwardReferral.objects.visible_to(other_worker).exists()
    assert not OnwardReferral.objects.visible_to(referrer).exists()
