import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="IdempotencyRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("caller", models.CharField(max_length=64)),
                ("key_hash", models.CharField(max_length=64)),
                ("request_hash", models.CharField(max_length=64)),
                ("operation", models.CharField(blank=True, max_length=100)),
                ("status_code", models.PositiveSmallIntegerField()),
                ("content_type", models.CharField(max_length=100)),
                ("body", models.BinaryField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
            ],
            options={
                "indexes": [models.Index(fields=["expires_at"],
                                         name="ops_idempotency_expiry_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("caller", "key_hash"),
                                            name="ops_idempotency_once"),
                    models.CheckConstraint(
                        condition=models.Q(("status_code__gte", 200), ("status_code__lt", 300)),
                        name="ops_idempotency_success_only"),
                ],
            },
        ),
    ]
