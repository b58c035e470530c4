"""Consistent backups of the whole database while the service runs, and restoring one.

SQLite: the sqlite3 online backup API copies a consistent snapshot page by page.
PostgreSQL: `pg_dump -Fc` (a consistent snapshot in one transaction) and
`pg_restore --clean --if-exists`. The password goes to the tools in PGPASSWORD, never on the
command line, where other users of the machine could read it.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def _vendor(database):
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups of {engine} databases are not supported.")


def _pg_arguments(database):
    arguments = ["--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments += [option, str(database[key])]
    return arguments


def _pg_environment(database):
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _run(command, database):
    # A fixed tool name and an argument list (no shell): nothing here is interpreted by a shell.
    result = subprocess.run(  # noqa: S603
        command, env=_pg_environment(database), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup_database(path, *, using="default"):
    """Write a consistent copy of the database `using` to `path`."""
    path = Path(path)
    connection = connections[using]
    database = connection.settings_dict
    if _vendor(database) == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *_pg_arguments(database)],
            database,
        )
    return path


def restore_database(path, *, database):
    """Replace the contents of the database described by `database` (a DATABASES entry) with a backup."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    if _vendor(database) == "sqlite":
        name = str(database["NAME"])
        source, target = sqlite3.connect(path), sqlite3.connect(name, uri=name.startswith("file:"))
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", *_pg_arguments(database), str(path)],
            database,
        )
