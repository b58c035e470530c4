"""Bulk writing: COPY on PostgreSQL, executemany on SQLite, with per-table progress.

Values go through each field's `get_db_prep_value`, so they reach the database exactly as the ORM
would send them. Fields a row does not give take their default (or the load's timestamp for
`auto_now` fields, or NULL), computed once per table.
"""

import datetime
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import AutoField, BigAutoField


@dataclass
class Tally:
    rows: int = 0
    seconds: float = 0.0


@dataclass
class _Table:
    sql_name: str
    columns: list
    converters: list
    fill: tuple


@dataclass
class BulkWriter:
    """Writes rows (tuples in the order of `fields`) for a model; keeps a tally per table."""

    stdout: object
    now: object
    batch_size: int = 20_000
    tallies: dict = field(default_factory=lambda: defaultdict(Tally))
    _tables: dict = field(default_factory=dict)

    def write(self, model, fields: tuple[str, ...], rows: list) -> None:
        if not rows:
            return
        table = self._table(model, fields)
        started = time.perf_counter()
        for first in range(0, len(rows), self.batch_size):
            converted = [
                tuple([convert(value) for convert, value in zip(table.converters, row, strict=True)])
                + table.fill
                for row in rows[first : first + self.batch_size]
            ]
            with transaction.atomic():
                _insert(table, converted)
        tally = self.tallies[table.sql_name]
        tally.rows += len(rows)
        tally.seconds += time.perf_counter() - started

    def report(self, *tables) -> None:
        for model in tables:
            name = model._meta.db_table
            tally = self.tallies[name]
            rate = tally.rows / tally.seconds if tally.seconds else 0
            self.stdout.write(
                f"  {name:<32}{tally.rows:>12,} rows {tally.seconds:>8.1f} s {rate:>12,.0f} rows/s"
            )

    def _table(self, model, fields):
        key = (model, fields)
        if key not in self._tables:
            self._tables[key] = self._describe(model, fields)
        return self._tables[key]

    def _describe(self, model, fields):
        given = [model._meta.get_field(name) for name in fields]
        rest = [
            f
            for f in model._meta.concrete_fields
            if f not in given and not isinstance(f, (AutoField, BigAutoField))
        ]
        fill = tuple(f.get_db_prep_value(self._default(f), connection, prepared=False) for f in rest)
        converters = [_converter(f) for f in given]
        return _Table(
            sql_name=model._meta.db_table,
            columns=[f.column for f in given + rest],
            converters=converters,
            fill=fill,
        )

    def _default(self, model_field):
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            return self.now
        value = model_field.get_default()
        if value is None and not model_field.null:
            raise ValueError(f"{model_field} has no default: give it in every row.")
        return value


def _converter(model_field):
    """The field's `get_db_prep_value`, asked once per type of value where it hands the value back.

    On PostgreSQL strings, numbers, aware datetimes and UUIDs go to the driver as they are; checking
    that once per field and type, rather than for each of millions of values, is most of the speed.
    """
    prep = model_field.get_db_prep_value
    unchanged = set()

    def convert(value):
        kind = type(value)
        if kind in unchanged and (kind is not datetime.datetime or value.tzinfo is not None):
            return value
        converted = prep(value, connection, prepared=False)
        if converted is value and kind in _PLAIN_TYPES and _is_aware(value):
            unchanged.add(kind)
        return converted

    return convert


_PLAIN_TYPES = frozenset({str, int, bool, datetime.date, datetime.datetime, uuid.UUID, type(None)})


def _is_aware(value):
    return not isinstance(value, datetime.datetime) or value.tzinfo is not None


def _insert(table, rows):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in table.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table.sql_name)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(table.columns))
            # Table and column names come from model metadata, quoted; values are parameters.
            sql = f"INSERT INTO {quote(table.sql_name)} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)
