"""Step 1 of 3 of encrypting reporters' contacts: text columns that can hold tokens, an empty
hash column. (Step 2 encrypts the rows, step 3 marks the columns encrypted.)"""

from django.db import migrations, models

import mahalla.core.fields


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0003_appeal_place_and_source'),
    ]

    operations = [
        migrations.AlterField(
            model_name='appealsource',
            name='reporter_email',
            field=models.TextField(blank=True, verbose_name="reporter's email"),
        ),
        migrations.AlterField(
            model_name='appealsource',
            name='reporter_phone',
            field=models.TextField(blank=True, verbose_name="reporter's phone"),
        ),
        migrations.AddField(
            model_name='appealsource',
            name='reporter_phone_hash',
            field=mahalla.core.fields.LookupHashField(null=True, purpose='phone',
                                                      source='reporter_phone'),
        ),
    ]
