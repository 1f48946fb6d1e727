"""Backup and restore: a realistic world survives the round trip through an empty database."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from mahalla.appeals.models import Appeal, AppealPhoto, AppealStep
from mahalla.appeals.services.workflow import answer_appeal, assign_appeal
from mahalla.core.models import DomainEvent, User
from mahalla.ledger import merkle, services
from mahalla.ledger.models import HEAD_ID, LedgerEntry, LogHead
from mahalla.ledger.note import open_checkpoint, parse_vkey
from mahalla.ops.backup import data_rows, table_digests
from tests.appeals.conftest import jpeg_bytes, upload
from tests.documents.edocs import ensure_shipped_services
from tests.factories import DEFAULT_PASSWORD

# Restoring needs a database that commits and can be emptied: transactional tests.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def populated(world, submit, media, ledger_key):
    """Two reports with photos, one answered, events and ledger leaves, a signed checkpoint."""
    first = submit(photos=[upload(jpeg_bytes())])
    second = submit(author="neighbour", category="gas",
                    text="Podyezd oldida gaz hidi kelmoqda, tekshirib bering",
                    photos=[upload(jpeg_bytes(color=(20, 20, 200))),
                            upload(jpeg_bytes((80, 60)), name="second.jpg")])
    assign_appeal(appeal=first, executor=world["executor"], actor=world["dispatcher"])
    answer_appeal(appeal=first, text="Quvur almashtirildi.", actor=world["executor"])
    checkpoint = services.publish_checkpoint()
    assert checkpoint.size == LedgerEntry.objects.count() > 3
    assert AppealPhoto.objects.count() == 3
    return {"appeals": [first, second], "checkpoint": checkpoint, "world": world}


def backup(path: Path) -> Path:
    call_command("backup", output=path, stdout=io.StringIO())
    return path


def restore(path: Path, *args) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def empty_database(media: Path) -> None:
    """What a new server has: migrated tables, the rows migrations create, no media."""
    call_command("flush", interactive=False)
    ensure_shipped_services()
    LogHead.objects.create(pk=HEAD_ID)
    shutil.rmtree(media, ignore_errors=True)
    assert data_rows() == {}


def rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of ``archive`` with ``change(members)`` applied to {name: bytes}."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}
    change(members)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def test_a_backup_restores_into_an_empty_database(populated, media, tmp_path):
    archive = backup(tmp_path / "mahalla.tar.gz")
    tables, files = table_digests(), media_files(media)
    assert tables["appeals.appeal"]["rows"] == 2 and tables["core.user"]["rows"] >= 9
    assert len(files) == 6  # three photos and their thumbnails
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["tables"]["appeals.appealphoto"]["rows"] == 3
    assert "sessions.session" not in manifest["tables"]
    assert "django_tasks_database.dbtaskresult" not in manifest["tables"]
    assert manifest["migrations"]["appeals"] and set(manifest["media"]) == set(files)

    empty_database(media)
    summary = restore(archive)

    assert "Restored" in summary
    assert table_digests() == tables
    assert media_files(media) == files
    resident = populated["world"]["resident"]
    assert authenticate(phone=resident.phone, password=DEFAULT_PASSWORD) == resident


def test_the_restored_ledger_still_proves_its_entries_and_grows(populated, media, tmp_path,
                                                                 ledger_key, submit):
    archive = backup(tmp_path / "mahalla.tar.gz")
    empty_database(media)
    restore(archive)

    checkpoint = services.latest_checkpoint(publish_if_missing=False)
    assert checkpoint.note_text == populated["checkpoint"].note_text
    signed = open_checkpoint(checkpoint.note_text.encode(), parse_vkey(ledger_key))
    for entry in LedgerEntry.objects.order_by("index"):
        proof = services.inclusion_proof(index=entry.index, tree_size=signed.size)
        merkle.verify_inclusion(merkle.leaf_hash(bytes(entry.leaf_data)), entry.index,
                                signed.size, proof, signed.root_hash)
    checks = services.check_inclusion(list(LedgerEntry.objects.all()), checkpoint)
    assert {check.status for check in checks} == {"included"}
    # Each leaf is still the canonical form of its event: times kept to the microsecond.
    for entry in LedgerEntry.objects.select_related("event"):
        assert services.leaf_data(entry.event) == bytes(entry.leaf_data)

    # New rows get fresh ids (sequences were reset) and the log extends the old one.
    size = signed.size
    appeal = submit(text="Yana bir joyda suv quvuri yorilgan, yordam bering")
    assert appeal.pk > max(a.pk for a in populated["appeals"])
    newer = services.publish_checkpoint()
    assert newer.size > size
    proof = services.consistency_proof(first=size, second=newer.size)
    merkle.verify_consistency(size, newer.size, signed.root_hash, bytes(newer.root), proof)


def test_a_changed_table_is_refused_and_nothing_is_stored(populated, media, tmp_path):
    archive = backup(tmp_path / "mahalla.tar.gz")

    def change(members):
        name = "data/appeals.appeal.json"
        members[name] = members[name].replace(b"suv", b"gaz")

    tampered = rewrite(archive, tmp_path / "tampered.tar.gz", change)
    empty_database(media)
    with pytest.raises(CommandError, match="appeals.appeal: its SHA-256 does not match"):
        restore(tampered)
    assert data_rows() == {}
    assert not media.exists()


def test_a_changed_media_file_is_refused(populated, media, tmp_path):
    archive = backup(tmp_path / "mahalla.tar.gz")

    def change(members):
        name = next(n for n in members if n.startswith("media/"))
        members[name] = members[name][:-1] + b"\0"

    tampered = rewrite(archive, tmp_path / "tampered.tar.gz", change)
    empty_database(media)
    with pytest.raises(CommandError, match="media file .* does not match"):
        restore(tampered)
    assert data_rows() == {}


def test_a_load_that_fails_halfway_stores_nothing(populated, media, tmp_path):
    """Hashes fixed up to match, but a ledger leaf points at a missing event: the tables
    loaded before it (appeals, users, events) are rolled back with it."""
    archive = backup(tmp_path / "mahalla.tar.gz")

    def change(members):
        name = "data/ledger.ledgerentry.json"
        rows = json.loads(members[name])
        rows[-1]["fields"]["event"] = 999_999
        members[name] = json.dumps(rows, sort_keys=True, separators=(",", ":")).encode()
        manifest = json.loads(members["manifest.json"])
        import hashlib

        manifest["tables"]["ledger.ledgerentry"]["sha256"] = hashlib.sha256(
            members[name]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    broken = rewrite(archive, tmp_path / "broken.tar.gz", change)
    empty_database(media)
    with pytest.raises(CommandError, match="Nothing was restored"):
        restore(broken)
    assert data_rows() == {}
    assert not Appeal.objects.exists() and not User.objects.exists()
    assert not DomainEvent.objects.exists() and not AppealStep.objects.exists()
    assert not media.exists()


def test_a_backup_from_another_migration_state_is_refused(populated, media, tmp_path):
    archive = backup(tmp_path / "mahalla.tar.gz")

    def change(members):
        manifest = json.loads(members["manifest.json"])
        manifest["migrations"]["appeals"].append("9999_from_the_future")
        members["manifest.json"] = json.dumps(manifest).encode()

    future = rewrite(archive, tmp_path / "future.tar.gz", change)
    empty_database(media)
    with pytest.raises(CommandError, match="Applied there, not here: appeals.9999_from_the_future"):
        restore(future)
    assert data_rows() == {}


def test_a_database_with_data_is_kept_unless_flushing_is_confirmed(populated, media, tmp_path):
    archive = backup(tmp_path / "mahalla.tar.gz")
    tables = table_digests()
    submit_count = Appeal.objects.count()

    with pytest.raises(CommandError, match="already holds data"):
        restore(archive)
    with pytest.raises(CommandError, match="add --yes"):
        restore(archive, "--force-flush")
    assert Appeal.objects.count() == submit_count

    Appeal.objects.filter(pk=populated["appeals"][0].pk).update(text="changed after the backup")
    restore(archive, "--force-flush", "--yes")
    assert table_digests() == tables


def test_an_existing_output_file_is_not_overwritten(populated, tmp_path):
    path = tmp_path / "taken.tar.gz"
    path.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        backup(path)
    assert path.read_bytes() == b"keep me"
