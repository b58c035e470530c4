"""import_history: the documented example imports whole journeys; a bad file saves nothing and says why."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from linkwork.casework.models import Case
from linkwork.core.models import AuditEvent
from linkwork.outcomes.models import MeasureResponse
from linkwork.people.models import Person
from linkwork.referrals.models import Referral

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "import-history.csv"


@pytest.fixture
def scheme(wellbeing):
    """The documented example's records fit the wellbeing coordinator scheme of provider A."""
    return wellbeing


def run(path, scheme, world):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_history",
        str(path),
        scheme=scheme.slug,
        team_lead=world.users["team_lead"].username,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def counts():
    return (
        Person.objects.count(),
        Referral.objects.count(),
        Case.objects.count(),
        MeasureResponse.objects.count(),
    )


def added(before):
    return tuple(now - then for now, then in zip(counts(), before, strict=True))


def test_the_documented_example_imports_whole_journeys_at_their_recorded_dates(scheme, world, instruments):
    before = counts()

    out, _ = run(EXAMPLE, scheme, world)

    assert "Imported 3 case(s) with 3 measure(s)" in out
    assert added(before) == (3, 3, 3, 3)
    ada = Case.objects.get(person__family_name="Example")
    assert ada.opened_at.date().isoformat() == "2023-01-16"
    assert ada.referral.created_at.date().isoformat() == "2023-01-09"
    assert (ada.status, ada.discharge_reason, ada.closed_at.date().isoformat()) == (
        "closed",
        "goals_achieved",
        "2023-05-02",
    )
    exit_ = ada.measure_responses.get(time_point="exit")
    assert exit_.completed_on.isoformat() == "2023-04-28"
    assert exit_.scores["satisfied"]["raw"] == 7  # scored by the instrument's own rules
    assert ada.referral.conditions == ["diabetes_type_2"]
    assert Case.objects.get(person__family_name="Placeholder").status == "open"
    assert AuditEvent.objects.filter(action="history.import").count() == 1


def test_running_the_same_file_again_changes_nothing(scheme, world, instruments):
    run(EXAMPLE, scheme, world)
    before = counts()

    out, _ = run(EXAMPLE, scheme, world)

    assert counts() == before
    assert "Imported 0 case(s) with 0 measure(s); 3 case(s) were imported before" in out


def test_a_bad_file_saves_nothing_and_names_each_row_column_and_reason(scheme, world, instruments, tmp_path):
    good = EXAMPLE.read_text(encoding="utf-8").splitlines()
    header, rows = good[0], good[1:]
    bad = [
        # Wrong NHS number check digit (9434765919 is valid; ...18 is not).
        rows[0].replace("9434765919", "9434765918").replace("2023-001", "2023-010"),
        # An impossible date and an unknown instrument.
        rows[2]
        .replace(",baseline,0,2023-02-08,", ",baseline,0,2023-02-31,")
        .replace(",gp_use,", ",gp_usage,")
        .replace("2023-002", "2023-011"),
        # A score out of the instrument's range.
        rows[1].replace("satisfied=7", "satisfied=12").replace("2023-001", "2023-012"),
    ]
    path = tmp_path / "history.csv"
    path.write_text("\n".join([header, *rows, *bad]) + "\n", encoding="utf-8")
    before = counts()

    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 4 problem"):
        call_command(
            "import_history",
            str(path),
            scheme=scheme.slug,
            team_lead=world.users["team_lead"].username,
            stderr=err,
        )

    assert err.getvalue().splitlines() == [
        "Row 6, nhs_number: Enter a valid NHS number: check it for typing mistakes",
        "Row 7, completed_on: '2023-02-31' is not a date written as YYYY-MM-DD",
        "Row 7, instrument: there is no outcome measure with the code 'gp_usage'",
        "Row 8, answers: ONS4 personal wellbeing: item satisfied cannot be 12; it must be one of 0, 1, 2, 3, 4, "
        "5, 6, 7, 8, 9, 10.",
    ]
    assert added(before) == (0, 0, 0, 0)


def test_dates_out_of_order_are_rejected_by_row_and_column(scheme, world, instruments, tmp_path):
    good = EXAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "history.csv"
    path.write_text(
        "\n".join([good[0], good[1].replace("2023-01-16,2023-05-02", "2023-01-16,2022-05-02")]) + "\n"
    )
    err = io.StringIO()
    before = counts()

    with pytest.raises(CommandError):
        call_command(
            "import_history",
            str(path),
            scheme=scheme.slug,
            team_lead=world.users["team_lead"].username,
            stderr=err,
        )

    assert "Row 2, case_closed: is before completed on" in err.getvalue()
    assert added(before) == (0, 0, 0, 0)


def test_a_missing_column_is_reported_before_any_row(scheme, world, instruments, tmp_path):
    path = tmp_path / "history.csv"
    path.write_text("record_id,given_name\n1,Ada\n")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_history",
            str(path),
            scheme=scheme.slug,
            team_lead=world.users["team_lead"].username,
            stderr=err,
        )

    assert err.getvalue().startswith("Row 1, nhs_number, family_name")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ((",NE4 5AA,", ",NOT A POSTCODE,"), "Row 2, postcode: Enter a full UK postcode, like LS1 4AP"),
        ((",baseline,0,", ",baseline,²,"), "Row 2, occasion: is not a whole number"),
        ((",ons4,baseline,", ",,baseline,"), "Row 2, instrument: give the outcome measure's code"),
    ],
)
def test_a_value_the_records_refuse_is_named_by_row_and_column(
    scheme, world, instruments, tmp_path, change, expected
):
    good = EXAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "history.csv"
    path.write_text("\n".join([good[0], good[1].replace(*change)]) + "\n", encoding="utf-8")
    err = io.StringIO()
    before = counts()

    with pytest.raises(CommandError):
        call_command(
            "import_history",
            str(path),
            scheme=scheme.slug,
            team_lead=world.users["team_lead"].username,
            stderr=err,
        )

    assert expected in err.getvalue()
    assert added(before) == (0, 0, 0, 0)
