"""Report tables as CSV and XLSX downloads: the same rows the page shows, suppression included."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from .tables import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel limits sheet names to 31 characters.
SHEET_NAME_LIMIT = 31


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # A byte-order mark so Excel reads the en dashes and "<5" cells as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow(["" if row.get(column.key) is None else row[column.key] for column in table.columns])
    return response


def xlsx_response(tables: list[Table], methods: list[str], filename: str) -> HttpResponse:
    """One sheet per table, then the methods, so the file explains itself when passed on."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:SHEET_NAME_LIMIT])
        sheet.append([column.label for column in table.columns])
        for row in table.rows:
            sheet.append([row.get(column.key) for column in table.columns])
    notes = workbook.create_sheet("Methods")
    for line in methods:
        notes.append([line])
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
