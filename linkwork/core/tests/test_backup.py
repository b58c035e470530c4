"""Backup and restore: a restored empty database holds exactly the same rows in every table."""

import hashlib
import os
import sqlite3
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from linkwork.core import backup
from linkwork.core.backup import backup_database, restore_database


def _sqlite_fingerprints(raw, tables):
    """{table: (row count, SHA-256 of the sorted rows)} read through a raw sqlite3 connection."""
    fingerprints = {}
    for table in tables:
        rows = sorted(repr(row) for row in raw.execute(f'SELECT * FROM "{table}"'))  # noqa: S608 - table names from introspection
        fingerprints[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return fingerprints


def _postgresql_fingerprints(cursor, tables):
    fingerprints = {}
    for table in tables:
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608
        )
        fingerprints[table] = tuple(cursor.fetchone())
    return fingerprints


def _tables():
    return sorted(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_row_for_row(world, open_case, tmp_path):
    """SQLite restores into a new file; PostgreSQL into a scratch database made and dropped here."""
    copy = backup_database(tmp_path / "linkwork.backup")
    connection.ensure_connection()
    tables = _tables()
    if connection.vendor == "sqlite":
        original, restored = _restore_sqlite(copy, tables, tmp_path / "restored.sqlite3")
    else:
        original, restored = _restore_postgresql(copy, tables)

    assert restored == original
    assert original["core_auditevent"][0] > 0
    assert original["casework_case"][0] == 1


def _restore_sqlite(copy, tables, empty):
    restore_database(copy, database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(empty)})
    restored = sqlite3.connect(empty, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    try:
        return _sqlite_fingerprints(connection.connection, tables), _sqlite_fingerprints(restored, tables)
    finally:
        restored.close()


def _restore_postgresql(copy, tables):
    import psycopg

    settings_dict = connection.settings_dict
    scratch = f"lw_gov_restore_{os.getpid()}"
    host, user = settings_dict["HOST"] or "127.0.0.1", settings_dict["USER"] or "postgres"
    server = ["-h", host, "-U", user]
    subprocess.run(["createdb", *server, scratch], check=True)  # noqa: S607
    try:
        restore_database(copy, database={**settings_dict, "NAME": scratch})
        with connection.cursor() as cursor:
            original = _postgresql_fingerprints(cursor, tables)
        port = settings_dict.get("PORT") or 5432
        with (
            psycopg.connect(host=host, port=port, user=user, dbname=scratch) as restored,
            restored.cursor() as cursor,
        ):
            return original, _postgresql_fingerprints(cursor, tables)
    finally:
        subprocess.run(["dropdb", "--if-exists", *server, scratch], check=True)  # noqa: S607


def test_the_database_password_reaches_the_tools_in_the_environment_not_the_command_line(
    monkeypatch, tmp_path
):
    calls = []

    def fake_run(command, env, **kwargs):
        calls.append((command, env))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backup.subprocess, "run", fake_run)
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "linkwork",
        "HOST": "db.internal",
        "PORT": 5432,
        "USER": "linkwork",
        "PASSWORD": "s3cret-Passw0rd",
    }
    (tmp_path / "x.dump").write_bytes(b"")

    restore_database(tmp_path / "x.dump", database=database)

    command, env = calls[0]
    assert command[:3] == ["pg_restore", "--clean", "--if-exists"]
    assert "s3cret-Passw0rd" not in " ".join(command)
    assert env["PGPASSWORD"] == "s3cret-Passw0rd"


@pytest.mark.django_db
def test_restore_asks_before_replacing_anything(monkeypatch, tmp_path):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(tmp_path / "missing.backup"))
