import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.models import Membership, Role
from linkwork.casework import rules
from linkwork.casework.models import Case, Handover, SupervisionNote
from linkwork.casework.selectors.team import timeline_entries
from linkwork.casework.services.team import (
    case_second_worker_add,
    case_second_worker_remove,
    case_transfer,
    supervision_note_edit,
    supervision_note_record,
)
from linkwork.core.errors import DomainError, StaleEdit
from linkwork.core.models import AuditEvent
from linkwork.core.tests.test_pages import EXTERNAL_REFERENCE
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import actor_for, make_user


@pytest.fixture
def provider_a(world):
    return world.organisations["provider_a"]


@pytest.fixture
def colleague(world, provider_a):
    """Another link worker of provider A, not on the case."""
    user = make_user(
        "colleague", organisation=provider_a, role=Role.LINK_WORKER, first_name="Cole", last_name="Lee"
    )
    return actor_for(user, provider_a, Role.LINK_WORKER)


def team_url(case):
    return reverse("casework:team", kwargs={"case_id": case.pk})


def reloaded(case):
    return Case.objects.select_related("referral").get(pk=case.pk)


# Handover


def test_a_team_lead_transfers_the_case_and_its_referral_with_a_note(
    open_case, case_actors, colleague, world
):
    handover = case_transfer(
        by=case_actors["team_lead"], case=open_case, to_worker=colleague.user, note="Cass prefers mornings"
    )

    case = reloaded(open_case)
    assert (case.link_worker, case.referral.link_worker) == (colleague.user, colleague.user)
    assert (handover.kind, handover.from_worker, handover.to_worker) == (
        "transfer",
        world.users["link_worker"],
        colleague.user,
    )
    assert (handover.note, handover.by) == ("Cass prefers mornings", world.users["team_lead"])
    assert AuditEvent.objects.filter(action="case.transfer", object_id=str(case.pk)).exists()
    assert rules.can_record_on(colleague, case)
    assert not rules.can_record_on(case_actors["link_worker"], case)


def test_the_cases_own_link_worker_may_hand_it_over_but_a_colleague_may_not(
    open_case, case_actors, colleague, world
):
    with pytest.raises(DomainError, match="Only a team lead or the case's link worker"):
        case_transfer(by=colleague, case=open_case, to_worker=colleague.user, note="Taking this one")

    case_transfer(
        by=case_actors["link_worker"], case=open_case, to_worker=colleague.user, note="Going on leave"
    )

    assert reloaded(open_case).link_worker == colleague.user


def test_the_receiving_worker_must_be_an_active_link_worker_of_the_provider(
    open_case, case_actors, world, provider_a
):
    left = make_user("left", organisation=provider_a, role=Role.LINK_WORKER)
    Membership.objects.filter(user=left).update(is_active=False)

    for someone in (world.users["link_worker_b"], left, world.users["team_lead"], world.users["referrer"]):
        with pytest.raises(DomainError, match="Choose a link worker who works for this case's organisation"):
            case_transfer(by=case_actors["team_lead"], case=open_case, to_worker=someone, note="Handing over")

    case = reloaded(open_case)
    assert (case.link_worker, case.referral.link_worker) == (
        world.users["link_worker"],
        world.users["link_worker"],
    )
    assert not Handover.objects.exists()


def test_a_handover_needs_a_note_and_writes_nothing_without_one(open_case, case_actors, colleague, world):
    with pytest.raises(DomainError, match="Write a handover note"):
        case_transfer(by=case_actors["team_lead"], case=open_case, to_worker=colleague.user, note="   ")

    assert reloaded(open_case).link_worker == world.users["link_worker"]
    assert not Handover.objects.exists()
    assert not AuditEvent.objects.filter(action="case.transfer").exists()


def test_the_same_handover_sent_twice_is_recorded_once(open_case, case_actors, colleague):
    first = case_transfer(
        by=case_actors["team_lead"], case=open_case, to_worker=colleague.user, note="Over to Cole"
    )
    second = case_transfer(
        by=case_actors["team_lead"], case=open_case, to_worker=colleague.user, note="Over to Cole"
    )

    assert second.pk == first.pk
    assert Handover.objects.count() == 1


def test_a_second_worker_is_added_and_removed_with_notes(open_case, case_actors, colleague, world):
    case_second_worker_add(
        by=case_actors["link_worker"], case=open_case, worker=colleague.user, note="Speaks Polish"
    )
    assert reloaded(open_case).second_worker == colleague.user
    assert rules.can_record_on(colleague, reloaded(open_case))

    with pytest.raises(DomainError, match="already the second worker"):
        case_second_worker_add(
            by=case_actors["team_lead"], case=reloaded(open_case), worker=colleague.user, note="Again"
        )
    case_second_worker_remove(by=case_actors["team_lead"], case=reloaded(open_case), note="Interpreter found")

    assert reloaded(open_case).second_worker is None
    assert list(Handover.objects.values_list("kind", flat=True)) == ["second_worker", "second_worker_removed"]
    with pytest.raises(DomainError, match="no second worker to remove"):
        case_second_worker_remove(
            by=case_actors["team_lead"], case=reloaded(open_case), note="Something else"
        )


def test_handing_over_to_the_second_worker_makes_them_the_only_worker(open_case, case_actors, colleague):
    case_second_worker_add(
        by=case_actors["team_lead"], case=open_case, worker=colleague.user, note="Joint visits"
    )

    case_transfer(
        by=case_actors["team_lead"], case=reloaded(open_case), to_worker=colleague.user, note="Cole leads now"
    )

    case = reloaded(open_case)
    assert (case.link_worker, case.second_worker) == (colleague.user, None)


def test_a_closed_case_cannot_be_handed_over(open_case, case_actors, colleague):
    Case.objects.filter(pk=open_case.pk).update(status=Case.Status.CLOSED)

    with pytest.raises(DomainError, match="This case is closed"):
        case_transfer(
            by=case_actors["team_lead"], case=reloaded(open_case), to_worker=colleague.user, note="Late"
        )


def test_handovers_reach_the_timeline_in_one_query(open_case, case_actors, colleague):
    case_second_worker_add(
        by=case_actors["team_lead"], case=open_case, worker=colleague.user, note="Joint visits"
    )
    case_transfer(
        by=case_actors["team_lead"], case=reloaded(open_case), to_worker=colleague.user, note="Cole leads"
    )

    with CaptureQueriesContext(connection) as queries:
        entries = timeline_entries(open_case)

    assert len(queries) == 1
    assert {entry.title for entry in entries} == {
        "Cole Lee added as second worker",
        "Handed over to Cole Lee",
    }


# Supervision


def test_a_team_lead_records_supervision_with_the_cases_link_worker(open_case, case_actors, world):
    note = supervision_note_record(by=case_actors["team_lead"], case=open_case, note="Agreed to review goals")
    again = supervision_note_record(
        by=case_actors["team_lead"], case=open_case, note="Agreed to review goals"
    )

    assert again.pk == note.pk
    assert (note.link_worker, note.by) == (world.users["link_worker"], world.users["team_lead"])
    assert AuditEvent.objects.filter(action="supervision.record", object_id=str(note.pk)).count() == 1


def test_only_a_team_lead_records_supervision_and_a_note_is_required(open_case, case_actors):
    with pytest.raises(DomainError, match="Only a team lead"):
        supervision_note_record(by=case_actors["link_worker"], case=open_case, note="My own notes")
    with pytest.raises(DomainError, match="Write the supervision note"):
        supervision_note_record(by=case_actors["team_lead"], case=open_case, note=" ")

    assert not SupervisionNote.objects.exists()


def test_two_people_editing_one_supervision_note_the_second_is_refused_and_nothing_overwritten(
    open_case, case_actors, world, provider_a
):
    other_lead = actor_for(
        make_user("lead_2", organisation=provider_a, role=Role.TEAM_LEAD), provider_a, Role.TEAM_LEAD
    )
    note = supervision_note_record(by=case_actors["team_lead"], case=open_case, note="First draft")
    opened_by_first, opened_by_second = SupervisionNote.objects.get(), SupervisionNote.objects.get()

    supervision_note_edit(
        by=case_actors["team_lead"], supervision=opened_by_first, expected_version=1, note="Agreed plan"
    )
    with pytest.raises(StaleEdit) as stale:
        supervision_note_edit(
            by=other_lead, supervision=opened_by_second, expected_version=1, note="Different plan"
        )

    assert stale.value.current.note == "Agreed plan"
    note.refresh_from_db()
    assert (note.note, note.version) == ("Agreed plan", 2)
    assert AuditEvent.objects.filter(action="supervision.edit").count() == 1


# Pages


def test_the_link_worker_hands_over_from_the_page(client, open_case, colleague, world):
    sign_in(client, world.users["link_worker"])
    data = {
        "action": "handover",
        "handover-kind": "transfer",
        "handover-worker": str(colleague.user.pk),
        "handover-note": "On leave for a month",
    }

    response = client.post(team_url(open_case), data, follow=True)

    html = response.content.decode()
    assert "Case handed over to Cole Lee." in html
    assert "On leave for a month" in html
    assert reloaded(open_case).link_worker == colleague.user


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "transfer", "worker": "", "note": "Handing over"}, "Choose a link worker"),
        (
            {"kind": "transfer", "worker": "999999", "note": "Handing over"},
            "Choose a link worker from the list",
        ),
        ({"kind": "second_worker", "worker": "{colleague}", "note": ""}, "Write a handover note"),
        ({"kind": "", "worker": "{colleague}", "note": "Handing over"}, "Choose what you want to do"),
    ],
)
def test_bad_handover_input_is_explained_and_nothing_changes(
    client, open_case, colleague, world, data, message
):
    sign_in(client, world.users["team_lead"])
    data = {f"handover-{name}": value.format(colleague=colleague.user.pk) for name, value in data.items()}

    response = client.post(team_url(open_case), {"action": "handover", **data})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert not Handover.objects.exists()


def test_a_colleague_sees_the_team_but_cannot_hand_over_or_read_supervision(
    client, open_case, case_actors, colleague
):
    supervision_note_record(by=case_actors["team_lead"], case=open_case, note="Talked about boundaries")
    sign_in(client, colleague.user)

    html = client.get(team_url(open_case)).content.decode()
    refused = client.post(
        team_url(open_case),
        {
            "action": "handover",
            "handover-kind": "transfer",
            "handover-worker": colleague.user.pk,
            "handover-note": "Mine now",
        },
    )

    assert "Handover history" in html
    assert "Save handover" not in html
    assert "Talked about boundaries" not in html
    assert refused.status_code == 403
    assert not Handover.objects.exists()


def test_supervision_is_shown_to_the_team_lead_and_the_cases_link_worker(
    client, open_case, case_actors, world
):
    sign_in(client, world.users["team_lead"])
    response = client.post(
        team_url(open_case),
        {"action": "supervision", "supervision-note": "Agreed a plan for ending"},
        follow=True,
    )
    assert "Supervision note saved." in response.content.decode()

    sign_in(client, world.users["link_worker"])
    html = client.get(team_url(open_case)).content.decode()
    refused = client.post(team_url(open_case), {"action": "supervision", "supervision-note": "My own note"})

    assert "Agreed a plan for ending" in html
    assert "Save supervision note" not in html
    assert refused.status_code == 403
    assert SupervisionNote.objects.count() == 1


def test_a_stale_supervision_edit_on_the_page_shows_their_version_and_overwrites_nothing(
    client, open_case, case_actors
):
    note = supervision_note_record(by=case_actors["team_lead"], case=open_case, note="First draft")
    url = reverse("casework:supervision_edit", kwargs={"case_id": open_case.pk, "note_id": note.pk})
    supervision_note_edit(
        by=case_actors["team_lead"], supervision=note, expected_version=1, note="Saved by a colleague"
    )
    sign_in(client, case_actors["team_lead"].user)

    response = client.post(url, {"note": "My late change", "version": "1"})

    html = response.content.decode()
    assert "Someone else changed this since you opened it" in html
    assert "Saved by a colleague" in html
    assert 'name="version" value="2"' in html  # saving again is now a deliberate choice
    assert SupervisionNote.objects.get().note == "Saved by a colleague"

    saved = client.post(url, {"note": "My late change", "version": "2"})
    assert saved.status_code == 302
    assert SupervisionNote.objects.get().note == "My late change"


@pytest.mark.parametrize(
    ("user", "status"), [("link_worker", 403), ("link_worker_b", 403), ("team_lead", 200)]
)
def test_only_team_leads_edit_supervision_notes(client, open_case, case_actors, world, user, status):
    note = supervision_note_record(by=case_actors["team_lead"], case=open_case, note="First draft")
    sign_in(client, world.users[user])

    url = reverse("casework:supervision_edit", kwargs={"case_id": open_case.pk, "note_id": note.pk})
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("link_worker_b", 404),
        ("referrer", 403),
        ("vcse_coordinator", 403),
        ("commissioner", 403),
        ("administrator", 403),
    ],
)
def test_who_may_see_the_team_page(client, world, open_case, user, status):
    sign_in(client, world.users[user])

    assert client.get(team_url(open_case)).status_code == status


def test_the_team_page_runs_the_same_queries_for_2_or_20_records(client, open_case, case_actors, colleague):
    sign_in(client, case_actors["team_lead"].user)

    def add(count):
        for number in range(count):
            case_second_worker_add(
                by=case_actors["team_lead"],
                case=reloaded(open_case),
                worker=colleague.user,
                note=f"Joint {number}",
            )
            case_second_worker_remove(
                by=case_actors["team_lead"], case=reloaded(open_case), note=f"Done {number}"
            )
            supervision_note_record(by=case_actors["team_lead"], case=open_case, note=f"Supervision {number}")

    def queries_for_page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(team_url(open_case))
        assert response.status_code == 200
        assert not EXTERNAL_REFERENCE.search(response.content.decode())
        return len(queries)

    add(1)
    few = queries_for_page()
    add(10)

    assert queries_for_page() == few
