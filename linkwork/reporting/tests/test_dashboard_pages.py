"""The dashboard pages and downloads: who may open them, filters and their errors, downloads and
their audit, and no person-level detail for anyone."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from linkwork.accounts.models import Role
from linkwork.core.models import AuditEvent
from linkwork.people.models import Person

from .dashboard_helpers import Journey, live, team_lead_of_provider_b

pytestmark = pytest.mark.django_db

PAGES = ["reporting:operations", "reporting:equity", "reporting:unmet_need"]
DOWNLOADS = ["reporting:operations_export", "reporting:equity_export", "reporting:unmet_need_export"]
SENTINEL = "Zebedee-Sentinel"


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.TEAM_LEAD])
def test_commissioners_and_team_leads_open_each_dashboard(name, role, login, world, scheme, case_actors):
    live(world, scheme, case_actors, [Journey()] * 2)

    page = login(world.users[role]).get(reverse(name))

    assert page.status_code == 200
    assert "How these figures are worked out" in page.text
    assert "Operational dashboard" in page.text
    assert "Unmet need" in page.text


@pytest.mark.parametrize("name", PAGES + DOWNLOADS)
@pytest.mark.parametrize("role", [Role.REFERRER, Role.LINK_WORKER, Role.VCSE_COORDINATOR, Role.ADMINISTRATOR])
def test_no_one_else_may_open_them(name, role, login, world):
    assert login(world.users[role]).get(reverse(name), {"format": "xlsx"}).status_code == 403


@pytest.mark.parametrize(
    "name", ["people:list", "casework:caseload", "referrals:list", "referrals:triage_queue", "onward:inbox"]
)
def test_commissioners_never_reach_person_level_pages(name, login, world):
    assert login(world.users["commissioner"]).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_no_person_level_detail_on_any_dashboard(name, login, world, scheme, case_actors):
    cases = live(world, scheme, case_actors, [Journey()] * 6)
    Person.objects.filter(pk=cases[0].person_id).update(given_name=SENTINEL, family_name=SENTINEL)

    for role in (Role.COMMISSIONER, Role.TEAM_LEAD):
        page = login(world.users[role]).get(reverse(name))
        assert SENTINEL not in page.text
        assert "LS1 4AP" not in page.text


def test_the_operations_page_shows_the_figures(login, world, scheme, case_actors):
    live(world, scheme, case_actors, [Journey(to_contact=2)] * 6)

    page = login(world.users["commissioner"]).get(reverse("reporting:operations"), {"scheme": scheme.slug})

    assert "Referrals by month" in page.text
    assert "Referral received to first contact" in page.text
    assert "Provider A" in page.text
    assert "871731000000106" in page.text


def test_a_team_lead_of_another_provider_sees_none_of_the_figures(login, world, scheme, case_actors):
    scheme.providers.add(world.organisations["provider_b"])
    live(world, scheme, case_actors, [Journey()] * 6)
    _, user = team_lead_of_provider_b(world)

    page = login(user).get(reverse("reporting:operations"), {"scheme": scheme.slug})

    assert "871731000000106" not in page.text
    assert "Provider A" not in page.text


def test_commissioners_choose_a_provider_and_team_leads_do_not(login, world, scheme):
    assert 'name="provider"' in login(world.users["commissioner"]).get(reverse("reporting:operations")).text
    assert 'name="provider"' not in login(world.users["team_lead"]).get(reverse("reporting:operations")).text


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (
            {
                "date_from_day": "10",
                "date_from_month": "5",
                "date_from_year": "2026",
                "date_to_day": "1",
                "date_to_month": "5",
                "date_to_year": "2026",
            },
            "The end of the period must be the same as or after its start",
        ),
        ({"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"}, "must be a real date"),
        ({"provider": "999999"}, "Choose a provider from the list"),
        ({"practice": "999999"}, "Choose a practice from the list"),
        ({"scheme": "not-a-scheme"}, "Choose a scheme from the list"),
    ],
)
def test_bad_choices_are_named_and_no_figures_shown(choices, message, login, world, scheme):
    page = login(world.users["commissioner"]).get(reverse("reporting:operations"), choices)

    assert message in page.text
    assert "There is a problem" in page.text
    assert "Referrals by month" not in page.text


def test_csv_download_of_one_table_is_audited(login, world, scheme, case_actors):
    live(world, scheme, case_actors, [Journey()] * 6)

    response = login(world.users["commissioner"]).get(
        reverse("reporting:operations_export"), {"format": "csv", "table": "by_source"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Source", "Referrals", "% of referrals"], ["GP practice", "6", "100.0"]]
    event = AuditEvent.objects.filter(action="report.operations").latest("id")
    assert event.details["channel"] == "csv:by_source"


def test_xlsx_download_has_every_table_suppressed_and_the_methods(login, world, scheme, case_actors):
    live(world, scheme, case_actors, [Journey()] * 2)

    response = login(world.users["commissioner"]).get(
        reverse("reporting:unmet_need_export"), {"format": "xlsx"}
    )

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[-1] == "Methods"
    needs = workbook[workbook.sheetnames[0]]
    loneliness = next(row for row in needs.iter_rows(values_only=True) if row[0] == "Loneliness or isolation")
    assert loneliness[1] == "<5"
    assert AuditEvent.objects.filter(action="report.unmet_need", details__channel="xlsx:").exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"format": "csv"}, "Choose a table to download as CSV"),
        ({"format": "csv", "table": "nonsense"}, "There is no table called"),
        ({"format": "xlsx", "provider": "999999"}, "then download again"),
    ],
)
def test_bad_downloads_go_back_with_a_message_and_are_not_audited(query, message, login, world, scheme):
    client = login(world.users["commissioner"])

    response = client.get(reverse("reporting:operations_export"), query, follow=True)

    assert message in response.text
    assert not AuditEvent.objects.filter(
        action="report.operations", details__channel__startswith="csv"
    ).exists()
