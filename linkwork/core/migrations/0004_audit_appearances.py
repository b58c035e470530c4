"""Who has seen a person through a list or search: one appearance row per person an event showed.

Existing events are read in id order and their appearances written in batches; on PostgreSQL the
table then refuses UPDATE and DELETE like the audit table (the trigger function of `core.0002`).
"""

import django.db.models.deletion
from django.db import migrations, models

from linkwork.core.models import people_shown

BATCH = 5000

CREATE = """
CREATE TRIGGER core_auditappearance_append_only
    BEFORE UPDATE OR DELETE ON core_auditappearance
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS core_auditappearance_append_only ON core_auditappearance;"


def backfill_appearances(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditAppearance = apps.get_model("core", "AuditAppearance")
    events = (
        AuditEvent.objects.filter(details__has_key="people")
        .order_by("id")
        .values_list("id", "details")
        .iterator(chunk_size=BATCH)
    )
    rows = []
    for event_id, details in events:
        rows += [
            AuditAppearance(event_id=event_id, person_id=person_id) for person_id in people_shown(details)
        ]
        if len(rows) >= BATCH:
            AuditAppearance.objects.bulk_create(rows)
            rows = []
    AuditAppearance.objects.bulk_create(rows)


def _run_on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_hash_chain")]

    operations = [
        migrations.CreateModel(
            name="AuditAppearance",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "person_id", "event", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("person_id", models.UUIDField()),
                (
                    "event",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="appearances",
                        to="core.auditevent",
                    ),
                ),
            ],
        ),
        migrations.RunPython(backfill_appearances, migrations.RunPython.noop),
        migrations.RunPython(_run_on_postgresql(CREATE), _run_on_postgresql(DROP)),
    ]
