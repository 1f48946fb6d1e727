"""Step 1 of 3 of encrypting outbox addresses: a text column that can hold tokens."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notify", "0001_initial"),
        ("core", "0005_personal_data_encrypted"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboxmessage",
            name="address",
            field=models.TextField(blank=True),
        ),
    ]
