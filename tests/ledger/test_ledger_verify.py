"""The offline verifier against a fake log served over HTTP on 127.0.0.1, honest and tampered."""

import base64
import json
import os
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mahalla.ledger.merkle import (
    CompactRange,
    MemoryNodeStore,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
)
from mahalla.ledger.note import Checkpoint, generate_key, parse_skey, parse_vkey, sign_checkpoint
from mahalla.ledger.verify import (
    CheckpointFailure,
    ConsistencyFailure,
    EntryFailure,
    FetchFailure,
    ForkDetected,
    StateFailure,
    TrustedState,
    load_state,
    main,
    verify_log,
)

ORIGIN = "mahalla.test/ledger"
SKEY, VKEY = generate_key(ORIGIN)
REPO_ROOT = Path(__file__).resolve().parents[2]


class FakeLog:
    """An in-memory log speaking the ledger API; tests tamper with its fields directly."""

    def __init__(self, leaves: Sequence[bytes] = (), *, skey: str = SKEY) -> None:
        self.signer = parse_skey(skey)
        self.leaves: list[bytes] = []
        self.store = MemoryNodeStore()
        self.frontier = CompactRange()
        self.append(*leaves)

    def append(self, *leaves: bytes) -> "FakeLog":
        for data in leaves:
            self.leaves.append(data)
            self.store.put(self.frontier.append(leaf_hash(data)))
        self.publish()
        return self

    def publish(self) -> None:
        checkpoint = Checkpoint(self.signer.name, self.frontier.size, self.frontier.root())
        self.checkpoint = sign_checkpoint(checkpoint, self.signer)

    def respond(self, path: str) -> tuple[int, bytes]:
        url = urllib.parse.urlsplit(path)
        query = {key: int(value) for key, value in urllib.parse.parse_qsl(url.query)}
        parts = url.path.removeprefix("/api/v1/ledger/").split("/")
        try:
            if parts == ["checkpoint"]:
                return 200, self.checkpoint
            if parts[0] == "entries" and len(parts) == 2:
                index = int(parts[1])
                body = {
                    "index": index,
                    "leaf_data": b64(self.leaves[index]),
                    "leaf_hash": b64(self.store.get(0, index)),
                }
            elif parts == ["proof", "inclusion"]:
                hashes = inclusion_proof(self.store, query["index"], query["tree_size"])
                body = {
                    "index": query["index"],
                    "tree_size": query["tree_size"],
                    "hashes": [b64(h) for h in hashes],
                }
            elif parts == ["proof", "consistency"]:
                hashes = consistency_proof(self.store, query["first"], query["second"])
                body = {
                    "first": query["first"],
                    "second": query["second"],
                    "hashes": [b64(h) for h in hashes],
                }
            else:
                return 404, b'{"error": "not found"}'
        except (KeyError, IndexError, ValueError):
            return 404, b'{"error": "not found"}'
        return 200, json.dumps(body).encode()

    def fetch(self, path: str) -> bytes:
        status, body = self.respond(path)
        if status != 200:
            raise FetchFailure(f"GET {path}: HTTP {status}")
        return body


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def events(count: int, label: str = "event") -> list[bytes]:
    return [f'{{"{label}":{i}}}'.encode() for i in range(count)]


class Server:
    """Serves whichever FakeLog is in ``log``: swap it for a different log at the same URL."""

    def __init__(self, log: FakeLog) -> None:
        self.log = log
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = server.log.respond(self.path)
                self.send_response(status)
                self.send_header(
                    "Content-Type",
                    "text/plain" if self.path.endswith("checkpoint") else "application/json",
                )
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    served = Server(FakeLog(events(10)))
    yield served
    served.close()


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "ledger-state.json"


def run(server: Server, state_file: Path, *entries: int, key: str = VKEY) -> int:
    argv = ["--url", server.url, "--key", key, "--state", str(state_file)]
    for index in entries:
        argv += ["--entry", str(index)]
    return main(argv)


def test_first_run_trusts_and_saves_the_checkpoint(
    server: Server, state_file: Path, capsys
) -> None:
    assert run(server, state_file, 0, 4, 9) == 0
    out = capsys.readouterr().out
    assert f"origin {ORIGIN}, size 10" in out
    assert "no saved state" in out
    assert "entry 4: included" in out and out.rstrip().endswith("OK")
    saved = load_state(state_file)
    assert (saved.origin, saved.size, saved.root_hash) == (ORIGIN, 10, server.log.frontier.root())
    assert saved.note == server.log.checkpoint.decode()


def test_growth_is_proven_consistent_with_saved_state(
    server: Server, state_file: Path, capsys
) -> None:
    assert run(server, state_file) == 0
    server.log.append(*events(27, "more"))
    assert run(server, state_file, 3, 36) == 0
    assert "log grew from size 10 to 37, proof valid" in capsys.readouterr().out
    assert load_state(state_file).size == 37


def test_unchanged_log_verifies_again(server: Server, state_file: Path, capsys) -> None:
    assert run(server, state_file) == 0
    assert run(server, state_file, 1) == 0
    assert "unchanged since saved state (size 10)" in capsys.readouterr().out


def test_altered_leaf_data_is_detected(server: Server, state_file: Path, capsys) -> None:
    server.log.leaves[4] = b'{"event":4,"amount":1000000}'
    assert run(server, state_file, 4) == EntryFailure.exit_code
    err = capsys.readouterr().err
    assert "FAILED (entry): entry 4: leaf_hash is not SHA-256(0x00 || leaf_data)" in err
    assert not state_file.exists()


def test_altered_leaf_with_recomputed_leaf_hash_fails_inclusion(
    server: Server, state_file: Path, capsys
) -> None:
    forged = b'{"event":4,"forged":true}'
    server.log.leaves[4] = forged
    server.log.store.nodes[(0, 4)] = leaf_hash(forged)
    assert run(server, state_file, 4) == EntryFailure.exit_code
    assert (
        "entry 4: not proven in the checkpoint: inclusion proof: computed root"
        in capsys.readouterr().err
    )


def test_altered_node_hash_breaks_inclusion_proof(server: Server, state_file: Path, capsys) -> None:
    server.log.store.nodes[(1, 3)] = bytes(32)  # leaves 6-7: a sibling on leaf 4's path
    assert run(server, state_file, 2) == 0
    assert run(server, state_file, 4) == EntryFailure.exit_code
    assert "does not match expected root" in capsys.readouterr().err
    assert load_state(state_file).size == 10


def test_altered_node_hash_breaks_consistency_proof(
    server: Server, state_file: Path, capsys
) -> None:
    server.log = FakeLog(
        events(6)
    )  # size 6 = complete subtrees [0, 4) and [4, 6), the latter node (1, 2)
    assert run(server, state_file) == 0
    server.log.append(*events(4, "more"))
    server.log.store.nodes[(1, 2)] = bytes(32)
    assert run(server, state_file) == ConsistencyFailure.exit_code
    assert "not an extension of saved state (size 6)" in capsys.readouterr().err
    assert load_state(state_file).size == 6


def test_fork_at_the_same_size_is_detected(server: Server, state_file: Path, capsys) -> None:
    assert run(server, state_file) == 0
    rewritten = events(10)
    rewritten[3] = b'{"event":3,"rewritten":true}'
    server.log = FakeLog(rewritten)
    assert run(server, state_file) == ForkDetected.exit_code
    assert "FAILED (fork): fork: size 10 has root" in capsys.readouterr().err
    assert load_state(state_file).root_hash != server.log.frontier.root()


def test_rewritten_history_that_also_grew_fails_consistency(
    server: Server, state_file: Path, capsys
) -> None:
    assert run(server, state_file) == 0
    rewritten = events(15)
    rewritten[3] = b'{"event":3,"rewritten":true}'
    server.log = FakeLog(rewritten)
    assert run(server, state_file) == ConsistencyFailure.exit_code
    assert "does not match first root" in capsys.readouterr().err


def test_shrunk_log_is_rejected(server: Server, state_file: Path, capsys) -> None:
    assert run(server, state_file) == 0
    server.log = FakeLog(events(7))
    assert run(server, state_file) == ConsistencyFailure.exit_code
    assert "log shrank" in capsys.readouterr().err


def test_checkpoint_signed_by_another_key_is_rejected(
    server: Server, state_file: Path, capsys
) -> None:
    server.log = FakeLog(events(10), skey=generate_key(ORIGIN)[0])
    assert run(server, state_file) == CheckpointFailure.exit_code
    assert "no signature by a known key" in capsys.readouterr().err
    assert not state_file.exists()


def test_corrupted_signature_is_rejected(server: Server, state_file: Path, capsys) -> None:
    text, signature = server.log.checkpoint.split(b"\n\n")
    name, encoded = signature.decode().rstrip("\n").rsplit(" ", 1)
    raw = bytearray(base64.b64decode(encoded))
    raw[10] ^= 1
    server.log.checkpoint = text + b"\n\n" + f"{name} {b64(bytes(raw))}\n".encode()
    assert run(server, state_file) == CheckpointFailure.exit_code
    assert "invalid signature by key" in capsys.readouterr().err


def test_checkpoint_text_altered_after_signing_is_rejected(
    server: Server, state_file: Path, capsys
) -> None:
    server.log.checkpoint = server.log.checkpoint.replace(b"\n10\n", b"\n11\n", 1)
    assert run(server, state_file) == CheckpointFailure.exit_code
    assert "invalid signature" in capsys.readouterr().err


def test_other_origin_needs_explicit_acceptance(server: Server, state_file: Path) -> None:
    skey, vkey = generate_key("mahalla.test/key-2026")
    server.log = FakeLog(events(3), skey=skey)
    server.log.checkpoint = sign_checkpoint(
        Checkpoint(ORIGIN, 3, server.log.frontier.root()), server.log.signer
    )
    assert run(server, state_file, key=vkey) == CheckpointFailure.exit_code
    argv = ["--url", server.url, "--key", vkey, "--origin", ORIGIN, "--state", str(state_file)]
    assert main(argv) == 0


def test_entry_beyond_checkpoint_is_rejected(server: Server, state_file: Path, capsys) -> None:
    assert run(server, state_file, 10) == EntryFailure.exit_code
    assert "entry 10: not in the checkpoint (tree size 10)" in capsys.readouterr().err


def test_unreachable_server_is_a_fetch_failure(state_file: Path, capsys) -> None:
    served = Server(FakeLog(events(1)))
    served.close()
    assert main(["--url", served.url, "--key", VKEY, "--timeout", "2"]) == FetchFailure.exit_code
    assert "FAILED (fetch)" in capsys.readouterr().err


def test_corrupt_state_file_is_reported(server: Server, state_file: Path, capsys) -> None:
    state_file.write_text("{not json")
    assert run(server, state_file) == StateFailure.exit_code
    assert "cannot read state file" in capsys.readouterr().err


def test_state_for_another_log_is_refused(server: Server, state_file: Path) -> None:
    state_file.write_text(
        json.dumps({"origin": "elsewhere/log", "size": 1, "root_hash": b64(bytes(32))})
    )
    assert run(server, state_file) == StateFailure.exit_code


def test_bad_key_is_a_usage_error(server: Server, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--url", server.url, "--key", "not-a-key"])
    assert caught.value.code == 2
    assert "verifier key" in capsys.readouterr().err


def test_verify_log_takes_any_fetch_callable() -> None:
    log = FakeLog(events(5))
    report = verify_log(log.fetch, parse_vkey(VKEY), entries=[0, 4])
    assert report.state.size == 5 and set(report.entries) == {0, 4}
    previous = report.state
    log.append(b"six")
    assert verify_log(log.fetch, parse_vkey(VKEY), previous=previous).state.size == 6
    fork = TrustedState(ORIGIN, 6, bytes(32))
    with pytest.raises(ForkDetected):
        verify_log(log.fetch, parse_vkey(VKEY), previous=fork)


def test_malformed_proof_response_is_a_fetch_failure() -> None:
    log = FakeLog(events(5))

    def fetch(path: str) -> bytes:
        return (
            b'{"index": 1, "tree_size": 5, "hashes": ["%%%"]}'
            if "inclusion" in path
            else log.fetch(path)
        )

    with pytest.raises(FetchFailure, match="not base64"):
        verify_log(fetch, parse_vkey(VKEY), entries=[1])


def test_runs_as_a_module(server: Server, state_file: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    command = [
        sys.executable,
        "-m",
        "mahalla.ledger.verify",
        "--url",
        server.url,
        "--key",
        VKEY,
        "--entry",
        "3",
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "entry 3: included" in result.stdout
    server.log.leaves[3] = b"tampered"
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=60
    )
    assert result.returncode == EntryFailure.exit_code
    assert "FAILED (entry)" in result.stderr
