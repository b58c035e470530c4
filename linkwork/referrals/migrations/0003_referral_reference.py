"""A short reference on every referral, for the person or referrer to quote; existing referrals get one too."""

from django.db import migrations, models

from linkwork.referrals.references import new_reference

BATCH = 2000


def give_references(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    used = set()
    pending = Referral.objects.filter(reference__isnull=True).only("pk")
    while batch := list(pending[:BATCH]):
        for referral in batch:
            while (reference := new_reference()) in used:
                pass
            used.add(reference)
            referral.reference = reference
        Referral.objects.bulk_update(batch, ["reference"])


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_referral_idempotency_fingerprint"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="reference",
            field=models.CharField(blank=True, editable=False, max_length=12, null=True, unique=True),
        ),
        migrations.RunPython(give_references, migrations.RunPython.noop, elidable=True),
    ]
