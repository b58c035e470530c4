"""After a bulk write on PostgreSQL, what autovacuum would do in time, done at once."""

from django.db import connection


def vacuum_analyze(*tables: str) -> None:
    """VACUUM ANALYZE the tables (every table if none are named) on PostgreSQL; nothing on SQLite.

    Rows just written have no visibility map entries and rows just deleted leave dead tuples that
    every scan still reads, until VACUUM. A server with autovacuum off (as on this project's machine
    kind) never catches up, so timings would depend on how the database was left. VACUUM cannot run
    inside a transaction (tests hold one): there only the statistics are refreshed.
    """
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    names = ", ".join(connection.ops.quote_name(table) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {names}".strip())
