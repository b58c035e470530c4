"""PostgreSQL: write each service's words straight into the search index, with no pending list.

By default a GIN index gathers new entries in an unsorted pending list until VACUUM or 4 MB of them,
and every search reads that whole list. After a bulk import of a few thousand services, every search
read them all: 5.8 ms to count a common word's 519 matches in 5,000 services, against 1.2 ms once the
list was merged. The directory is read far more than written, so each write pays instead.
"""

from django.db import migrations

INDEX = "directory_service_search_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} SET (fastupdate = off)")
        # Turning the list off does not empty it: merge what is there now.
        schema_editor.execute(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
