"""Step 1 of 3 of encrypting application answers: a text column that can hold a token (on
PostgreSQL the JSON is cast to its text). Step 2 encrypts, step 3 marks the column encrypted."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0002_shipped_services'),
    ]

    operations = [
        migrations.AlterField(
            model_name='application',
            name='data',
            field=models.TextField(default='{}', verbose_name='answers'),
        ),
    ]
