"""The real offline verifier against the real log: honest, altered in the database, and forked."""

import pytest
from django.db import transaction

from mahalla.ledger import merkle, services
from mahalla.ledger.models import Checkpoint, LedgerEntry, LedgerNode, LogHead
from mahalla.ledger.note import Checkpoint as SignedHead
from mahalla.ledger.note import parse_skey, sign_checkpoint
from mahalla.ledger.verify import (
    ConsistencyFailure,
    EntryFailure,
    ForkDetected,
    main,
    verify_log,
)
from tests.ledger.conftest import ORIGIN, SKEY, VKEY, append_events

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_key")]

SIZE = 13  # not a power of two: the tree has a left and a ragged right part
NODES = [(level, index) for level in range(4) for index in range(SIZE >> level)]


@pytest.fixture
def log(db, ledger_key):
    append_events(SIZE)
    services.publish_checkpoint()


def run(fetch, *args: str) -> int:
    return main(["--url", "http://log.test", "--key", VKEY, *args], fetch=fetch)


def every_entry() -> list[str]:
    return [arg for index in range(SIZE) for arg in ("--entry", str(index))]


def sign(size: int, root: bytes) -> str:
    return sign_checkpoint(SignedHead(ORIGIN, size, root), parse_skey(SKEY)).decode()


@pytest.mark.usefixtures("log")
class TestHonestLog:
    def test_the_verifier_accepts_every_entry(self, fetch, log_verifier):
        report = verify_log(fetch, log_verifier, entries=range(SIZE))

        assert report.state.size == SIZE
        assert report.entries == {
            entry.index: merkle.leaf_hash(bytes(entry.leaf_data))
            for entry in LedgerEntry.objects.all()
        }

    def test_the_verifier_follows_the_log_as_it_grows(self, fetch, tmp_path, capsys):
        state = tmp_path / "state.json"
        assert run(fetch, "--state", str(state), *every_entry()) == 0
        append_events(6)
        services.publish_checkpoint()

        assert run(fetch, "--state", str(state), "--entry", str(SIZE + 5)) == 0
        assert f"log grew from size {SIZE} to {SIZE + 6}, proof valid" in capsys.readouterr().out


@pytest.mark.usefixtures("log")
class TestTampering:
    def test_changed_leaf_data_fails_that_entry(self, fetch, capsys):
        LedgerEntry.objects.filter(index=4).update(leaf_data=b'{"event_id":1,"type":"forged"}')

        assert run(fetch, "--entry", "3") == 0
        assert run(fetch, "--entry", "4") == EntryFailure.exit_code
        assert "entry 4" in capsys.readouterr().err

    def test_changed_leaf_data_with_a_matching_leaf_hash_fails_the_proof(self, fetch):
        forged = b'{"event_id":1,"type":"forged"}'
        LedgerEntry.objects.filter(index=4).update(leaf_data=forged)
        LedgerNode.objects.filter(level=0, index=4).update(hash=merkle.leaf_hash(forged))

        assert run(fetch, "--entry", "4") == EntryFailure.exit_code

    @pytest.mark.parametrize("node", NODES, ids=[f"level{lv}-index{ix}" for lv, ix in NODES])
    def test_any_changed_node_hash_fails_verification(self, fetch, node):
        level, index = node
        LedgerNode.objects.filter(level=level, index=index).update(hash=b"\x5a" * 32)

        assert run(fetch, *every_entry()) == EntryFailure.exit_code

    def test_a_different_root_at_the_same_size_is_a_fork(self, fetch, tmp_path, capsys):
        state = tmp_path / "state.json"
        assert run(fetch, "--state", str(state)) == 0
        other_root = merkle.node_hash(b"\x01" * 32, b"\x02" * 32)
        Checkpoint.objects.filter(size=SIZE).update(note_text=sign(SIZE, other_root),
                                                    root=other_root)

        assert run(fetch, "--state", str(state)) == ForkDetected.exit_code
        assert "fork" in capsys.readouterr().err

    def test_rewritten_history_fails_the_consistency_proof(self, fetch, tmp_path):
        state = tmp_path / "state.json"
        assert run(fetch, "--state", str(state)) == 0
        # An operator with database access rewrites entry 4 and rebuilds every hash above it,
        # then lets the log grow and signs a new head with the real key.
        with transaction.atomic():
            LedgerEntry.objects.filter(index=4).update(leaf_data=b'{"rewritten":true}')
            LedgerNode.objects.all().delete()
            frontier = merkle.CompactRange()
            for entry in LedgerEntry.objects.order_by("index"):
                services.store.put(frontier.append(merkle.leaf_hash(bytes(entry.leaf_data))))
            LogHead.objects.update(size=frontier.size, root=frontier.root(),
                                   frontier=b"".join(frontier.hashes))
        append_events(3)
        services.publish_checkpoint()

        assert run(fetch, "--state", str(state)) == ConsistencyFailure.exit_code
        # Without the saved state the rewritten log looks fine: keep the state file.
        assert run(fetch, "--entry", "4") == 0


@pytest.mark.django_db(transaction=True)
def test_the_command_line_verifier_over_http(live_server, tmp_path, capsys):
    append_events(5)
    url = live_server.url
    args = ["--url", url, "--key", VKEY, "--state", str(tmp_path / "state.json")]

    assert main([*args, "--entry", "0", "--entry", "4"]) == 0
    assert "entry 4: included" in capsys.readouterr().out

    LedgerEntry.objects.filter(index=2).update(leaf_data=b"{}")
    assert main([*args, "--entry", "2"]) == EntryFailure.exit_code
