"""The Reports page and downloads: who may use them, what they show, bad input, fixed query counts."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from linkwork.accounts.models import Role
from linkwork.people.models import Person
from linkwork.testing.auth import sign_in

from .conftest import HEALTH, choices, stories

pytestmark = pytest.mark.django_db

PAGE = reverse("reporting:outcomes")
DOWNLOAD = reverse("reporting:outcomes_export")
SENTINEL_NAME = "Zebedee-Sentinel"
SENTINEL_NHS_NUMBER = "9434765919"


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.TEAM_LEAD])
def test_commissioners_and_team_leads_see_the_report(role, client, world, scheme, tell):
    tell(stories(6))
    sign_in(client, world.users[role])

    page = client.get(PAGE, choices(scheme))

    assert page.status_code == 200
    assert "Change from baseline to latest follow-up" in page.text
    assert "Paired t-test" in page.text or "paired t-test" in page.text
    assert "Reports" in page.text  # the navigation item


@pytest.mark.parametrize("role", [Role.REFERRER, Role.LINK_WORKER, Role.VCSE_COORDINATOR, Role.ADMINISTRATOR])
def test_no_one_else_may_open_reports(role, client, world, scheme):
    sign_in(client, world.users[role])

    assert client.get(PAGE, choices(scheme)).status_code == 403
    assert client.get(DOWNLOAD, choices(scheme, format="xlsx")).status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(client, scheme):
    response = client.get(PAGE, choices(scheme))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_another_providers_team_lead_cannot_report_on_the_scheme(client, world, scheme, tell):
    tell(stories(6))
    other = world.users["link_worker_b"]
    other.memberships.update(role=Role.TEAM_LEAD)
    sign_in(client, other)

    page = client.get(PAGE, choices(scheme))

    assert "Choose a scheme from the list" in page.text
    assert "Change from baseline" not in page.text


def test_the_report_shows_no_person_level_detail(client, world, scheme, tell):
    cases = tell(stories(6))
    Person.objects.filter(pk=cases[0].person_id).update(
        given_name=SENTINEL_NAME, family_name=SENTINEL_NAME, nhs_number=SENTINEL_NHS_NUMBER
    )
    sign_in(client, world.users["commissioner"])

    page = client.get(PAGE, choices(scheme)).text
    workbook = client.get(DOWNLOAD, choices(scheme, format="xlsx")).content
    table = client.get(DOWNLOAD, choices(scheme, format="csv", table="subgroups")).text

    for output in (page, table, workbook.decode("latin-1")):
        assert SENTINEL_NAME not in output
        assert SENTINEL_NHS_NUMBER not in output
        assert str(cases[0].pk) not in output
        assert str(cases[0].person.pk) not in output


def test_bad_choices_get_a_clear_message(client, world, scheme, instruments):
    sign_in(client, world.users["commissioner"])

    unknown = client.get(PAGE, {"scheme": "no-such-scheme", "instrument": "x" * 5000})
    bad_date = client.get(
        PAGE, choices(scheme, opened_from_day="31", opened_from_month="2", opened_from_year="2026")
    )
    backwards = client.get(
        PAGE,
        choices(
            scheme,
            opened_from_day="2",
            opened_from_month="3",
            opened_from_year="2026",
            opened_to_day="1",
            opened_to_month="3",
            opened_to_year="2026",
        ),
    )

    assert unknown.status_code == 200
    assert "Choose a scheme from the list" in unknown.text
    assert "Choose an outcome measure from the list" in unknown.text
    assert "no-such-scheme" not in unknown.text  # what was typed is not echoed back
    assert "x" * 5000 not in unknown.text
    assert "Change from baseline" not in unknown.text
    assert "Cases opened from must be a real date" in bad_date.text
    assert "The end of the period must be the same as or after its start" in backwards.text


def test_the_scale_list_follows_the_measure_and_an_unknown_scale_is_refused(
    client, world, scheme, instruments
):
    sign_in(client, world.users["commissioner"])

    page = client.get(PAGE, {"scheme": scheme.slug, "instrument": "ons4", "scale": "nonsense"})

    assert "Choose a scale of the outcome measure from the list" in page.text
    assert "Life satisfaction" in page.text or "satisfied" in page.text


def test_csv_download_carries_the_tables_figures(client, world, scheme, tell):
    tell(stories(8))
    sign_in(client, world.users["commissioner"])

    response = client.get(DOWNLOAD, choices(scheme, format="csv", table="change"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Scale", "Pairs", "Baseline mean"]
    assert rows[1][:2] == ["Health today", "8"]
    baseline = [40 + n % 7 for n in range(8)]
    assert float(rows[1][2]) == pytest.approx(sum(baseline) / 8, abs=0.01)


def test_xlsx_download_has_a_sheet_per_table_and_the_methods(client, world, scheme, tell):
    tell(stories(6))
    sign_in(client, world.users["commissioner"])

    response = client.get(DOWNLOAD, choices(scheme, format="xlsx"))

    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 9
    assert workbook.sheetnames[-1] == "Methods"
    assert "Difference in mean change betwe" in workbook.sheetnames
    assert "Mean change allowing for people" in workbook.sheetnames
    change = workbook[workbook.sheetnames[0]]
    assert change["A2"].value == "Health today"
    assert change["B2"].value == 6
    assert "Welch" in " ".join(str(cell.value) for cell in workbook["Methods"]["A"])


def test_a_download_without_a_table_or_with_bad_choices_goes_back_with_a_message(
    client, world, scheme, instruments
):
    sign_in(client, world.users["commissioner"])

    no_table = client.get(DOWNLOAD, choices(scheme, format="csv"), follow=True)
    bad_scheme = client.get(DOWNLOAD, {"scheme": "nope", "instrument": HEALTH, "format": "xlsx"}, follow=True)

    assert "Choose a table to download as CSV" in no_table.text
    assert "choices, then download again" in bad_scheme.text


def test_the_report_costs_the_same_queries_for_few_or_many_cases(client, world, scheme, tell):
    sign_in(client, world.users["commissioner"])
    tell(stories(5), family_name="Few")
    client.get(PAGE, choices(scheme))  # warm the session and the instrument
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE, choices(scheme))
    tell(stories(25), family_name="Many")
    with CaptureQueriesContext(connection) as many:
        page = client.get(PAGE, choices(scheme))

    assert ">30<" in page.text
    assert len(many) == len(few)
