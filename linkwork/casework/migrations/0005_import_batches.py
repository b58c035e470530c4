"""Import batches move here from reporting (ADR 0029): reporting only reads, and the importer now
lives in interop. The table is taken over as it is, then renamed with its table of cases."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_sign_in_events"),
        ("casework", "0004_diary_feed"),
        ("schemes", "0002_message_back_channels"),
        ("reporting", "0001_import_batches"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportBatch",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=120)),
                        ("imported_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("cases", models.ManyToManyField(blank=True, related_name="import_batches", to="casework.case")),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="import_batches",
                                to="accounts.organisation",
                            ),
                        ),
                        (
                            "scheme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="import_batches",
                                to="schemes.scheme",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "reporting_importbatch",
                        "ordering": ["-imported_at", "id"],
                        "constraints": [
                            models.UniqueConstraint(fields=("scheme", "provider", "name"), name="import_batch_name_once")
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="importbatch", table=None),
    ]
