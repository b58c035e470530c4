"""Report tables as CSV and XLSX downloads: the same rows the page shows, suppression included.

No text reaches a spreadsheet as a formula (OWASP, CSV injection): names typed into Linkwork, such as
an organisation's or a link worker's, could otherwise run when the file is opened.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from .table_model import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel limits sheet names to 31 characters.
SHEET_NAME_LIMIT = 31
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_row(values) -> list:
    """The values as CSV cells: text a spreadsheet would run as a formula gets a leading apostrophe, so
    it is shown as text; numbers stay numbers."""
    return [f"'{value}" if _looks_like_formula(value) else value for value in values]


def _xlsx_append(sheet, row) -> None:
    """Append a row; text that looks like a formula is stored as text, marked as Excel marks typed 'text."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if _looks_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # A byte-order mark so Excel reads the en dashes and "<5" cells as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(csv_row(column.label for column in table.columns))
    for row in table.rows:
        writer.writerow(
            csv_row("" if row.get(column.key) is None else row[column.key] for column in table.columns)
        )
    return response


def xlsx_response(tables: list[Table], methods: list[str], filename: str) -> HttpResponse:
    """One sheet per table, then the methods, so the file explains itself when passed on."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:SHEET_NAME_LIMIT])
        _xlsx_append(sheet, [column.label for column in table.columns])
        for row in table.rows:
            _xlsx_append(sheet, [row.get(column.key) for column in table.columns])
    notes = workbook.create_sheet("Methods")
    for line in methods:
        _xlsx_append(notes, [line])
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
