import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.casework.models import Case, Contact
from linkwork.casework.selectors.team import dependency_signals
from linkwork.core.models import AuditEvent
from linkwork.core.tests.test_pages import EXTERNAL_REFERENCE
from linkwork.schemes.models import Scheme
from linkwork.testing.auth import sign_in
from linkwork.testing.cases import open_case_for
from linkwork.testing.factories import actor_for, make_user

DEPENDENCY = reverse("casework:dependency")


def add_contacts(case, count, *, days_ago=1, attendance="attended"):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Contact.objects.bulk_create(
        Contact(
            case=case,
            occurs_at=when,
            mode="phone",
            place="remote",
            attendance=attendance,
            recorded_by=case.link_worker,
        )
        for _ in range(count)
    )


def opened_weeks_ago(case, weeks):
    Case.objects.filter(pk=case.pk).update(
        opened_at=timezone.now() - datetime.timedelta(weeks=weeks, hours=1)
    )


@pytest.fixture
def new_case(world, wellbeing, case_actors):
    names = iter(range(1000))

    def _new_case():
        return open_case_for(
            world, wellbeing, case_actors, given_name=f"Dee{next(names)}", family_name="Pendent"
        )

    return _new_case


def rows_by_case(actor):
    return {row.case.pk: row for row in dependency_signals(actor=actor)}


def test_each_signal_is_raised_by_its_own_rule(new_case, case_actors):
    busy, long_open, capped, quiet = new_case(), new_case(), new_case(), new_case()
    add_contacts(busy, 7, attendance="did_not_attend")
    opened_weeks_ago(long_open, 27)
    add_contacts(capped, 6, days_ago=40)
    add_contacts(quiet, 6, attendance="did_not_attend")  # six in four weeks is not more than six

    rows = rows_by_case(case_actors["team_lead"])

    assert rows[busy.pk].signals == ["7 contacts in the last 4 weeks"]
    assert rows[long_open.pk].signals == ["Open longer than 26 weeks"]
    assert rows[capped.pk].signals == ["6 of 6 sessions used"]
    assert rows[quiet.pk].signals == []
    assert [row.case.pk for row in dependency_signals(actor=case_actors["team_lead"])][-1] == quiet.pk


def test_the_schemes_own_time_limit_is_used_where_it_has_one(wellbeing, new_case, case_actors):
    Scheme.objects.filter(pk=wellbeing.pk).update(duration_cap_weeks=12)
    within, beyond = new_case(), new_case()
    opened_weeks_ago(within, 12)
    opened_weeks_ago(beyond, 13)

    rows = rows_by_case(case_actors["team_lead"])

    assert (rows[within.pk].duration_cap, rows[within.pk].signals) == (12, [])
    assert rows[beyond.pk].signals == ["Open longer than 12 weeks"]


def test_contact_counts_leave_out_cancelled_and_future_contacts(new_case, case_actors):
    case = new_case()
    opened_weeks_ago(case, 13)  # about three months
    add_contacts(case, 3, days_ago=60)
    add_contacts(case, 2, days_ago=3, attendance="did_not_attend")
    add_contacts(case, 4, days_ago=3, attendance="cancelled")
    add_contacts(case, 2, days_ago=-7, attendance="booked")

    row = rows_by_case(case_actors["team_lead"])[case.pk]

    assert (row.contacts, row.recent_contacts, row.sessions, row.weeks_open) == (5, 2, 3, 13)
    assert row.contacts_per_month == 1.7
    assert row.last_contact.date() == (timezone.now() - datetime.timedelta(days=3)).date()


def test_only_the_teams_open_cases_are_listed_and_the_read_is_audited(world, new_case, case_actors):
    open_case, closed = new_case(), new_case()
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    lead_b = actor_for(
        make_user("lead_b", organisation=world.organisations["provider_b"], role=Role.TEAM_LEAD),
        world.organisations["provider_b"],
        Role.TEAM_LEAD,
    )

    assert list(rows_by_case(case_actors["team_lead"])) == [open_case.pk]
    assert dependency_signals(actor=lead_b) == []
    event = AuditEvent.objects.filter(action="case.dependency_list", actor=world.users["team_lead"]).get()
    assert event.details == {"cases": [str(open_case.pk)]}


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("team_lead", 200),
        ("link_worker", 403),
        ("referrer", 403),
        ("vcse_coordinator", 403),
        ("commissioner", 403),
        ("administrator", 403),
    ],
)
def test_only_team_leads_see_dependency_signals(client, world, user, status):
    sign_in(client, world.users[user])

    assert client.get(DEPENDENCY).status_code == status


def test_the_page_shows_each_case_and_its_signals_with_the_same_queries_for_2_or_20_cases(
    client, new_case, case_actors
):
    sign_in(client, case_actors["team_lead"].user)

    def add_cases(count):
        for _ in range(count):
            add_contacts(new_case(), 7)

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(DEPENDENCY)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        return response.content.decode(), len(queries)

    add_cases(2)
    html, few = page()
    add_cases(18)
    html, many = page()

    assert many == few
    assert "20 of 20 open cases with a signal." in html
    assert html.count("7 contacts in the last 4 weeks") == 20
    assert "Dee19 Pendent" in html
    assert not EXTERNAL_REFERENCE.search(html)
