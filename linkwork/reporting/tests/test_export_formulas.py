"""No text reaches a CSV or XLSX download as a formula (OWASP, CSV injection): a value starting with =, +,
-, @, tab or carriage return is shown as text; numbers stay numbers."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from linkwork.accounts.models import Organisation
from linkwork.reporting.evaluation.tables import COUNT, TEXT, Column, Table
from linkwork.reporting.exports import csv_response, csv_row, xlsx_response

from .dashboard_helpers import Journey, live

RISKY = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tlead", "\rlead"]
TABLE = Table(
    "risky",
    "Risky",
    [Column("name", "=Name", TEXT), Column("count", "Count", COUNT)],
    [{"name": value, "count": -3} for value in RISKY] + [{"name": "Plain", "count": 4}],
)


def test_csv_cells_that_would_run_get_an_apostrophe_and_numbers_stay_numbers():
    assert csv_row([*RISKY, "Plain", -3, 2.5, None]) == [
        *(f"'{value}" for value in RISKY),
        "Plain",
        -3,
        2.5,
        None,
    ]


def test_a_csv_download_holds_no_formula():
    rows = list(csv.reader(io.StringIO(csv_response(TABLE, "risky").content.decode("utf-8-sig"), newline="")))

    assert rows[0] == ["'=Name", "Count"]
    assert [row[0] for row in rows[1:]] == [f"'{value}" for value in RISKY] + ["Plain"]
    assert {row[1] for row in rows[1:]} == {"-3", "4"}


def test_an_xlsx_download_stores_such_values_as_text_never_as_formulas():
    sheet = load_workbook(io.BytesIO(xlsx_response([TABLE], ["=methods"], "risky").content))["Risky"]

    cells = [row[0] for row in sheet.iter_rows(min_row=1, max_col=1)]
    # XML reads a carriage return back as a line feed.
    assert [cell.value for cell in cells] == [
        "=Name",
        *(value.replace("\r", "\n") for value in RISKY),
        "Plain",
    ]
    assert {cell.data_type for cell in cells} == {"s"}
    assert all(cell.quotePrefix for cell in cells[:-1])
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [-3] * len(RISKY) + [4]


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_name_typed_into_linkwork_reaches_the_dashboard_download_as_text(
    file_format, login, world, scheme, case_actors
):
    live(world, scheme, case_actors, [Journey()] * 6)
    formula = '=HYPERLINK("http://evil.example","Open")'
    Organisation.objects.filter(pk=world.organisations["provider_a"].pk).update(name=formula)

    response = login(world.users["commissioner"]).get(
        reverse("reporting:operations_export"), {"format": file_format, "table": "caseload"}
    )

    if file_format == "csv":
        text = response.content.decode("utf-8-sig")
        assert f"'{formula}" in next(csv.reader(io.StringIO(text.split("\n", 1)[1])))[0]
    else:
        sheet = load_workbook(io.BytesIO(response.content))["Caseload now"]
        [cell] = [cell for row in sheet.iter_rows() for cell in row if cell.value == formula]
        assert cell.data_type == "s"
