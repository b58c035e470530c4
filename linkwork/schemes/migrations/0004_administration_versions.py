from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("schemes", "0003_scheme_public_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="scheme",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
