from django.db import migrations


class Migration(migrations.Migration):
    """An index on appeals.created_at: statistics refresh one day (or month) of appeals at a
    time (mahalla.analytics.rollups._appeals_between). Only an index: the appeals table and
    its model are unchanged."""

    dependencies = [
        ("analytics", "0001_rollups"),
        ("appeals", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS analytics_appeal_created_idx "
            "ON appeals_appeal (created_at)",
            "DROP INDEX IF EXISTS analytics_appeal_created_idx",
        ),
    ]
