"""The one session-limit rule, and the one guard in front of recording, as every caller meets them."""

import datetime

import pytest
from django.utils import timezone

from linkwork.casework.limits import SessionLimit
from linkwork.casework.models import Case, Contact
from linkwork.casework.selectors.caseload import caseload_page
from linkwork.casework.selectors.cases import case_open
from linkwork.casework.services.cases import case_extend
from linkwork.casework.services.contacts import contact_record
from linkwork.core.errors import DomainError
from linkwork.testing.cases import open_case_for
from linkwork.testing.concurrency import run_at_once


def attended(actor, case):
    return contact_record(
        by=actor,
        case=case,
        occurs_at=timezone.now() - datetime.timedelta(hours=1),
        mode="face_to_face",
        place="cafe",
        attendance="attended",
    )


@pytest.mark.parametrize(
    ("used", "near", "reached", "text"),
    [
        (4, False, False, "4 of 6 sessions used"),
        (5, True, False, "5 of 6 sessions used, one left"),
        (6, True, True, "6 of 6 sessions used"),
        (8, True, True, "8 of 6 sessions used"),
    ],
)
def test_the_limit_is_near_with_one_session_left_and_reached_at_the_cap(used, near, reached, text):
    limit = SessionLimit(attended=used, cap=6)

    assert (limit.near, limit.reached, limit.text) == (near, reached, text)


def test_a_scheme_without_a_cap_is_never_near_its_limit_and_never_refuses():
    limit = SessionLimit(attended=40, cap=None)

    limit.check_room_for_another()
    assert not limit.near
    assert not limit.reached


def test_an_extension_keeps_the_limit_in_view_but_stops_asking_for_action_and_refusing():
    limit = SessionLimit(attended=6, cap=6, extended=True)

    limit.check_room_for_another()
    assert limit.reached
    assert not limit.needs_action
    with pytest.raises(DomainError, match="This would be session 7: the scheme's limit is 6"):
        SessionLimit(attended=6, cap=6).check_room_for_another()


def test_the_case_header_and_the_caseload_say_the_same_thing_one_session_before_the_limit(
    open_case, case_actors
):
    worker = case_actors["link_worker"]
    for _ in range(5):
        attended(worker, open_case)

    header = case_open(actor=worker, case_id=open_case.pk)
    row = caseload_page(actor=worker, worker=worker.user).rows[0]

    assert "5 of 6 sessions used, one left." in header.warnings
    assert "5 of 6 sessions used, one left" in [action.text for action in row.next_actions]


def test_once_extended_the_caseload_stops_asking_but_the_header_still_shows_the_limit(open_case, case_actors):
    worker = case_actors["link_worker"]
    for _ in range(6):
        attended(worker, open_case)
    case_extend(by=worker, case=open_case, reason="Bereaved last week", expected_version=open_case.version)

    header = case_open(actor=worker, case_id=open_case.pk)
    row = caseload_page(actor=worker, worker=worker.user).rows[0]

    assert header.warnings[:2] == ["6 of 6 sessions used.", "Extended: Bereaved last week"]
    assert not [action for action in row.next_actions if "sessions used" in action.text]


def test_nothing_is_recorded_on_a_closed_case_or_by_someone_not_working_it(open_case, case_actors):
    Case.objects.filter(pk=open_case.pk).update(status=Case.Status.CLOSED)
    open_case.refresh_from_db()

    with pytest.raises(DomainError, match="This case is closed: re-refer the person"):
        attended(case_actors["link_worker"], open_case)
    with pytest.raises(DomainError, match="Only the case's link workers or a team lead"):
        case_extend(by=case_actors["link_worker_b"], case=open_case, reason="More", expected_version=1)
    assert not Contact.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_sessions_recorded_at_once_cannot_both_take_the_last_place(world, wellbeing, case_actors):
    """Without the case's row lock, on PostgreSQL both requests count five sessions and both save."""
    case = open_case_for(world, wellbeing, case_actors)
    for _ in range(5):
        attended(case_actors["link_worker"], case)

    results, errors = run_at_once(
        lambda: attended(case_actors["link_worker"], case),
        lambda: attended(case_actors["team_lead"], case),
    )

    assert len(results) == 1
    assert [error.message[:25] for error in errors] == ["This would be session 7: "]
    assert Contact.objects.filter(case=case, attendance="attended").count() == 6
