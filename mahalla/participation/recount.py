"""Recounting published ballots: plain Python, no Django, so anyone can run it on a download.

    python -m mahalla.participation.recount ballots.json

The published document (`/participation/elections/<id>/ballots.json`) holds the election id,
its options, the ballots (id, option, receipt hash, ballot hash) sorted by receipt hash, the
SHA-256 of the ballot list and the tally the platform announced. This module recomputes every
ballot hash, the list digest and the tally, and says whether they agree.
"""

import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field

import rfc8785


def ballot_sha256(*, election: int, ballot: str, option: int, receipt_sha256: str) -> str:
    """The hash of one ballot: what goes into the transparency ledger at close."""
    return hashlib.sha256(rfc8785.dumps({
        "election": election, "ballot": ballot, "option": option,
        "receipt_sha256": receipt_sha256})).hexdigest()


def ballot_leaf_payload(*, election: int, ballot_hash: str) -> dict:
    """The DomainEvent payload recorded per ballot (its SHA-256 is in the ledger leaf)."""
    return {"election": election, "ballot_sha256": ballot_hash}


def list_sha256(ballot_hashes: list[str]) -> str:
    """SHA-256 over the ballot hashes in published order (sorted by receipt hash)."""
    return hashlib.sha256("\n".join(ballot_hashes).encode()).hexdigest()


def receipt_sha256(election: int, code: str) -> str:
    """The stored form of a voter's receipt code (dashes, spaces and case do not matter)."""
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"mahalla-vote:{election}:{normalized}".encode()).hexdigest()


@dataclass
class Recount:
    election: int
    tally: dict[int, int]
    ballots: int
    list_sha256: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def recount(document: dict) -> Recount:
    """Recount a published ballot document; `problems` lists every disagreement found."""
    election = int(document["election"])
    options = {int(o["id"]) for o in document["options"]}
    problems, hashes, receipts = [], [], []
    tally: Counter[int] = Counter({o: 0 for o in options})
    for row in document["ballots"]:
        option = int(row["option"])
        if option not in options:
            problems.append(f"ballot {row['ballot']}: unknown option {option}")
            continue
        expected = ballot_sha256(election=election, ballot=str(row["ballot"]), option=option,
                                 receipt_sha256=str(row["receipt_sha256"]))
        if row.get("ballot_sha256") != expected:
            problems.append(f"ballot {row['ballot']}: hash does not match its contents")
        hashes.append(expected)
        receipts.append(str(row["receipt_sha256"]))
        tally[option] += 1
    if receipts != sorted(receipts):
        problems.append("ballots are not sorted by receipt hash")
    if len(set(receipts)) != len(receipts):
        problems.append("a receipt hash appears twice")
    digest = list_sha256(hashes)
    if document.get("ballots_sha256") and document["ballots_sha256"] != digest:
        problems.append("the list digest does not match the ballots")
    announced = {int(k): int(v) for k, v in (document.get("tally") or {}).items()}
    if announced and announced != dict(tally):
        problems.append(f"announced tally {announced} differs from the recount {dict(tally)}")
    return Recount(election, dict(tally), len(hashes), digest, problems)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m mahalla.participation.recount ballots.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        document = json.load(handle)
    result = recount(document)
    names = {int(o["id"]): o["label"] for o in document["options"]}
    print(f"election {result.election}: {result.ballots} ballots, list {result.list_sha256}")
    for option, count in sorted(result.tally.items()):
        print(f"  {names.get(option, option)}: {count}")
    for problem in result.problems:
        print(f"PROBLEM: {problem}")
    print("OK: the recount matches" if result.ok else "MISMATCH")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
