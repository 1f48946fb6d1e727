"""Key each node by its in-order position and each entry by its index; keep the frontier in
the head row.

A proof then reads its O(log n) nodes with one ``IN`` / ``= ANY`` lookup on the primary key,
an append reads nothing but the locked head row, and each row keeps one index fewer.
"""

import django.db.models.expressions
import django.db.models.functions.comparison
import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Cast

import mahalla.ledger.models

from mahalla.ledger.merkle import frontier_ids


def fill_positions(apps, schema_editor):
    """position = (index << (level + 1)) | (2^level - 1), in one UPDATE."""
    LedgerNode = apps.get_model("ledger", "LedgerNode")
    one = Cast(Value(1), models.BigIntegerField())
    LedgerNode.objects.using(schema_editor.connection.alias).update(
        position=F("index").bitleftshift(F("level") + 1).bitor(one.bitleftshift(F("level")) - 1))


def fill_frontier(apps, schema_editor):
    """The head's frontier from the stored nodes, as ``CompactRange.from_store`` reads it."""
    LedgerNode = apps.get_model("ledger", "LedgerNode")
    LogHead = apps.get_model("ledger", "LogHead")
    db = schema_editor.connection.alias
    for head in LogHead.objects.using(db):
        ids = frontier_ids(head.size)
        positions = [(index << (level + 1)) | ((1 << level) - 1) for level, index in ids]
        found = dict(LedgerNode.objects.using(db).filter(position__in=positions)
                     .values_list("position", "hash"))
        head.frontier = b"".join(bytes(found[position]) for position in positions)
        head.save(update_fields=["frontier"])


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='ledgernode',
            name='position',
            field=models.BigIntegerField(null=True),
        ),
        migrations.RunPython(fill_positions, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='ledgernode',
            name='ledger_node_level_index_uniq',
        ),
        migrations.RemoveField(
            model_name='ledgernode',
            name='id',
        ),
        migrations.AlterField(
            model_name='ledgernode',
            name='position',
            field=mahalla.ledger.models.RowKeyField(primary_key=True, serialize=False),
        ),
        migrations.AddConstraint(
            model_name='ledgernode',
            constraint=models.CheckConstraint(condition=models.Q(('position', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.F('index'), '<<', django.db.models.expressions.CombinedExpression(models.F('level'), '+', models.Value(1))), '|', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.functions.comparison.Cast(models.Value(1), models.BigIntegerField()), '<<', models.F('level')), '-', models.Value(1))))), name='ledger_node_position_in_order'),
        ),
        migrations.RemoveConstraint(
            model_name='ledgerentry',
            name='ledger_entry_index_uniq',
        ),
        migrations.RemoveField(
            model_name='ledgerentry',
            name='id',
        ),
        migrations.AlterField(
            model_name='ledgerentry',
            name='index',
            field=mahalla.ledger.models.RowKeyField(primary_key=True, serialize=False, verbose_name='index'),
        ),
        migrations.AddField(
            model_name='loghead',
            name='frontier',
            field=models.BinaryField(default=b'', verbose_name='frontier hashes'),
        ),
        migrations.RunPython(fill_frontier, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='loghead',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.Exact(django.db.models.expressions.CombinedExpression(django.db.models.functions.text.Length('frontier'), '%%', models.Value(32)), 0), name='ledger_head_frontier_whole_hashes'),
        ),
    ]
