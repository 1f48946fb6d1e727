"""Independent verifier for a Mahalla transparency log (stdlib and ``cryptography`` only).

    python -m mahalla.ledger.verify --url https://mahalla.example --key VKEY \\
        [--state FILE] [--entry I ...]

It fetches the signed checkpoint and checks its signature, proves the log only
grew since the checkpoint saved in ``--state`` (a different root at the same
size is a fork), proves each ``--entry`` is in the checkpoint, and then saves
the new checkpoint as the state. Exit codes: 0 verified, 2 usage, 3 fetch or
response error, 4 checkpoint, 5 consistency, 6 fork, 7 entry, 8 state file.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mahalla.ledger.merkle import (
    EMPTY_ROOT,
    ProofError,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)
from mahalla.ledger.note import (
    Checkpoint,
    KeyFormatError,
    NoteError,
    Verifier,
    open_checkpoint,
    parse_vkey,
)

CHECKPOINT_PATH = "/api/v1/ledger/checkpoint"
ENTRY_PATH = "/api/v1/ledger/entries/{index}"
INCLUSION_PATH = "/api/v1/ledger/proof/inclusion"
CONSISTENCY_PATH = "/api/v1/ledger/proof/consistency"
MAX_RESPONSE_BYTES = 1 << 20
USER_AGENT = "mahalla-ledger-verify/1"

Fetch = Callable[[str], bytes]
"""Return the body at a path (with query) under the log's base URL.

Raise ``FetchFailure`` or ``OSError`` on failure.
"""


class VerificationFailure(Exception):
    """The log failed a check; ``exit_code`` and ``kind`` say which."""

    exit_code = 1
    kind = "verification"


class FetchFailure(VerificationFailure):
    exit_code = 3
    kind = "fetch"


class CheckpointFailure(VerificationFailure):
    exit_code = 4
    kind = "checkpoint"


class ConsistencyFailure(VerificationFailure):
    exit_code = 5
    kind = "consistency"


class ForkDetected(ConsistencyFailure):
    exit_code = 6
    kind = "fork"


class EntryFailure(VerificationFailure):
    exit_code = 7
    kind = "entry"


class StateFailure(VerificationFailure):
    exit_code = 8
    kind = "state"


@dataclass(frozen=True)
class TrustedState:
    """The last checkpoint this verifier accepted."""

    origin: str
    size: int
    root_hash: bytes
    note: str = ""


@dataclass(frozen=True)
class Report:
    """What a successful run verified."""

    state: TrustedState
    previous: TrustedState | None
    entries: dict[int, bytes] = field(default_factory=dict)

    def summary(self) -> str:
        """Return a few human-readable lines."""
        root = base64.b64encode(self.state.root_hash).decode()
        lines = [
            f"checkpoint: origin {self.state.origin}, size {self.state.size}, root {root} "
            "(signature valid)"
        ]
        if self.previous is None:
            lines.append("consistency: no saved state, trusting this checkpoint from now on")
        elif self.previous.size == self.state.size:
            lines.append(f"consistency: unchanged since saved state (size {self.previous.size})")
        else:
            lines.append(
                f"consistency: log grew from size {self.previous.size} to {self.state.size}, "
                "proof valid"
            )
        lines.extend(
            f"entry {index}: included, leaf hash {hash_.hex()}"
            for index, hash_ in self.entries.items()
        )
        return "\n".join(lines)


def verify_log(
    fetch: Fetch,
    verifier: Verifier,
    *,
    previous: TrustedState | None = None,
    entries: Sequence[int] = (),
    origin: str | None = None,
) -> Report:
    """Verify the log behind ``fetch`` against its key and the ``previous`` state.

    Raise a ``VerificationFailure`` subclass naming what failed.
    """
    note = _get(fetch, CHECKPOINT_PATH)
    checkpoint = _open_checkpoint(note, verifier, origin)
    state = TrustedState(checkpoint.origin, checkpoint.size, checkpoint.root_hash, note.decode())
    if previous is not None:
        _check_consistency(fetch, previous, state)
    verified = {index: _check_entry(fetch, index, state) for index in entries}
    return Report(state, previous, verified)


def _open_checkpoint(note: bytes, verifier: Verifier, origin: str | None) -> Checkpoint:
    try:
        checkpoint = open_checkpoint(note, verifier, origin=origin)
    except NoteError as exc:
        raise CheckpointFailure(f"checkpoint rejected: {exc}") from exc
    if checkpoint.size == 0 and checkpoint.root_hash != EMPTY_ROOT:
        raise CheckpointFailure(
            "checkpoint of an empty log has a root other than the empty-tree hash"
        )
    return checkpoint


def _check_consistency(fetch: Fetch, old: TrustedState, new: TrustedState) -> None:
    if old.origin != new.origin:
        raise StateFailure(f"saved state is for log {old.origin!r}, not {new.origin!r}")
    if new.size < old.size:
        raise ConsistencyFailure(
            f"log shrank: checkpoint size {new.size} is below saved size {old.size}"
        )
    if new.size == old.size:
        if new.root_hash != old.root_hash:
            raise ForkDetected(
                f"fork: size {new.size} has root {_b64(new.root_hash)} now "
                f"but {_b64(old.root_hash)} in saved state"
            )
        return
    if old.size == 0:
        return  # every tree extends the empty one
    query = urllib.parse.urlencode({"first": old.size, "second": new.size})
    body = _get_json(fetch, f"{CONSISTENCY_PATH}?{query}")
    if body.get("first") != old.size or body.get("second") != new.size:
        raise FetchFailure(
            f"consistency proof response is for sizes {body.get('first')}..{body.get('second')}"
        )
    try:
        verify_consistency(
            old.size, new.size, old.root_hash, new.root_hash, _hash_list(body, "hashes")
        )
    except ProofError as exc:
        raise ConsistencyFailure(
            f"log is not an extension of saved state (size {old.size}): {exc}"
        ) from exc


def _check_entry(fetch: Fetch, index: int, state: TrustedState) -> bytes:
    if not 0 <= index < state.size:
        raise EntryFailure(f"entry {index}: not in the checkpoint (tree size {state.size})")
    entry = _get_json(fetch, ENTRY_PATH.format(index=index))
    if entry.get("index") != index:
        raise EntryFailure(f"entry {index}: server returned entry {entry.get('index')!r}")
    computed = leaf_hash(_b64_field(entry, "leaf_data"))
    if computed != _b64_field(entry, "leaf_hash"):
        raise EntryFailure(
            f"entry {index}: leaf_hash is not SHA-256(0x00 || leaf_data); "
            "the entry data was altered"
        )
    query = urllib.parse.urlencode({"index": index, "tree_size": state.size})
    body = _get_json(fetch, f"{INCLUSION_PATH}?{query}")
    if body.get("index") != index or body.get("tree_size") != state.size:
        raise FetchFailure(
            f"entry {index}: inclusion proof response is for another leaf or tree size"
        )
    try:
        verify_inclusion(computed, index, state.size, _hash_list(body, "hashes"), state.root_hash)
    except ProofError as exc:
        raise EntryFailure(f"entry {index}: not proven in the checkpoint: {exc}") from exc
    return computed


def _get(fetch: Fetch, path: str) -> bytes:
    try:
        return fetch(path)
    except VerificationFailure:
        raise
    except (OSError, ValueError) as exc:
        raise FetchFailure(f"GET {path}: {exc}") from exc


def _get_json(fetch: Fetch, path: str) -> dict[str, Any]:
    try:
        body = json.loads(_get(fetch, path))
    except ValueError as exc:
        raise FetchFailure(f"GET {path}: response is not JSON") from exc
    if not isinstance(body, dict):
        raise FetchFailure(f"GET {path}: response is not a JSON object")
    return body


def _b64_field(body: dict[str, Any], name: str) -> bytes:
    value = body.get(name)
    try:
        if not isinstance(value, str):
            raise ValueError
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FetchFailure(f"response field {name!r} is not base64") from exc


def _hash_list(body: dict[str, Any], name: str) -> list[bytes]:
    values = body.get(name)
    if not isinstance(values, list):
        raise FetchFailure(f"response field {name!r} is not a list")
    return [_b64_field({name: value}, name) for value in values]


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def http_fetcher(base_url: str, *, timeout: float = 15.0) -> Fetch:
    """Return a ``Fetch`` that GETs paths under ``base_url`` (http or https only)."""
    scheme = urllib.parse.urlsplit(base_url).scheme
    if scheme not in ("http", "https"):
        raise ValueError(f"log URL must be http or https, not {base_url!r}")
    base = base_url.rstrip("/")

    def fetch(path: str) -> bytes:
        url = base + path
        # S310: the scheme was checked to be http(s) above.
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                body: bytes = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise FetchFailure(f"GET {url}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise FetchFailure(f"GET {url}: {getattr(exc, 'reason', exc)}") from exc
        if len(body) > MAX_RESPONSE_BYTES:
            raise FetchFailure(f"GET {url}: response larger than {MAX_RESPONSE_BYTES} bytes")
        return body

    return fetch


def load_state(path: Path) -> TrustedState | None:
    """Read a state file; None if it does not exist."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return TrustedState(
            origin=raw["origin"],
            size=int(raw["size"]),
            root_hash=base64.b64decode(raw["root_hash"], validate=True),
            note=raw.get("checkpoint", ""),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise StateFailure(f"cannot read state file {path}: {exc}") from exc


def save_state(path: Path, state: TrustedState) -> None:
    """Write a state file atomically."""
    data = {
        "origin": state.origin,
        "size": state.size,
        "root_hash": _b64(state.root_hash),
        "checkpoint": state.note,
    }
    directory = path.resolve().parent
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=directory, delete=False, suffix=".tmp"
        ) as tmp:
            json.dump(data, tmp, indent=2)
            tmp.write("\n")
        os.replace(tmp.name, path)
    except OSError as exc:
        raise StateFailure(f"cannot write state file {path}: {exc}") from exc


def main(argv: Sequence[str] | None = None, *, fetch: Fetch | None = None) -> int:
    """Run the command line verifier; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m mahalla.ledger.verify", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--url", required=True, help="site base URL, e.g. https://mahalla.example")
    parser.add_argument(
        "--key", required=True, help="log verifier key: <name>+<hex key ID>+<base64 key>"
    )
    parser.add_argument("--origin", help="expected checkpoint origin (default: the key name)")
    parser.add_argument("--state", type=Path, help="file holding the last verified checkpoint")
    parser.add_argument(
        "--entry", type=int, action="append", default=[], metavar="I", help="leaf index to prove"
    )
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per HTTP request")
    args = parser.parse_args(argv)
    try:
        verifier = parse_vkey(args.key)
        fetch = fetch or http_fetcher(args.url, timeout=args.timeout)
    except (KeyFormatError, ValueError) as exc:
        parser.error(str(exc))

    try:
        previous = load_state(args.state) if args.state else None
        report = verify_log(
            fetch, verifier, previous=previous, entries=args.entry, origin=args.origin
        )
        if args.state:
            save_state(args.state, report.state)
    except VerificationFailure as exc:
        print(f"FAILED ({exc.kind}): {exc}", file=sys.stderr)
        return exc.exit_code
    print(report.summary())
    if args.state:
        print(f"state saved to {args.state}")
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
