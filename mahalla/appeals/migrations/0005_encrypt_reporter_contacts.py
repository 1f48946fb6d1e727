"""Step 2 of 3: encrypt reporters' emails and phones, fill the phone hashes.

Reversible: going back decrypts with the keys configured at that moment."""

from django.db import migrations

from mahalla.core.encrypt_rows import encrypt_column
from mahalla.core.phone import phone_lookup_form

EMAIL = encrypt_column("appeals", "AppealSource", "reporter_email")
PHONE = encrypt_column("appeals", "AppealSource", "reporter_phone",
                       hash_field="reporter_phone_hash", purpose="phone",
                       normalize=phone_lookup_form, hash_null=True)


def forward(apps, schema_editor):
    EMAIL[0](apps, schema_editor)
    PHONE[0](apps, schema_editor)


def backward(apps, schema_editor):
    PHONE[1](apps, schema_editor)
    EMAIL[1](apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0004_reporter_contact_columns'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
