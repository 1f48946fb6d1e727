"""Backup and restore of the whole database and the media files, as one tar.gz archive.

The archive holds ``manifest.json``, ``data/<app_label>.<model>.json`` (Django's JSON
serialization of every row, by primary key, no natural keys, in a canonical form) and
``media/<path>`` (every file under ``MEDIA_ROOT``). The manifest records when and from which
migration state the archive was made, the row count and SHA-256 of each table's JSON and the
SHA-256 of each file, so that a restore can refuse a damaged archive before it writes anything.

A restore empties every model table and loads the archive in one transaction: all or nothing.
It does not merge. Rows that ``migrate`` itself creates (content types, permissions, the
ledger head, the shipped e-services catalogue) are replaced by the archive's rows, so the ids
that other rows point to stay the same. Sessions and the task queue are neither saved nor
restored: they are emptied by a restore.

The archive holds personal data and is not encrypted: see docs/OPERATIONS.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "mahalla-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data"
MEDIA_DIR = "media"
# Not worth keeping and unsafe to bring back: logins of the old instance, and queued tasks
# that would act (send messages, call webhooks) a second time. A restore empties them.
EXCLUDED_MODELS = frozenset({"sessions.session", "django_tasks_database.dbtaskresult"})
# Tables that a freshly migrated database already fills (post_migrate and data migrations);
# rows there do not make a database "not empty". See ``_seeded_rows``.
SEEDED_MODELS = frozenset({"contenttypes.contenttype", "auth.permission", "ledger.loghead",
                           "ledger.checkpoint", "documents.eservice"})
CHUNK = 1 << 20


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why."""


@dataclass
class Summary:
    """What a backup wrote or a restore loaded."""

    path: Path
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# --- what is saved ------------------------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model with its own table, except ``EXCLUDED_MODELS``, in a fixed order.

    Automatic many-to-many tables are saved with the model that declares the field.
    """
    found = [
        model for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
        and model._meta.label_lower not in EXCLUDED_MODELS
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def table_json(model: type[models.Model], *, using: str = DEFAULT_DB_ALIAS) -> tuple[bytes, int]:
    """The canonical JSON of a model's rows and their count.

    Canonical: Django's serialization by primary key, then sorted keys, no spaces, UTF-8; the
    same rows give the same bytes on SQLite and PostgreSQL, before and after a restore.
    """
    rows = model._base_manager.using(using).order_by("pk")
    objects = serializers.serialize("python", rows.iterator(chunk_size=2000))
    data = json.dumps(objects, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      cls=_Encoder)
    return data.encode(), len(objects)


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it cuts them to milliseconds,
    and a ledger leaf holds an event's time to the microsecond)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def table_digests(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, dict]:
    """``{label: {"rows": n, "sha256": hex}}`` of every backed-up table as it is now."""
    digests = {}
    for model in backed_up_models():
        data, count = table_json(model, using=using)
        digests[model._meta.label_lower] = {"rows": count, "sha256": _sha256(data)}
    return digests


def migration_state(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The applied migrations, ``{app_label: [names, sorted]}``."""
    state: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(state.items())}


def _app_version() -> str:
    try:
        return metadata.version("mahalla")
    except metadata.PackageNotFoundError:
        return "unknown"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    return sorted((path.relative_to(root).as_posix(), path)
                  for path in root.rglob("*") if path.is_file() and not path.is_symlink())


# --- backup -------------------------------------------------------------------------------------


def default_archive_path() -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"mahalla-{stamp}.tar.gz"


def create_backup(*, output: Path | None = None, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive to ``output`` (a new file) and return what it holds.

    Every table is read in one transaction, so the rows fit together: on PostgreSQL a
    read-only REPEATABLE READ snapshot (writers go on), on SQLite the configured IMMEDIATE
    transaction (writers wait until the tables are read). The archive is written under a
    temporary name and renamed when complete.
    """
    output = Path(output or default_archive_path())
    if output.exists():
        raise BackupError(f"{output} already exists; choose another --output.")
    output.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary(path=output)
    manifest: dict = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "app_version": _app_version(),
        "database_vendor": connections[using].vendor,
        "migrations": migration_state(using=using),
        "excluded_models": sorted(EXCLUDED_MODELS),
        "tables": {}, "media": {},
    }
    fd, temporary = tempfile.mkstemp(dir=output.parent, prefix=".backup-", suffix=".tmp")
    try:
        with open(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            with transaction.atomic(using=using):
                _snapshot(connections[using])
                for model in backed_up_models():
                    label = model._meta.label_lower
                    data, count = table_json(model, using=using)
                    member = f"{DATA_DIR}/{label}.json"
                    _add_bytes(archive, member, data)
                    manifest["tables"][label] = {"path": member, "rows": count,
                                                 "sha256": _sha256(data)}
                    summary.tables[label] = count
            for relative, path in _media_files(_media_root()):
                digest, size = _file_digest(path)
                archive.add(str(path), arcname=f"{MEDIA_DIR}/{relative}", recursive=False)
                manifest["media"][relative] = {"sha256": digest, "size": size}
                summary.files += 1
                summary.file_bytes += size
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
        Path(temporary).chmod(0o600)  # personal data: readable by the operator only
        Path(temporary).rename(output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return summary


def _snapshot(connection) -> None:
    """One snapshot for every table on PostgreSQL (must be the transaction's first statement:
    skipped when the caller already runs a transaction)."""
    if connection.vendor == "postgresql" and connection.savepoint_ids == []:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _file_digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


# --- restore ------------------------------------------------------------------------------------


@dataclass
class Archive:
    """A checked archive: its manifest and every table's JSON (files are read again later)."""

    path: Path
    manifest: dict
    tables: dict[str, bytes]


def read_archive(path: Path) -> Archive:
    """Open the archive and check it against its manifest; raise ``BackupError`` if it differs.

    Checks: the format, every table's row count and SHA-256, every file's SHA-256 and size,
    no member the manifest does not name and none it names missing, only plain relative paths.
    """
    path = Path(path)
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            manifest = _read_manifest(archive)
            wanted_tables = {spec["path"]: label for label, spec in manifest["tables"].items()}
            wanted_files = {f"{MEDIA_DIR}/{name}": name for name in manifest["media"]}
            tables: dict[str, bytes] = {}
            seen_files: set[str] = set()
            for member in archive:
                name = member.name
                _check_member_name(name)
                if name == MANIFEST:
                    continue
                if not member.isfile():
                    raise BackupError(f"{name}: only plain files may be in the archive.")
                if name in wanted_tables:
                    label = wanted_tables[name]
                    data = archive.extractfile(member).read()
                    _check_table(label, manifest["tables"][label], data)
                    tables[label] = data
                elif name in wanted_files:
                    relative = wanted_files[name]
                    digest, size = _stream_digest(archive.extractfile(member))
                    expected = manifest["media"][relative]
                    if digest != expected["sha256"] or size != expected["size"]:
                        raise BackupError(f"media file {relative}: its SHA-256 does not match "
                                          "the manifest; the archive is damaged or was changed.")
                    seen_files.add(relative)
                else:
                    raise BackupError(f"{name} is not listed in the manifest.")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{path}: not a readable backup archive ({exc}).") from exc
    missing = sorted(set(manifest["tables"]) - set(tables)) + sorted(
        set(manifest["media"]) - seen_files)
    if missing:
        raise BackupError(f"the archive lacks what its manifest lists: {', '.join(missing[:10])}")
    return Archive(path=path, manifest=manifest, tables=tables)


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError("the archive has no readable manifest.json.") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError("manifest.json is not a Mahalla backup manifest of a known version.")
    for key in ("migrations", "tables", "media"):
        if not isinstance(manifest.get(key), dict):
            raise BackupError(f"manifest.json lacks {key!r}.")
    return manifest


def _check_member_name(name: str) -> None:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or "\\" in name or not pure.parts:
        raise BackupError(f"{name!r}: unsafe path in the archive.")


def _check_table(label: str, spec: dict, data: bytes) -> None:
    if _sha256(data) != spec.get("sha256"):
        raise BackupError(f"table {label}: its SHA-256 does not match the manifest; "
                          "the archive is damaged or was changed.")
    try:
        count = len(json.loads(data))
    except ValueError as exc:
        raise BackupError(f"table {label}: not valid JSON.") from exc
    if count != spec.get("rows"):
        raise BackupError(f"table {label}: {count} rows, the manifest says {spec.get('rows')}.")


def _stream_digest(file) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := file.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def check_migration_state(archive: Archive, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse an archive made at another migration state: its rows would not fit the tables."""
    theirs = {(app, name) for app, names in archive.manifest["migrations"].items()
              for name in names}
    ours = {(app, name) for app, names in migration_state(using=using).items() for name in names}
    if theirs == ours:
        return
    only_backup = sorted(f"{app}.{name}" for app, name in theirs - ours)
    only_here = sorted(f"{app}.{name}" for app, name in ours - theirs)
    lines = ["The archive was made at another migration state than this database's."]
    if only_backup:
        lines.append("Applied there, not here: " + ", ".join(only_backup[:20]))
    if only_here:
        lines.append("Applied here, not there: " + ", ".join(only_here[:20]))
    lines.append("Restore into a database migrated to the archive's state (check out the "
                 f"release {archive.manifest.get('app_version', '?')} it was made with, "
                 "run migrate, restore, then upgrade).")
    raise BackupError("\n".join(lines))


def data_rows(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per table that a freshly migrated database would not have (empty: ``{}``)."""
    found = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        rows = model._base_manager.using(using).all()
        if label in SEEDED_MODELS:
            rows = _unseeded(label, rows)
        count = rows.count()
        if count:
            found[label] = count
    return found


def _unseeded(label: str, rows: models.QuerySet) -> models.QuerySet:
    """The rows of a seeded table that ``migrate`` would not have created."""
    if label == "ledger.loghead":
        return rows.exclude(size=0)
    if label == "ledger.checkpoint":
        return rows.exclude(size=0)  # the empty log's checkpoint, signed on first view
    if label == "documents.eservice":
        shipped = importlib.import_module("mahalla.documents.migrations.0002_shipped_services")
        return rows.exclude(code__in=[spec["code"] for spec in shipped.SERVICES],
                            applications__isnull=True)
    return rows.none()  # content types and permissions: made by post_migrate


def restore_backup(path: Path, *, flush: bool = False, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Restore the archive at ``path``; raise ``BackupError`` and store nothing on any failure.

    Refuses unless the database holds no data (``data_rows``), or ``flush`` is set: then every
    row present is deleted first, in the same transaction. Every model table (sessions and
    tasks included) is emptied and the archive's rows loaded with their primary keys; foreign
    keys are checked and sequences reset before commit. Media files are written last, still
    inside the transaction, so a failure there leaves the database as it was (files already
    written stay; running the restore again overwrites them).
    """
    archive = read_archive(path)
    check_migration_state(archive, using=using)
    unknown = [label for label in archive.tables if _model(label) is None]
    if unknown:
        raise BackupError(f"the archive has tables this code does not know: {unknown[:10]}")
    connection = connections[using]
    summary = Summary(path=Path(path))
    with transaction.atomic(using=using):
        if not flush:
            present = data_rows(using=using)
            if present:
                listed = ", ".join(f"{label} ({count})" for label, count in present.items())
                raise BackupError("The database already holds data: " + listed + ". Restore "
                                  "into an empty database, or give --force-flush --yes to "
                                  "delete everything in it first.")
        _empty_every_table(connection)
        loaded_models = []
        with connection.constraint_checks_disabled():
            for label, data in sorted(archive.tables.items()):
                summary.tables[label] = _load_table(label, data, using)
                loaded_models.append(_model(label))
        tables = [model._meta.db_table for model in loaded_models]
        try:
            connection.check_constraints(table_names=tables)
        except Exception as exc:
            raise BackupError(f"the archive's rows break a database constraint: {exc}") from exc
        _reset_sequences(connection, loaded_models)
        summary.files, summary.file_bytes = _restore_media(archive)
    ContentType.objects.clear_cache()
    return summary


def _load_table(label: str, data: bytes, using: str) -> int:
    count = 0
    try:
        for obj in serializers.deserialize("json", data, using=using):
            obj.save(using=using)
            count += 1
    except (DatabaseError, DeserializationError) as exc:
        raise BackupError(f"table {label}, row {count + 1}: {exc}") from exc
    return count


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _empty_every_table(connection) -> None:
    tables = connection.introspection.django_table_names(only_existing=True,
                                                         include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=False)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _reset_sequences(connection, loaded: list[type[models.Model]]) -> None:
    """Move id sequences past the restored ids (PostgreSQL; SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _restore_media(archive: Archive) -> tuple[int, int]:
    root = _media_root().resolve()
    count = size = 0
    with tarfile.open(archive.path, mode="r:gz") as tar:
        for member in tar:
            if not member.name.startswith(f"{MEDIA_DIR}/"):
                continue
            relative = member.name[len(MEDIA_DIR) + 1:]
            expected = archive.manifest["media"][relative]
            target = (root / relative).resolve()
            if not target.is_relative_to(root):
                raise BackupError(f"{relative!r}: outside MEDIA_ROOT.")
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.restoring")
            digest = hashlib.sha256()
            with tar.extractfile(member) as source, temporary.open("wb") as sink:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    sink.write(chunk)
            if digest.hexdigest() != expected["sha256"]:  # the file changed since the check
                temporary.unlink()
                raise BackupError(f"media file {relative}: changed while restoring.")
            temporary.replace(target)
            count += 1
            size += expected["size"]
    return count, size
