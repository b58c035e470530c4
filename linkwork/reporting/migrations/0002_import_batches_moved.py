"""Import batches now belong to casework (its migration 0005 takes the table over); reporting forgets
the model without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_import_batches"),
        ("casework", "0005_import_batches"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ImportBatch")]),
    ]
