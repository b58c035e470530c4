"""Direct support: help given by the link worker, with the time it took, totalled by kind of help."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.casework.models import DirectSupport
from linkwork.casework.selectors.goals import goals_overview, timeline_entries
from linkwork.casework.services.goals import goal_create
from linkwork.casework.services.support import direct_support_record
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.testing.auth import sign_in
from linkwork.testing.factories import actor_for, make_user

from .test_goals import EXTERNAL_REFERENCE, build_case, worker_actors

TODAY = datetime.date.today


@pytest.fixture
def case(world):
    return build_case(world)


@pytest.fixture
def worker(world):
    return worker_actors(world)["link_worker"]


def record(case, by, **overrides):
    values = {
        "provided_on": TODAY(),
        "category": "benefits",
        "minutes": 45,
        "note": "Helped with the PIP form",
    }
    return direct_support_record(by=by, case=case, **(values | overrides))


def test_direct_support_is_recorded_and_audited(case, worker):
    support = record(case, worker)

    assert (support.category, support.minutes, support.by) == ("benefits", 45, worker.user)
    event = AuditEvent.objects.get(action="direct_support.record")
    assert (event.object_id, event.person_id, event.details["minutes"]) == (
        str(support.pk),
        case.person_id,
        45,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"provided_on": TODAY() + datetime.timedelta(days=1)}, "provided_on"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"category": "magic"}, "category"),
    ],
)
def test_bad_direct_support_is_refused_and_nothing_is_written(case, worker, overrides, field):
    with pytest.raises(DomainError) as refused:
        record(case, worker, **overrides)

    assert refused.value.field == field
    assert not DirectSupport.objects.exists()
    assert not AuditEvent.objects.filter(action="direct_support.record").exists()


def test_ten_hours_is_the_most_one_record_may_hold(case, worker):
    assert record(case, worker, minutes=600).minutes == 600


def test_the_same_form_sent_twice_records_the_help_once(case, worker):
    first = record(case, worker, token="a" * 32)
    second = record(case, worker, token="a" * 32)

    assert first.pk == second.pk
    assert DirectSupport.objects.count() == 1


def test_a_link_worker_not_on_the_case_cannot_record_help(case, world):
    user = make_user("link_worker_2", organisation=world.organisations["provider_a"], role=Role.LINK_WORKER)

    with pytest.raises(DomainError, match="link workers or a team lead"):
        record(case, actor_for(user, world.organisations["provider_a"], Role.LINK_WORKER))

    assert not DirectSupport.objects.exists()


def test_time_is_totalled_by_kind_of_help(case, worker):
    record(case, worker, minutes=30)
    record(case, worker, minutes=45)
    record(case, worker, category="housing", minutes=60)

    overview = goals_overview(case=case)

    totals = {total.label: (total.times, total.minutes) for total in overview.support_totals}
    assert totals == {"Benefits claim or form": (2, 75), "Housing application or repair": (1, 60)}
    assert overview.support_minutes == 135


def test_help_given_appears_on_the_timeline_on_the_day_it_was_given(case, worker):
    record(case, worker, provided_on=TODAY() - datetime.timedelta(days=3))
    goal_create(by=worker, case=case, domain="money", description="Pay off the catalogue")

    with CaptureQueriesContext(connection) as queries:
        support, goal = timeline_entries(case)

    assert len(queries) == 1
    assert support.title == "Direct support: Benefits claim or form, 45 minutes"
    assert support.at.date() == TODAY() - datetime.timedelta(days=3)
    assert support.href.endswith("/goals/#direct-support")
    assert (goal.title, goal.detail) == ("Goal set: Money", "Pay off the catalogue")


# The page


def support_url(case):
    return reverse("casework:direct_support", kwargs={"case_id": case.pk})


def form_data(**overrides):
    today = TODAY()
    return {
        "category": "housing",
        "provided_on_day": str(today.day),
        "provided_on_month": str(today.month),
        "provided_on_year": str(today.year),
        "minutes": "50",
        "note": "Council housing form",
        "token": "b" * 32,
    } | overrides


@pytest.fixture
def worker_client(client, world):
    sign_in(client, world.users["link_worker"])
    return client


def test_recording_help_on_the_page_lists_it_with_the_total(case, worker_client):
    response = worker_client.post(support_url(case), form_data())
    worker_client.post(support_url(case), form_data())
    page = worker_client.get(response["Location"])
    html = page.content.decode()

    assert response.status_code == 302
    assert response["Location"].endswith("/goals/#direct-support")
    assert DirectSupport.objects.get().minutes == 50
    assert "Direct support recorded." in html
    assert "Council housing form" in html
    assert "Housing application or repair" in html
    assert not EXTERNAL_REFERENCE.search(html)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"minutes": "700"}, "Time spent must be between 1 and 600 minutes"),
        ({"minutes": "lots"}, "Time spent must be a number of minutes"),
        ({"provided_on_year": str(TODAY().year + 1)}, "must be today or in the past"),
        ({"category": ""}, "Choose what kind of help you gave"),
    ],
)
def test_help_with_problems_is_shown_again_and_nothing_is_recorded(case, worker_client, overrides, message):
    response = worker_client.post(support_url(case), form_data(**overrides))
    html = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert not DirectSupport.objects.exists()


def test_only_the_cases_workers_may_record_help(case, client, world):
    sign_in(
        client,
        make_user("link_worker_2", organisation=world.organisations["provider_a"], role=Role.LINK_WORKER),
    )

    assert client.post(support_url(case), form_data()).status_code == 403
    assert not DirectSupport.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"), [("link_worker_b", 404), ("referrer", 403), ("commissioner", 403)]
)
def test_people_outside_the_case_cannot_record_help(case, client, world, user, status):
    sign_in(client, world.users[user])

    assert client.post(support_url(case), form_data()).status_code == status
    assert not DirectSupport.objects.exists()


def test_the_support_list_runs_the_same_queries_for_few_or_many_records(case, worker, worker_client):
    goals_url = reverse("casework:goals", kwargs={"case_id": case.pk})
    for category in ("benefits", "housing"):
        record(case, worker, category=category)
    with CaptureQueriesContext(connection) as few:
        worker_client.get(goals_url)
    for number in range(18):
        record(case, worker, category=["debt", "grants", "practical"][number % 3], minutes=number + 1)
    with CaptureQueriesContext(connection) as many:
        worker_client.get(goals_url)

    assert len(many) == len(few)
