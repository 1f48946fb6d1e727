"""Encrypting (and decrypting back) a column that held plaintext, for data migrations.

Works on the raw column with SQL, so it does not matter whether the migration's historical
model already calls the field encrypted. Idempotent: values that are already tokens under a
configured key are left as they are (their hash is still filled), so a migration that stopped
half-way can run again.

    operations = [migrations.RunPython(*encrypt_column("core", "User", "phone",
                                                       hash_field="phone_hash", ...))]
"""

from __future__ import annotations

from collections.abc import Callable

from mahalla.core import crypto
from mahalla.core.fields import strip_value

BATCH = 500


def _batches(connection, table: str, pk: str, columns: list[str], batch: int):
    q = connection.ops.quote_name
    select = ", ".join(q(c) for c in [pk, *columns])
    last = None
    while True:
        with connection.cursor() as cursor:
            if last is None:
                cursor.execute(f"SELECT {select} FROM {q(table)} ORDER BY {q(pk)} "  # noqa: S608
                               f"LIMIT {int(batch)}")
            else:
                cursor.execute(f"SELECT {select} FROM {q(table)} WHERE {q(pk)} > %s "  # noqa: S608
                               f"ORDER BY {q(pk)} LIMIT {int(batch)}", [last])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _plaintext(value: str, what: str) -> tuple[str, bool]:
    """(plaintext, whether `value` already was a token)."""
    if crypto.looks_encrypted(value):
        try:
            return crypto.decrypt(value, what=what), True
        except crypto.UndecryptableError:
            pass  # plaintext that happens to start like a token
    return value, False


def encrypt_column(app_label: str, model_name: str, field_name: str, *,
                   hash_field: str | None = None, purpose: str = "",
                   normalize: Callable[[str], str] = strip_value, hash_null: bool = False,
                   batch: int = BATCH):
    """(forward, backward) functions for `migrations.RunPython`.

    forward: every non-empty value becomes a token and, with `hash_field`, its keyed hash of
    `normalize(value)` is written (empty values: NULL when `hash_null`, else "").
    backward: tokens become plaintext again (the hash column is left for the schema
    operation that drops it).
    """

    def _setup(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field(field_name)
        hashed = model._meta.get_field(hash_field).column if hash_field else None
        return (schema_editor.connection, model._meta.db_table, model._meta.pk.column,
                field.column, hashed, f"{model._meta.label}.{field_name}")

    def forward(apps, schema_editor):
        connection, table, pk, column, hashed, what = _setup(apps, schema_editor)
        q = connection.ops.quote_name
        sets = f"{q(column)} = %s" + (f", {q(hashed)} = %s" if hashed else "")
        for rows in _batches(connection, table, pk, [column], batch):
            updates = []
            for key, value in rows:
                if value is None or value == "":
                    digest = None if hash_null else ""
                    token = value
                else:
                    plaintext, was_token = _plaintext(value, what)
                    token = value if was_token else crypto.encrypt(value)
                    normalized = normalize(plaintext)
                    digest = (crypto.lookup_hash(normalized, purpose=purpose) if normalized
                              else (None if hash_null else ""))
                updates.append([token, digest, key] if hashed else [token, key])
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {q(table)} SET {sets} WHERE {q(pk)} = %s", updates)  # noqa: S608

    def backward(apps, schema_editor):
        connection, table, pk, column, _hashed, what = _setup(apps, schema_editor)
        q = connection.ops.quote_name
        for rows in _batches(connection, table, pk, [column], batch):
            updates = [[crypto.decrypt(value, what=what), key] for key, value in rows
                       if crypto.looks_encrypted(value)]
            if updates:
                with connection.cursor() as cursor:
                    cursor.executemany(f"UPDATE {q(table)} SET {q(column)} = %s "  # noqa: S608
                                       f"WHERE {q(pk)} = %s", updates)

    return forward, backward
