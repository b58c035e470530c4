"""Full-text search over services with the database's own engine (ADR 0007).

Not in the model state: the index and the FTS5 table exist on one database each, so each is
created here for the database being migrated.
"""

from django.db import migrations

POSTGRESQL_INDEX = (
    "CREATE INDEX directory_service_search_idx ON directory_service "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(search_text, '')))"
)
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE directory_service_fts USING fts5("
    "service_id UNINDEXED, search_text, tokenize = 'porter unicode61')"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_INDEX)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TABLE)
        schema_editor.execute(
            "INSERT INTO directory_service_fts (service_id, search_text) SELECT id, search_text FROM directory_service"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_service_search_idx")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS directory_service_fts")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_directory")]

    operations = [migrations.RunPython(create, drop)]
