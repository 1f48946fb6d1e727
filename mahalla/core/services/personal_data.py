"""Re-encrypting personal data under the newest key (and refreshing look-up hashes).

The procedure (docs/OPERATIONS.md, "Rotating the personal-data key"): put a new key first in
PERSONAL_DATA_KEYS and restart every process, run `manage.py rotate_personal_data_key`, then
drop the old key. Rows are read and written as raw columns in batches, each batch in its own
transaction; a value already under the first key is skipped, so the command can be stopped and
run again at any time. A write races no one: each UPDATE applies only if the column still holds
the token that was read (a value the application rewrote meanwhile is under the new key anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from mahalla.core import crypto
from mahalla.core.fields import EncryptedMixin, LookupHashField


@dataclass
class ColumnReport:
    label: str
    rotated: int = 0
    current: int = 0
    empty: int = 0
    rehashed: int = 0
    raced: int = 0
    failed: list = field(default_factory=list)

    def __str__(self) -> str:
        text = (f"{self.label}: {self.rotated} re-encrypted, {self.current} already under the "
                f"first key, {self.empty} empty")
        if self.rehashed:
            text += f", {self.rehashed} look-up hashes refreshed"
        if self.raced:
            text += f", {self.raced} changed meanwhile (left as written)"
        if self.failed:
            text += f", {len(self.failed)} UNDECRYPTABLE (ids {self.failed[:10]})"
        return text


def encrypted_columns():
    """(model, encrypted field, its look-up hash fields) for every installed model."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for each in model._meta.concrete_fields:
            if isinstance(each, EncryptedMixin):
                hashes = [f for f in model._meta.concrete_fields
                          if isinstance(f, LookupHashField) and f.source == each.name]
                yield model, each, hashes


def rotate_personal_data(*, batch_size: int = 500, rehash: bool = False,
                         using: str = DEFAULT_DB_ALIAS,
                         progress: Callable[[ColumnReport], None] | None = None,
                         ) -> list[ColumnReport]:
    """Re-encrypt every encrypted column under the first key; with `rehash`, also recompute
    each look-up hash (after a change of PERSONAL_DATA_LOOKUP_KEY or of a normalizer)."""
    crypto.check_keys()
    reports = []
    for model, encrypted, hashes in encrypted_columns():
        report = ColumnReport(f"{model._meta.label}.{encrypted.name}")
        _rotate_column(model, encrypted, hashes, report, batch_size=batch_size, rehash=rehash,
                       using=using)
        reports.append(report)
        if progress:
            progress(report)
    return reports


def _rotate_column(model, encrypted, hashes, report, *, batch_size, rehash, using):
    connection = connections[using]
    q = connection.ops.quote_name
    table, pk, column = q(model._meta.db_table), q(model._meta.pk.column), q(encrypted.column)
    hash_columns = [q(h.column) for h in hashes] if rehash else []
    select = ", ".join([pk, column, *hash_columns])
    assignments = ", ".join(f"{c} = %s" for c in [column, *hash_columns])
    update = f"UPDATE {table} SET {assignments} WHERE {pk} = %s AND {column} = %s"  # noqa: S608
    last = None
    while True:
        where = "" if last is None else f"WHERE {pk} > %s "
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(f"SELECT {select} FROM {table} {where}"  # noqa: S608
                           f"ORDER BY {pk} LIMIT {int(batch_size)}",
                           [] if last is None else [last])
            rows = cursor.fetchall()
            if not rows:
                return
            last = rows[-1][0]
            changes = [change for row in rows
                       if (change := _row_change(row, encrypted, hashes, report, rehash))]
            for params, rotated, rehashed in changes:
                cursor.execute(update, params)
                if cursor.rowcount == 0:
                    report.raced += 1
                else:
                    report.rotated += rotated
                    report.rehashed += rehashed


def _row_change(row, encrypted, hashes, report, rehash):
    key, token, *stored_hashes = row
    if token is None or token == "":
        report.empty += 1
        return None
    what = f"{report.label} id={key}"
    try:
        current = crypto.is_current(token)
        new_token = token if current else crypto.rotate(token, what=what)
        new_hashes = []
        if rehash:
            plaintext = crypto.decrypt(token, what=what)
            new_hashes = [h.hash_value(plaintext) for h in hashes]
    except crypto.UndecryptableError:
        report.failed.append(key)
        return None
    changed_hashes = sum(a != b for a, b in zip(new_hashes, stored_hashes, strict=True))
    if current:
        report.current += 1
        if not changed_hashes:
            return None
    return [new_token, *new_hashes, key, token], int(not current), changed_hashes
