"""Reports read from the reporting database (a read replica when one is configured); the audit event of
each read is written to the primary. The test settings make "reporting" a second connection to the test
database, so the tests see which queries go where; transactional, as that connection cannot see the rows
of another's open transaction.
"""

import runpy

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.config.settings import base
from linkwork.reporting.evaluation.extract import extract_response
from linkwork.reporting.evaluation.selectors import outcome_report, report_criteria
from linkwork.reporting.evaluation.tables import outcome_tables
from linkwork.reporting.operations.criteria import dashboard_criteria
from linkwork.reporting.operations.selectors import (
    equity_dashboard,
    operations_dashboard,
    unmet_need_dashboard,
)
from linkwork.reporting.scope import reporting_database
from linkwork.testing.factories import actor_for

from .conftest import HEALTH, stories
from .dashboard_helpers import Journey, live, send_onward, vcse_services

WRITES = ("INSERT", "UPDATE", "DELETE")
# What writing an audit event runs besides its own table's queries (core.audit_chain).
AUDIT_TRANSACTION = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "SELECT pg_advisory_xact_lock")


def base_settings(monkeypatch, reporting_url=None):
    if reporting_url:
        monkeypatch.setenv("LINKWORK_REPORTING_DATABASE_URL", reporting_url)
    else:
        monkeypatch.delenv("LINKWORK_REPORTING_DATABASE_URL", raising=False)
    return runpy.run_path(base.__file__)


def test_without_a_reporting_url_reports_read_from_default(monkeypatch):
    settings = base_settings(monkeypatch)

    assert settings["LINKWORK_REPORTING_DATABASE"] == "default"
    assert list(settings["DATABASES"]) == ["default"]
    assert reporting_database() == "default"


def test_a_reporting_url_adds_an_alias_set_up_as_default_is(monkeypatch):
    settings = base_settings(monkeypatch, "postgres://reader:secret@replica.example:5432/linkwork")

    reporting = settings["DATABASES"]["reporting"]
    assert settings["LINKWORK_REPORTING_DATABASE"] == "reporting"
    assert (reporting["HOST"], reporting["USER"], reporting["NAME"]) == (
        "replica.example",
        "reader",
        "linkwork",
    )
    for name in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        assert reporting[name] == settings["DATABASES"]["default"][name]


@pytest.fixture
def reports(world, scheme, tell, case_actors, instruments):
    """Every report over one scheme's cases, sessions, onward referrals and measures, as functions."""
    cases = live(world, scheme, case_actors, [Journey(to_contact=n, missed=n % 2) for n in range(6)])
    walking, debt = vcse_services(world)
    send_onward(cases[0], walking, case_actors, world, answer="accepted", days_to_answer=2)
    send_onward(cases[1], debt, case_actors, world, answer="rejected", decline_reason="no_capacity")
    tell(stories(6))
    commissioner = actor_for(
        world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER
    )
    team_lead = case_actors["team_lead"]

    def dashboard(read, actor=commissioner, **more):
        criteria = dashboard_criteria(actor=actor, scheme_slug=scheme.slug)
        return read(actor=actor, criteria=criteria, channel="page", **more).tables

    def outcomes():
        criteria = report_criteria(actor=commissioner, scheme_slug=scheme.slug, instrument_code=HEALTH)
        return outcome_tables(outcome_report(actor=commissioner, criteria=criteria, channel="api"))

    def extract():
        criteria = report_criteria(actor=team_lead, scheme_slug=scheme.slug, instrument_code=HEALTH)
        return extract_response(actor=team_lead, criteria=criteria, key="k", filename="x").content

    return {
        "operations": lambda: dashboard(operations_dashboard),
        "operations for a team lead": lambda: dashboard(operations_dashboard, actor=team_lead),
        "equity": lambda: dashboard(equity_dashboard, instrument=instruments[HEALTH]),
        "unmet need": lambda: dashboard(unmet_need_dashboard),
        "outcomes": outcomes,
        "extract": extract,
    }


@pytest.mark.django_db(transaction=True, databases=["default", "reporting"])
def test_reports_read_from_the_reporting_database_and_audit_on_default(reports):
    for name, read in reports.items():
        expected = read()
        with (
            override_settings(LINKWORK_REPORTING_DATABASE="reporting"),
            CaptureQueriesContext(connections["reporting"]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            figures = read()

        assert figures == expected, name
        assert replica.captured_queries, name
        assert not [executed for executed in replica if executed["sql"].startswith(WRITES)], name
        audit = [
            executed for executed in primary if executed["sql"].startswith('INSERT INTO "core_auditevent"')
        ]
        assert len(audit) == 1, name
        assert all(
            "core_audit" in executed["sql"] or executed["sql"].startswith(AUDIT_TRANSACTION)
            for executed in primary
        ), name


@pytest.mark.django_db(transaction=True, databases=["default", "reporting"])
def test_pages_downloads_and_the_api_answer_the_same_from_the_reporting_database(
    client, login, world, scheme, tell, token_for
):
    tell(stories(6))
    outcomes = {"scheme": scheme.slug, "instrument": HEALTH}
    token = {"HTTP_AUTHORIZATION": f"Bearer {token_for('commissioner')}"}
    requests = [
        ("commissioner", "reporting:operations", {"scheme": scheme.slug}),
        ("commissioner", "reporting:equity", {"scheme": scheme.slug, "instrument": HEALTH}),
        ("commissioner", "reporting:unmet_need", {}),
        ("commissioner", "reporting:outcomes", outcomes),
        ("commissioner", "reporting:operations_export", {"format": "csv", "table": "by_source"}),
        ("commissioner", "reporting:operations_export", {"format": "xlsx"}),
        ("commissioner", "reporting:equity_export", {"format": "csv", "table": "equity"}),
        ("commissioner", "reporting:unmet_need_export", {"format": "csv", "table": "needs"}),
        ("commissioner", "reporting:outcomes_export", {**outcomes, "format": "csv", "table": "change"}),
        ("commissioner", "reporting:outcomes_pdf", outcomes),
        ("commissioner", "api:reports_outcomes", outcomes),
        ("team_lead", "reporting:outcomes_extract", {**outcomes, "key": "k"}),
    ]
    for username, name, query in requests:
        url = reverse(name)
        login(world.users[username])
        expected = client.get(url, query, **token)
        with (
            override_settings(LINKWORK_REPORTING_DATABASE="reporting"),
            CaptureQueriesContext(connections["reporting"]) as replica,
        ):
            response = client.get(url, query, **token)

        assert response.status_code == expected.status_code == 200, url
        assert replica.captured_queries, url
        assert not [executed for executed in replica if executed["sql"].startswith(WRITES)], url
        if response["Content-Type"].startswith(("text/csv", "application/json")):
            assert response.content == expected.content, url
