import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.casework.models import Case, RiskFlag
from linkwork.casework.selectors.risk import timeline_entries
from linkwork.casework.services.risk import risk_flag_clear, risk_flag_escalate, risk_flag_raise
from linkwork.core.errors import DomainError
from linkwork.core.models import AuditEvent
from linkwork.core.tests.test_pages import EXTERNAL_REFERENCE
from linkwork.testing.auth import sign_in
from linkwork.testing.cases import open_case_for
from linkwork.testing.concurrency import run_at_once
from linkwork.testing.factories import actor_for, make_user

BANNER = "Risk: read before contact"


def raise_flag(actor, case, kind="lone_working", description="Dog at the address; visit in pairs"):
    return risk_flag_raise(by=actor, case=case, kind=kind, description=description)


def risk_url(case, name="casework:risk", **extra):
    return reverse(name, kwargs={"case_id": case.pk, **extra})


@pytest.fixture
def colleague(world):
    """A link worker of the same provider who is not on the case."""
    user = make_user("colleague", organisation=world.organisations["provider_a"], role=Role.LINK_WORKER)
    return actor_for(user, world.organisations["provider_a"], Role.LINK_WORKER)


# Services


def test_raising_a_flag_records_who_and_when_and_is_audited(open_case, case_actors, world):
    flag = raise_flag(case_actors["link_worker"], open_case)

    assert (flag.kind, flag.raised_by) == ("lone_working", world.users["link_worker"])
    assert flag.raised_at is not None
    assert AuditEvent.objects.filter(
        action="risk.raise", object_id=str(flag.pk), person_id=open_case.person_id
    ).exists()


@pytest.mark.parametrize(
    ("kind", "description", "message"),
    [("lone_working", "   ", "Describe the risk"), ("made_up", "Something", "Choose the kind of risk")],
)
def test_a_flag_needs_a_kind_and_a_description_and_nothing_is_written(
    open_case, case_actors, kind, description, message
):
    with pytest.raises(DomainError, match=message):
        raise_flag(case_actors["link_worker"], open_case, kind=kind, description=description)

    assert not RiskFlag.objects.exists()
    assert not AuditEvent.objects.filter(action="risk.raise").exists()


def test_the_same_kind_twice_is_refused_but_the_same_form_twice_gives_one_flag(open_case, case_actors):
    first = raise_flag(case_actors["link_worker"], open_case)

    again = raise_flag(case_actors["link_worker"], open_case)
    with pytest.raises(DomainError, match="already raised on this case; add an escalation instead"):
        raise_flag(case_actors["team_lead"], open_case, description="Neighbour reports shouting")

    assert again.pk == first.pk
    assert RiskFlag.objects.count() == 1
    assert AuditEvent.objects.filter(action="risk.raise").count() == 1


def test_a_kind_can_be_raised_again_once_the_first_is_cleared(open_case, case_actors):
    first = raise_flag(case_actors["link_worker"], open_case)
    risk_flag_clear(by=case_actors["link_worker"], flag=first, reason="Dog rehomed")

    second = raise_flag(case_actors["link_worker"], open_case, description="New partner at the address")

    assert second.pk != first.pk


@pytest.mark.django_db(transaction=True)
def test_two_people_raising_the_same_kind_at_once_make_one_flag(world, wellbeing, case_actors):
    case = open_case_for(world, wellbeing, case_actors)

    results, errors = run_at_once(
        lambda: raise_flag(case_actors["link_worker"], case, description="Said they feel hopeless"),
        lambda: raise_flag(case_actors["team_lead"], case, description="GP worried about low mood"),
    )

    assert len(results) == 1
    assert [type(error) for error in errors] == [DomainError]
    assert RiskFlag.objects.count() == 1


def test_escalations_record_to_whom_what_they_said_and_when(open_case, case_actors):
    flag = raise_flag(
        case_actors["link_worker"],
        open_case,
        kind="safeguarding_adult",
        description="Possible financial abuse",
    )

    risk_flag_escalate(
        by=case_actors["link_worker"],
        flag=flag,
        escalated_to="Sam, safeguarding lead",
        response="Will call\nadult social care",
    )
    flag = risk_flag_escalate(
        by=case_actors["team_lead"], flag=flag, escalated_to="Adult social care duty team"
    )

    lines = flag.escalated_to.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Sam, safeguarding lead (")
    assert lines[0].endswith("): Will call adult social care")
    assert lines[1].startswith("Adult social care duty team (")
    assert flag.escalated_at is not None
    assert AuditEvent.objects.filter(action="risk.escalate", object_id=str(flag.pk)).count() == 2


def test_an_escalation_needs_to_whom_and_changes_nothing_without_it(open_case, case_actors):
    flag = raise_flag(case_actors["link_worker"], open_case)

    with pytest.raises(DomainError, match="Say who you escalated it to"):
        risk_flag_escalate(by=case_actors["link_worker"], flag=flag, escalated_to="  ", response="Nothing")

    flag.refresh_from_db()
    assert (flag.escalated_to, flag.escalated_at) == ("", None)


def test_clearing_without_a_reason_is_refused_and_changes_nothing(open_case, case_actors):
    flag = raise_flag(case_actors["link_worker"], open_case)

    with pytest.raises(DomainError, match="Give a reason for clearing this flag"):
        risk_flag_clear(by=case_actors["link_worker"], flag=flag, reason="  ")

    flag.refresh_from_db()
    assert (flag.cleared_at, flag.cleared_by, flag.clear_reason) == (None, None, "")
    assert not AuditEvent.objects.filter(action="risk.clear").exists()


def test_clearing_with_a_reason_keeps_the_flag_in_the_history(open_case, case_actors, world):
    flag = raise_flag(case_actors["link_worker"], open_case)

    flag = risk_flag_clear(
        by=case_actors["team_lead"], flag=flag, reason="Visits now at the community centre"
    )

    assert (flag.cleared_by, flag.clear_reason) == (
        world.users["team_lead"],
        "Visits now at the community centre",
    )
    assert not RiskFlag.objects.filter(case=open_case).raised().exists()
    assert AuditEvent.objects.filter(action="risk.clear", object_id=str(flag.pk)).exists()
    with pytest.raises(DomainError, match="already been cleared"):
        risk_flag_clear(by=case_actors["link_worker"], flag=flag, reason="Another reason")
    with pytest.raises(DomainError, match="already been cleared"):
        risk_flag_escalate(by=case_actors["link_worker"], flag=flag, escalated_to="Safeguarding lead")


def test_only_the_cases_workers_or_a_team_lead_may_change_its_flags(open_case, case_actors, colleague):
    flag = raise_flag(case_actors["team_lead"], open_case)

    for attempt in (
        lambda: raise_flag(colleague, open_case, kind="risk_to_self"),
        lambda: risk_flag_escalate(by=colleague, flag=flag, escalated_to="Safeguarding lead"),
        lambda: risk_flag_clear(by=colleague, flag=flag, reason="Not needed"),
        lambda: raise_flag(case_actors["link_worker_b"], open_case, kind="risk_to_self"),
    ):
        with pytest.raises(DomainError, match="Only the case's link workers or a team lead"):
            attempt()
    assert RiskFlag.objects.get().cleared_at is None


def test_a_closed_cases_flags_cannot_be_changed(open_case, case_actors):
    flag = raise_flag(case_actors["link_worker"], open_case)
    Case.objects.filter(pk=open_case.pk).update(status=Case.Status.CLOSED)

    with pytest.raises(DomainError, match="This case is closed"):
        risk_flag_clear(by=case_actors["link_worker"], flag=flag, reason="Discharged")


def test_the_timeline_shows_raising_escalating_and_clearing_in_one_query(open_case, case_actors):
    flag = raise_flag(case_actors["link_worker"], open_case)
    risk_flag_escalate(by=case_actors["link_worker"], flag=flag, escalated_to="Team lead")
    risk_flag_clear(by=case_actors["link_worker"], flag=flag, reason="Dog rehomed")
    raise_flag(case_actors["link_worker"], open_case, kind="risk_to_self", description="Low mood")

    with CaptureQueriesContext(connection) as queries:
        entries = timeline_entries(open_case)

    assert len(queries) == 1
    assert [entry.title for entry in sorted(entries, key=lambda entry: entry.at)] == [
        "Risk flag raised: Lone-working risk for home visits",
        "Escalated: Lone-working risk for home visits",
        "Risk flag cleared: Lone-working risk for home visits",
        "Risk flag raised: Risk to self",
    ]


# Pages


@pytest.fixture
def worker_client(client, world):
    sign_in(client, world.users["link_worker"])
    return client


def test_the_banner_shows_on_case_pages_after_raising_and_goes_after_clearing(worker_client, open_case):
    assert BANNER not in worker_client.get(risk_url(open_case)).content.decode()

    response = worker_client.post(
        risk_url(open_case), {"kind": "risk_to_others", "description": "Threatened a neighbour"}, follow=True
    )
    html = response.content.decode()
    assert BANNER in html
    assert "Threatened a neighbour" in html
    assert "Risk to others flag raised" in html

    flag = RiskFlag.objects.get()
    response = worker_client.post(
        risk_url(open_case, "casework:risk_clear", flag_id=flag.pk),
        {f"clear-{flag.pk}-reason": "Police spoke to both; no further concerns"},
        follow=True,
    )
    html = response.content.decode()
    assert BANNER not in html
    assert "Police spoke to both; no further concerns" in html  # in the cleared flags' history


def test_clearing_without_a_reason_on_the_page_shows_the_message_and_keeps_the_banner(
    worker_client, open_case, case_actors
):
    flag = raise_flag(case_actors["link_worker"], open_case)

    response = worker_client.post(
        risk_url(open_case, "casework:risk_clear", flag_id=flag.pk), {f"clear-{flag.pk}-reason": ""}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Give a reason for clearing this flag" in html
    assert BANNER in html
    assert RiskFlag.objects.get().cleared_at is None


def test_raising_a_second_flag_of_a_kind_on_the_page_says_to_escalate(worker_client, open_case, case_actors):
    raise_flag(case_actors["link_worker"], open_case)

    response = worker_client.post(
        risk_url(open_case), {"kind": "lone_working", "description": "Another worry"}
    )

    assert "add an escalation instead" in response.content.decode()
    assert RiskFlag.objects.count() == 1


def test_an_escalation_from_the_page_shows_in_the_flags_history(worker_client, open_case, case_actors):
    flag = raise_flag(case_actors["link_worker"], open_case)

    response = worker_client.post(
        risk_url(open_case, "casework:risk_escalate", flag_id=flag.pk),
        {
            f"escalate-{flag.pk}-escalated_to": "Jo, safeguarding lead",
            f"escalate-{flag.pk}-response": "Visit in pairs",
        },
        follow=True,
    )

    escalations = response.content.decode().split("Escalations")[1]
    assert "Jo, safeguarding lead (" in escalations
    assert "): Visit in pairs" in escalations


def test_a_flag_of_another_case_is_not_found(worker_client, world, wellbeing, case_actors, open_case):
    other = open_case_for(world, wellbeing, case_actors, given_name="Otto", family_name="Other")
    flag = raise_flag(case_actors["link_worker"], other)

    response = worker_client.post(
        risk_url(open_case, "casework:risk_clear", flag_id=flag.pk), {f"clear-{flag.pk}-reason": "Wrong case"}
    )

    assert response.status_code == 404
    assert RiskFlag.objects.get().cleared_at is None


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
def test_who_may_see_the_risk_page(client, world, open_case, user, status):
    sign_in(client, world.users[user])

    assert client.get(risk_url(open_case)).status_code == status


def test_a_link_worker_not_on_the_case_sees_its_flags_but_cannot_change_them(
    client, open_case, case_actors, colleague
):
    flag = raise_flag(case_actors["link_worker"], open_case)
    sign_in(client, colleague.user)

    page = client.get(risk_url(open_case)).content.decode()
    raised = client.post(risk_url(open_case), {"kind": "risk_to_self", "description": "Low mood"})
    cleared = client.post(
        risk_url(open_case, "casework:risk_clear", flag_id=flag.pk), {f"clear-{flag.pk}-reason": "Fine"}
    )

    assert "Dog at the address" in page
    assert "Raise a flag" not in page
    assert (raised.status_code, cleared.status_code) == (403, 403)
    assert RiskFlag.objects.get().cleared_at is None


def test_the_risk_page_refers_to_nothing_outside_and_sends_no_store(worker_client, open_case, case_actors):
    raise_flag(case_actors["link_worker"], open_case)

    response = worker_client.get(risk_url(open_case))

    assert "no-store" in response["Cache-Control"]
    assert not EXTERNAL_REFERENCE.search(response.content.decode())


def test_the_risk_page_runs_the_same_queries_for_2_or_20_flags(worker_client, open_case, case_actors, world):
    def add_flags(count):
        for number in range(count):
            flag = RiskFlag.objects.create(
                case=open_case,
                kind="risk_to_self",
                description=f"Concern {number}",
                raised_by=world.users["link_worker"],
                raised_at=open_case.opened_at,
            )
            risk_flag_escalate(by=case_actors["link_worker"], flag=flag, escalated_to="Team lead")
            if number % 2:
                risk_flag_clear(by=case_actors["link_worker"], flag=flag, reason="Resolved")

    def queries_for_page():
        with CaptureQueriesContext(connection) as queries:
            assert worker_client.get(risk_url(open_case)).status_code == 200
        return len(queries)

    add_flags(2)
    few = queries_for_page()
    add_flags(18)

    assert queries_for_page() == few
