"""Step 1 of 3 of encrypting personal identifiers: plain text columns that can hold tokens,
and empty look-up hash columns. (Step 2 encrypts the rows, step 3 marks the columns encrypted.)"""

from django.db import migrations, models

import mahalla.core.fields


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_user_birth_date'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='user',
            name='user_phone_e164_uz',
        ),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=models.TextField(verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='user',
            name='email',
            field=models.TextField(blank=True, verbose_name='email'),
        ),
        migrations.AddField(
            model_name='user',
            name='phone_hash',
            field=mahalla.core.fields.LookupHashField(null=True, purpose='phone', source='phone'),
        ),
        migrations.RemoveIndex(
            model_name='phoneotp',
            name='otp_phone_recent_idx',
        ),
        migrations.AlterField(
            model_name='phoneotp',
            name='phone',
            field=models.TextField(),
        ),
        migrations.AddField(
            model_name='phoneotp',
            name='phone_hash',
            field=mahalla.core.fields.LookupHashField(null=True, purpose='phone', source='phone'),
        ),
    ]
