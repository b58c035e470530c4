"""Period presets: worked out from today in UK financial years, chosen in one click on every report form,
and counted on the dashboards exactly as the dates they stand for."""

import datetime

import pytest
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.core.models import AuditEvent
from linkwork.reporting.evaluation.forms import OutcomeReportForm
from linkwork.reporting.operations.forms import DashboardForm
from linkwork.reporting.periods import preset, presets
from linkwork.testing.factories import actor_for

from .dashboard_helpers import Journey, live

D = datetime.date


def dates(today):
    return {period.key: (period.start, period.end) for period in presets(today)}


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (
            D(2026, 12, 6),
            {
                "last_month": (D(2026, 11, 1), D(2026, 11, 30)),
                "last_quarter": (D(2026, 7, 1), D(2026, 9, 30)),
                "this_financial_year": (D(2026, 4, 1), D(2026, 12, 6)),
                "last_financial_year": (D(2025, 4, 1), D(2026, 3, 31)),
                "since_start": (None, None),
            },
        ),
        # January: last month and last quarter are in the calendar year before.
        (
            D(2027, 1, 15),
            {
                "last_month": (D(2026, 12, 1), D(2026, 12, 31)),
                "last_quarter": (D(2026, 10, 1), D(2026, 12, 31)),
                "this_financial_year": (D(2026, 4, 1), D(2027, 1, 15)),
                "last_financial_year": (D(2025, 4, 1), D(2026, 3, 31)),
                "since_start": (None, None),
            },
        ),
        # The last day of a financial year, then the first day of the next.
        (
            D(2027, 3, 31),
            {
                "last_month": (D(2027, 2, 1), D(2027, 2, 28)),
                "last_quarter": (D(2026, 10, 1), D(2026, 12, 31)),
                "this_financial_year": (D(2026, 4, 1), D(2027, 3, 31)),
                "last_financial_year": (D(2025, 4, 1), D(2026, 3, 31)),
                "since_start": (None, None),
            },
        ),
        (
            D(2027, 4, 1),
            {
                "last_month": (D(2027, 3, 1), D(2027, 3, 31)),
                "last_quarter": (D(2027, 1, 1), D(2027, 3, 31)),
                "this_financial_year": (D(2027, 4, 1), D(2027, 4, 1)),
                "last_financial_year": (D(2026, 4, 1), D(2027, 3, 31)),
                "since_start": (None, None),
            },
        ),
        # A leap year's February.
        (D(2028, 3, 10), {"last_month": (D(2028, 2, 1), D(2028, 2, 29))}),
    ],
)
def test_presets_follow_the_calendar_and_the_uk_financial_year(today, expected):
    worked_out = dates(today)
    assert {key: worked_out[key] for key in expected} == expected


def test_each_preset_says_its_dates_in_words():
    today = D(2026, 12, 6)
    assert preset("last_quarter", today).dates == "1 July to 30 September 2026"
    assert preset("last_financial_year", today).dates == "1 April 2025 to 31 March 2026"
    assert preset("since_start", today).dates == "Every record, from the first"
    assert preset("nonsense", today) is None


@pytest.mark.django_db
def test_a_preset_uses_todays_dates_and_ignores_dates_typed_under_another_choice(world, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 15, 12, 0), tick=False)
    commissioner = _commissioner(world)
    form = DashboardForm(
        {"period": "last_quarter", "date_from_day": "99", "date_from_month": "x", "date_from_year": "1"},
        actor=commissioner,
    )

    assert form.is_valid(), form.errors
    criteria = form.cleaned_data["criteria"]
    assert (criteria.date_from, criteria.date_to) == (D(2026, 10, 1), D(2026, 12, 31))
    assert form.period_described() == "Last quarter (1 October to 31 December 2026)"


@pytest.mark.django_db
def test_typed_dates_without_a_period_are_the_dates_chosen_as_before_presets(world):
    form = DashboardForm(
        {"date_from_day": "1", "date_from_month": "2", "date_from_year": "2026"}, actor=_commissioner(world)
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"] == "custom"
    assert (form.cleaned_data["criteria"].date_from, form.cleaned_data["criteria"].date_to) == (
        D(2026, 2, 1),
        None,
    )
    assert form.period_described() == "From 1 February 2026"


@pytest.mark.django_db
def test_dates_you_choose_are_still_checked(world):
    form = DashboardForm(
        {"period": "custom", "date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"},
        actor=_commissioner(world),
    )

    assert not form.is_valid()
    assert form.errors["date_from"] == ["Referrals received from must be a real date"]


@pytest.mark.django_db
def test_an_unknown_period_is_refused_in_plain_words(world):
    form = DashboardForm({"period": "last_century"}, actor=_commissioner(world))

    assert not form.is_valid()
    assert form.errors["period"] == ["Choose a period from the list"]


@pytest.mark.django_db
def test_nothing_chosen_means_since_the_service_began(world):
    form = DashboardForm({}, actor=_commissioner(world))

    assert form.is_valid()
    assert form.cleaned_data["period"] == "since_start"
    assert (form.cleaned_data["criteria"].date_from, form.cleaned_data["criteria"].date_to) == (None, None)


@pytest.mark.django_db
def test_the_outcome_report_takes_the_same_presets_for_when_cases_opened(
    world, scheme, instruments, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 6, 12, 0), tick=False)
    form = OutcomeReportForm(
        {"scheme": scheme.slug, "instrument": "health_today", "period": "this_financial_year"},
        actor=_commissioner(world),
    )

    assert form.is_valid(), form.errors
    criteria = form.cleaned_data["criteria"]
    assert (criteria.opened_from, criteria.opened_to) == (D(2026, 4, 1), D(2026, 12, 6))


@pytest.mark.django_db
def test_last_quarter_counts_only_the_referrals_received_in_it(
    login, world, scheme, case_actors, time_machine
):
    """Referrals 10 days ago (this quarter) and about 100 days ago (last quarter), seen on 15 January."""
    time_machine.move_to(datetime.datetime(2027, 1, 15, 12, 0), tick=False)
    live(world, scheme, case_actors, [Journey(days_ago=10, to_contact=1)] * 2)
    live(world, scheme, case_actors, [Journey(days_ago=100, to_contact=1)] * 5, family_name="Older")

    client = login(world.users["team_lead"])
    page = client.get(reverse("reporting:operations"), {"period": "last_quarter"})

    assert page.status_code == 200
    assert "Last quarter (1 October to 31 December 2026)" in page.text
    by_month = _table(page, "Referrals by month")
    assert "October 2026" in by_month
    assert "January 2027" not in by_month
    audit = AuditEvent.objects.filter(action="report.operations").latest("id")
    assert (audit.details["from"], audit.details["to"]) == ("2026-10-01", "2026-12-31")


def _table(page, caption):
    text = page.text
    start = text.index(f">{caption}</caption>")
    return text[start : text.index("</table>", start)]


def _commissioner(world):
    return actor_for(world.users["commissioner"], world.organisations["commissioner"], Role.COMMISSIONER)
