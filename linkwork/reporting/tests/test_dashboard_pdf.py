"""A dashboard as a printable PDF (issue 20, point 4), and rates rounded as a person would round them."""

import datetime

import pytest
from django.urls import reverse
from markupsafe import escape

from linkwork.accounts.models import Role
from linkwork.casework.models import Case
from linkwork.core.models import AuditEvent
from linkwork.reporting.evaluation.tables import NUMBER, Column, Table
from linkwork.reporting.operations.forms import DashboardForm
from linkwork.reporting.operations.pdf import dashboard_html
from linkwork.reporting.operations.selectors import operations_dashboard
from linkwork.reporting.rounding import half_up
from linkwork.testing.factories import actor_for

from .dashboard_helpers import Journey, live

pytestmark = pytest.mark.django_db

PDFS = ["reporting:operations_pdf", "reporting:equity_pdf", "reporting:unmet_need_pdf"]


def commissioner(world):
    return actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)


@pytest.mark.parametrize("name", PDFS)
def test_a_commissioner_downloads_a_dashboard_as_a_pdf_for_a_period(name, login, world, scheme, case_actors):
    """WeasyPrint renders a real PDF (about a second)."""
    live(world, scheme, case_actors, [Journey(days_ago=20)] * 6)

    response = login(world.users["commissioner"]).get(reverse(name), {"period": "last_quarter"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response.content.startswith(b"%PDF")
    audit = AuditEvent.objects.latest("id")
    assert audit.details["channel"] == "pdf"
    assert audit.details["from"]
    assert audit.details["to"]


def test_the_pdf_carries_the_period_every_table_and_the_methods_with_small_counts_hidden(
    world, scheme, case_actors, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 1, 15, 12, 0), tick=False)
    live(world, scheme, case_actors, [Journey(days_ago=100, to_contact=1)] * 3)
    form = DashboardForm({"period": "last_quarter"}, actor=commissioner(world))
    assert form.is_valid()
    dashboard = operations_dashboard(
        actor=commissioner(world), criteria=form.cleaned_data["criteria"], channel="pdf"
    )

    html = dashboard_html(dashboard=dashboard, title="Operational dashboard", period=form.period_described())

    assert "Last quarter (1 October to 31 December 2026)" in html
    for table in dashboard.tables:
        assert f"<caption>{table.title}</caption>" in html
    assert escape(dashboard.methods[0]) in html
    assert "&lt;5" in html
    assert "<td>3</td>" not in html


def test_a_pdf_asked_for_with_a_bad_choice_goes_back_to_the_page_and_says_why(login, world):
    response = login(world.users["commissioner"]).get(
        reverse("reporting:operations_pdf"), {"period": "last_century"}, follow=True
    )

    assert response.redirect_chain[0][0].startswith(reverse("reporting:operations"))
    assert "then download again" in response.text
    assert "Choose a period from the list" in response.text
    assert not AuditEvent.objects.filter(action="report.operations").exists()


def test_the_dashboard_links_to_its_pdf_with_the_same_choices(login, world):
    page = login(world.users["commissioner"]).get(reverse("reporting:operations"), {"period": "last_month"})

    assert f'href="{reverse("reporting:operations_pdf")}?period=last_month"' in page.text


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (8 / 3, 2, 2.67),
        (2.675, 2, 2.68),
        (0.625, 2, 0.63),
        (6.25, 1, 6.3),
        (-0.125, 2, -0.13),
        (None, 1, None),
    ],
)
def test_halves_round_up_from_the_decimal_value(value, places, shown):
    assert half_up(value, places) == shown


def test_eight_open_cases_for_three_link_workers_are_two_point_six_seven_each(world, scheme, case_actors):
    cases = live(world, scheme, case_actors, [Journey()] * 8)
    workers = [world.users["link_worker"], world.users["team_lead"], world.users["link_worker_b"]]
    for number, case in enumerate(cases):
        Case.objects.filter(pk=case.pk).update(link_worker=workers[number % 3])
    form = DashboardForm({}, actor=commissioner(world))
    assert form.is_valid()

    dashboard = operations_dashboard(
        actor=commissioner(world), criteria=form.cleaned_data["criteria"], channel="t"
    )

    caseload = next(table for table in dashboard.tables if table.key == "caseload")
    assert caseload.rows[0]["per_worker"] == 2.67
    assert caseload.display_rows()[0][-1] == "2.67"


def test_a_number_is_shown_with_the_places_it_was_rounded_to():
    table = Table(
        "t",
        "Waits",
        [Column("median", "Median (days)", NUMBER, decimals=1), Column("mean", "Mean change", NUMBER)],
        [{"median": 3.5, "mean": 0.5}],
    )

    assert table.display_rows() == [["3.5", "0.50"]]
