"""PostgreSQL: keep each service's text vector in a stored generated column and index that.

Ranking then reads the stored vector rather than rebuilding it from the text for every match
(measured on 100,000 services: most of a common word's search time). Not in the model state, like
migration 0002's index: the column exists on PostgreSQL only. SQLite is unchanged.
"""

from django.db import migrations

ADD = [
    "ALTER TABLE directory_service ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, COALESCE(search_text, ''))) STORED",
    "DROP INDEX IF EXISTS directory_service_search_idx",
    "CREATE INDEX directory_service_search_idx ON directory_service USING GIN (search_vector)",
]
REMOVE = [
    "DROP INDEX IF EXISTS directory_service_search_idx",
    "ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX directory_service_search_idx ON directory_service "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(search_text, '')))",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in ADD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in REMOVE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_full_text_search")]

    operations = [migrations.RunPython(forwards, backwards)]
