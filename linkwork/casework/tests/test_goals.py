"""What matters to me, goals and progress: services, optimistic locking, pages and permissions."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.casework.models import Case, Goal, GoalProgress
from linkwork.casework.selectors.goals import timeline_entries
from linkwork.casework.services.cases import referral_decide_and_open_case
from linkwork.casework.services.goals import goal_create, goal_progress_add, goal_update, what_matters_update
from linkwork.core.errors import DomainError, StaleEdit
from linkwork.core.models import AuditEvent
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_submit,
    referral_triage,
)
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.auth import sign_in
from linkwork.testing.concurrency import run_at_once
from linkwork.testing.factories import SYSTEM, actor_for, born_years_ago, make_user

EXTERNAL_REFERENCE = re.compile(r'(?:src|href|action)="(?:https?:)?//', re.IGNORECASE)
TODAY = datetime.date.today


def worker_actors(world):
    org, users = world.organisations, world.users
    return {
        "referrer": actor_for(users["referrer"], org["practice_a"], Role.REFERRER),
        "team_lead": actor_for(users["team_lead"], org["provider_a"], Role.TEAM_LEAD),
        "link_worker": actor_for(users["link_worker"], org["provider_a"], Role.LINK_WORKER),
    }


def build_case(world, given_name="Cass", family_name="Goalkeeper") -> Case:
    """A case opened the way the service opens one: referral, triage, allocation, contact, acceptance."""
    org = world.organisations
    actors = worker_actors(world)
    scheme = scheme_apply_preset(
        by=SYSTEM,
        preset="wellbeing-coordinator",
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )
    referral, _ = referral_submit(
        by=actors["referrer"],
        scheme=scheme,
        source="gp_practice",
        person_details={
            "given_name": given_name,
            "family_name": family_name,
            "date_of_birth": born_years_ago(50),
        },
        needs=["loneliness"],
        consent_to_refer=True,
        duplicate_decision="new",
    )
    referral = referral_triage(by=actors["team_lead"], referral=referral, level="standard")
    referral = referral_allocate(
        by=actors["team_lead"], referral=referral, link_worker=world.users["link_worker"]
    )
    contact_attempt_record(by=actors["link_worker"], referral=referral, method="phone", outcome="reached")
    return referral_decide_and_open_case(by=actors["link_worker"], referral=referral, accepted=True)


@pytest.fixture
def case(world):
    return build_case(world)


@pytest.fixture
def worker(world):
    return worker_actors(world)["link_worker"]


@pytest.fixture
def other_worker(world):
    """A link worker of the same provider who is not on the case."""
    user = make_user("link_worker_2", organisation=world.organisations["provider_a"], role=Role.LINK_WORKER)
    return actor_for(user, world.organisations["provider_a"], Role.LINK_WORKER)


def new_goal(case, by, **overrides):
    values = {
        "domain": "family_friends",
        "description": "See my sister once a month",
        "steps": "Ring her Sunday",
    }
    return goal_create(by=by, case=case, **(values | overrides))


def audits(action):
    return AuditEvent.objects.filter(action=action).count()


# What matters to me


def test_what_matters_is_saved_in_their_words_and_audited(case, worker):
    saved = what_matters_update(
        by=worker, case=case, expected_version=case.version, what_matters=" My dog, Bess "
    )

    assert (saved.what_matters, saved.version) == ("My dog, Bess", case.version + 1)
    assert AuditEvent.objects.get(action="case.what_matters_update").person_id == case.person_id


def test_what_matters_saved_by_someone_else_first_is_not_overwritten(case, worker, world):
    lead = worker_actors(world)["team_lead"]
    opened_version = case.version
    what_matters_update(
        by=lead, case=case, expected_version=opened_version, what_matters="Getting back to choir"
    )

    with pytest.raises(StaleEdit) as refused:
        what_matters_update(by=worker, case=case, expected_version=opened_version, what_matters="My garden")

    case.refresh_from_db()
    assert refused.value.current.what_matters == "Getting back to choir"
    assert case.what_matters == "Getting back to choir"
    assert audits("case.what_matters_update") == 1


def test_saving_what_matters_unchanged_writes_nothing(case, worker):
    what_matters_update(by=worker, case=case, expected_version=case.version, what_matters="")

    assert Case.objects.get(pk=case.pk).version == case.version
    assert audits("case.what_matters_update") == 0


# Goals


def test_a_goal_is_set_with_its_domain_steps_and_date_and_audited(case, worker):
    goal = new_goal(case, worker, target_date=TODAY() + datetime.timedelta(days=30))

    assert (goal.domain, goal.status, goal.version) == ("family_friends", "not_started", 1)
    assert goal.created_by == worker.user
    event = AuditEvent.objects.get(action="goal.create")
    assert (event.object_id, event.person_id, event.details["domain"]) == (
        str(goal.pk),
        case.person_id,
        "family_friends",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"domain": "astrology"}, "domain"),
        ({"description": "   "}, "description"),
        ({"target_date": datetime.date(2020, 1, 1)}, "target_date"),
    ],
)
def test_a_goal_with_bad_details_is_refused_and_nothing_is_written(case, worker, overrides, field):
    with pytest.raises(DomainError) as refused:
        new_goal(case, worker, **overrides)

    assert refused.value.field == field
    assert not Goal.objects.exists()
    assert audits("goal.create") == 0


def test_the_same_goal_form_sent_twice_sets_one_goal(case, worker):
    first = new_goal(case, worker, token="a" * 32)
    second = new_goal(case, worker, token="a" * 32)

    assert first.pk == second.pk
    assert Goal.objects.count() == 1


def test_only_the_cases_workers_may_set_goals_and_only_while_it_is_open(case, worker, other_worker):
    with pytest.raises(DomainError, match="link workers or a team lead"):
        new_goal(case, other_worker)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    with pytest.raises(DomainError, match="closed"):
        new_goal(case, worker)

    assert not Goal.objects.exists()


def test_a_goal_is_changed_and_the_changed_fields_audited(case, worker):
    goal = new_goal(case, worker)

    goal = goal_update(
        by=worker,
        goal=goal,
        expected_version=1,
        domain="feeling_positive",
        description=goal.description,
        steps="Ring her Sunday\nBook a train",
    )

    assert (goal.domain, goal.version) == ("feeling_positive", 2)
    assert AuditEvent.objects.get(action="goal.update").details["changed"] == ["domain", "steps"]


def test_a_past_target_date_may_stay_but_not_be_newly_set(case, worker):
    goal = new_goal(case, worker)
    Goal.objects.filter(pk=goal.pk).update(target_date=datetime.date(2020, 1, 1))
    goal.refresh_from_db()
    kept = {"domain": goal.domain, "description": "Reworded", "steps": goal.steps}

    goal = goal_update(by=worker, goal=goal, expected_version=1, target_date=goal.target_date, **kept)
    with pytest.raises(DomainError, match="today or in the future"):
        goal_update(by=worker, goal=goal, expected_version=2, target_date=datetime.date(2021, 1, 1), **kept)

    assert Goal.objects.get().description == "Reworded"


def test_a_goal_edited_by_someone_else_first_refuses_the_second_save(case, worker, world):
    goal = new_goal(case, worker)
    mine, theirs = Goal.objects.get(pk=goal.pk), Goal.objects.get(pk=goal.pk)
    lead = worker_actors(world)["team_lead"]
    goal_update(
        by=lead, goal=theirs, expected_version=1, domain="family_friends", description="See my sister weekly"
    )

    with pytest.raises(StaleEdit) as refused:
        goal_update(
            by=worker, goal=mine, expected_version=1, domain="money", description="Sort out the gas bill"
        )

    assert refused.value.current.description == "See my sister weekly"
    saved = Goal.objects.get()
    assert (saved.description, saved.domain, saved.version) == ("See my sister weekly", "family_friends", 2)
    assert audits("goal.update") == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_one_goal_at_once_one_wins_and_nothing_is_overwritten(world):
    case = build_case(world)
    actors = worker_actors(world)
    goal = new_goal(case, actors["link_worker"])

    def save(actor, description):
        return lambda: goal_update(
            by=actor,
            goal=Goal.objects.select_related("case").get(pk=goal.pk),
            expected_version=1,
            domain="family_friends",
            description=description,
        )

    results, errors = run_at_once(
        save(actors["link_worker"], "Version A"), save(actors["team_lead"], "Version B")
    )

    assert len(results) == 1
    assert [type(error) for error in errors] == [StaleEdit]
    saved = Goal.objects.get()
    assert saved.description == results[0].description
    assert errors[0].current.description == saved.description
    assert saved.version == 2
    assert AuditEvent.objects.filter(action="goal.update").count() == 1


# Progress


def test_a_progress_note_records_the_status_after_it_and_moves_the_goal(case, worker):
    goal = new_goal(case, worker)

    progress = goal_progress_add(by=worker, goal=goal, note="Rang her twice", status="in_progress")

    goal.refresh_from_db()
    assert (progress.status, goal.status, goal.version) == ("in_progress", "in_progress", 1)
    event = AuditEvent.objects.get(action="goal.progress")
    assert (event.details["previous_status"], event.details["status"]) == ("not_started", "in_progress")


@pytest.mark.parametrize(
    ("note", "status", "field"), [("", "achieved", "note"), ("Done", "finished", "status")]
)
def test_a_progress_note_without_a_note_or_a_real_status_is_refused(case, worker, note, status, field):
    goal = new_goal(case, worker)

    with pytest.raises(DomainError) as refused:
        goal_progress_add(by=worker, goal=goal, note=note, status=status)

    assert refused.value.field == field
    assert not GoalProgress.objects.exists()
    assert Goal.objects.get().status == "not_started"


def test_the_same_progress_note_sent_twice_is_recorded_once(case, worker):
    goal = new_goal(case, worker)

    for _ in range(2):
        goal_progress_add(by=worker, goal=goal, note="Met up", status="achieved", token="b" * 32)

    assert GoalProgress.objects.count() == 1


def test_a_progress_note_does_not_make_an_open_edit_of_the_wording_stale(case, worker):
    goal = new_goal(case, worker)
    goal_progress_add(by=worker, goal=goal, note="Started", status="in_progress")

    goal = goal_update(
        by=worker, goal=Goal.objects.get(), expected_version=1, domain=goal.domain, description="Reworded"
    )

    assert (goal.description, goal.status) == ("Reworded", "in_progress")


def test_the_timeline_lists_goals_and_progress_in_one_query(case, worker):
    goal = new_goal(case, worker)
    goal_progress_add(by=worker, goal=goal, note="Rang her", status="in_progress")

    with CaptureQueriesContext(connection) as queries:
        entries = timeline_entries(case)

    assert len(queries) == 1
    assert [entry.title for entry in entries] == [
        "Goal set: Family and friends",
        "Goal progress: Family and friends, now in progress",
    ]
    assert entries[0].href == reverse("casework:goal_edit", kwargs={"case_id": case.pk, "goal_id": goal.pk})


# Pages


def goals_url(case):
    return reverse("casework:goals", kwargs={"case_id": case.pk})


def goal_url(case, goal, suffix=""):
    return reverse("casework:goal_edit", kwargs={"case_id": case.pk, "goal_id": goal.pk}) + suffix


@pytest.fixture
def worker_client(client, world):
    sign_in(client, world.users["link_worker"])
    return client


def test_the_goals_page_shows_what_matters_goals_and_latest_progress(case, worker, worker_client):
    what_matters_update(by=worker, case=case, expected_version=1, what_matters="Being useful again")
    goal = new_goal(case, worker, target_date=TODAY() + datetime.timedelta(days=7))
    goal_progress_add(by=worker, goal=goal, note="Rang her on Sunday", status="in_progress")

    response = worker_client.get(goals_url(case))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    for text in (
        "Being useful again",
        "See my sister once a month",
        "Ring her Sunday",
        "In progress",
        "Rang her on Sunday",
        "Add a goal",
        "Record direct support",
    ):
        assert text in html
    assert not EXTERNAL_REFERENCE.search(html)


def goal_form(**overrides):
    return {
        "domain": "money",
        "description": "Clear the rent arrears",
        "steps": "",
        "token": "c" * 32,
    } | overrides


def test_adding_a_goal_twice_from_one_form_adds_one(case, worker_client):
    first = worker_client.post(goals_url(case), goal_form())
    worker_client.post(goals_url(case), goal_form())

    assert first.status_code == 302
    assert Goal.objects.get().description == "Clear the rent arrears"
    assert "Goal added." in worker_client.get(first["Location"]).content.decode()


def test_a_goal_form_with_problems_shows_them_and_adds_nothing(case, worker_client):
    past = {"target_date_day": "1", "target_date_month": "1", "target_date_year": "2020"}

    response = worker_client.post(goals_url(case), goal_form(description="", **past))
    html = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Write the goal in the person&#39;s own words" in html
    assert not Goal.objects.exists()


def test_a_stale_what_matters_save_shows_their_words_and_keeps_mine(case, world, worker_client):
    what_matters_update(
        by=worker_actors(world)["team_lead"], case=case, expected_version=1, what_matters="Choir"
    )

    response = worker_client.post(
        reverse("casework:what_matters", kwargs={"case_id": case.pk}),
        {"what_matters": "My allotment", "version": "1"},
    )
    html = response.content.decode()

    assert response.status_code == 409
    assert "Someone else changed this since you opened it" in html
    assert "<p>Choir</p>" in html
    assert ">My allotment</textarea>" in html
    assert 'name="version" value="2"' in html
    assert Case.objects.get(pk=case.pk).what_matters == "Choir"


def test_a_stale_goal_save_shows_their_goal_and_keeps_my_changes(case, world, worker, worker_client):
    goal = new_goal(case, worker)
    lead = worker_actors(world)["team_lead"]
    goal_update(
        by=lead, goal=goal, expected_version=1, domain="family_friends", description="See my sister weekly"
    )

    response = worker_client.post(
        goal_url(case, goal), {"domain": "money", "description": "Pay the phone bill", "version": "1"}
    )
    html = response.content.decode()

    assert response.status_code == 409
    assert "What someone else saved" in html
    assert "See my sister weekly" in html
    assert ">Pay the phone bill</textarea>" in html
    assert Goal.objects.get().description == "See my sister weekly"


def test_the_same_goal_edit_sent_twice_saves_once_without_a_conflict(case, worker, worker_client):
    goal = new_goal(case, worker)
    data = {"domain": "money", "description": "Pay the phone bill", "version": "1"}

    statuses = [worker_client.post(goal_url(case, goal), data).status_code for _ in range(2)]

    assert statuses == [302, 302]
    assert (Goal.objects.get().version, audits("goal.update")) == (2, 1)


def test_a_progress_note_from_the_goal_page_moves_the_goal(case, worker, worker_client):
    goal = new_goal(case, worker)
    url = reverse("casework:goal_progress", kwargs={"case_id": case.pk, "goal_id": goal.pk})

    response = worker_client.post(url, {"note": "Went to see her", "status": "achieved", "token": "d" * 32})
    refused = worker_client.post(url, {"note": "", "status": "achieved", "token": "e" * 32})

    assert response.status_code == 302
    assert Goal.objects.get().status == "achieved"
    assert "Write what has happened with this goal" in refused.content.decode()
    assert GoalProgress.objects.count() == 1


def test_a_goal_of_another_case_is_not_found(case, world, worker, worker_client):
    other_goal = new_goal(build_case(world, given_name="Other", family_name="Person"), worker)

    assert worker_client.get(goal_url(case, other_goal)).status_code == 404
    assert worker_client.post(goal_url(case, other_goal, "progress/"), {"note": "x"}).status_code == 404


def test_another_providers_link_worker_finds_no_goals_page(case, client, world):
    sign_in(client, world.users["link_worker_b"])

    assert client.get(goals_url(case)).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.REFERRER, Role.VCSE_COORDINATOR, Role.COMMISSIONER, Role.ADMINISTRATOR]
)
def test_roles_outside_the_provider_may_not_use_the_goals_page(case, client, world, role):
    sign_in(client, world.users[role])

    assert client.get(goals_url(case)).status_code == 403


def test_a_link_worker_not_on_the_case_may_read_but_not_change_it(case, worker, client, other_worker):
    goal = new_goal(case, worker)
    sign_in(client, other_worker.user)
    posts = {
        goals_url(case): goal_form(),
        goal_url(case, goal): {"domain": "money", "description": "Changed", "version": "1"},
        goal_url(case, goal, "progress/"): {"note": "x", "status": "achieved", "token": "f" * 32},
        reverse("casework:what_matters", kwargs={"case_id": case.pk}): {"what_matters": "x", "version": "1"},
    }

    html = client.get(goals_url(case)).content.decode()
    statuses = [client.post(url, data).status_code for url, data in posts.items()]

    assert "Add a goal" not in html
    assert statuses == [403] * len(posts)
    goal.refresh_from_db()
    assert (Goal.objects.count(), goal.description, goal.status) == (
        1,
        "See my sister once a month",
        "not_started",
    )


def test_the_team_lead_may_change_a_goal(case, worker, client, world):
    goal = new_goal(case, worker)
    sign_in(client, world.users["team_lead"])

    response = client.post(
        goal_url(case, goal), {"domain": "money", "description": "Changed", "version": "1"}
    )

    assert response.status_code == 302
    assert Goal.objects.get().description == "Changed"


def test_the_goals_page_runs_the_same_queries_for_few_or_many_goals(case, worker, worker_client):
    def add_goals(count):
        for number in range(count):
            goal = new_goal(case, worker, description=f"Goal {number}")
            goal_progress_add(by=worker, goal=goal, note="Going well", status="in_progress")

    add_goals(2)
    with CaptureQueriesContext(connection) as few:
        worker_client.get(goals_url(case))
    add_goals(18)
    with CaptureQueriesContext(connection) as many:
        worker_client.get(goals_url(case))

    assert len(many) == len(few)


def test_the_goal_page_runs_the_same_queries_for_few_or_many_notes(case, worker, worker_client, world):
    goal = new_goal(case, worker)
    lead = worker_actors(world)["team_lead"]
    for author in (worker, lead):
        goal_progress_add(by=author, goal=goal, note="Note", status="in_progress")
    with CaptureQueriesContext(connection) as few:
        worker_client.get(goal_url(case, goal))
    for number in range(18):
        goal_progress_add(by=worker, goal=goal, note=f"Note {number}", status="in_progress")
    with CaptureQueriesContext(connection) as many:
        response = worker_client.get(goal_url(case, goal))

    assert len(many) == len(few)
    assert not EXTERNAL_REFERENCE.search(response.content.decode())
