"""Step 2 of 3: encrypt the addresses already queued. Reversible with the keys configured then."""

from django.db import migrations

from mahalla.core.encrypt_rows import encrypt_column


class Migration(migrations.Migration):

    dependencies = [
        ("notify", "0002_address_column"),
    ]

    operations = [
        migrations.RunPython(*encrypt_column("notify", "OutboxMessage", "address")),
    ]
