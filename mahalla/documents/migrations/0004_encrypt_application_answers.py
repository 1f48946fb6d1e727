"""Step 2 of 3: encrypt the answers of every application.

Reversible: going back decrypts with the keys configured at that moment."""

from django.db import migrations

from mahalla.core.encrypt_rows import encrypt_column

ANSWERS = encrypt_column("documents", "Application", "data")


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_application_answers_column'),
    ]

    operations = [
        migrations.RunPython(*ANSWERS),
    ]
