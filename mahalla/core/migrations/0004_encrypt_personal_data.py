"""Step 2 of 3: encrypt phones and emails of accounts and one-time codes, fill the hashes.

Reversible: going back decrypts with the keys configured at that moment."""

from django.db import migrations

from mahalla.core.encrypt_rows import encrypt_column
from mahalla.core.phone import phone_lookup_form


def _both(*pairs):
    def forward(apps, schema_editor):
        for pair in pairs:
            pair[0](apps, schema_editor)

    def backward(apps, schema_editor):
        for pair in reversed(pairs):
            pair[1](apps, schema_editor)

    return forward, backward


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_personal_data_columns'),
    ]

    operations = [
        migrations.RunPython(*_both(
            encrypt_column("core", "User", "phone", hash_field="phone_hash", purpose="phone",
                           normalize=phone_lookup_form),
            encrypt_column("core", "User", "email"),
            encrypt_column("core", "PhoneOTP", "phone", hash_field="phone_hash", purpose="phone",
                           normalize=phone_lookup_form),
        )),
    ]
