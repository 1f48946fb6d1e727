"""C2SP signed notes and checkpoints: published vectors, strict parsing, key handling."""

import base64
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mahalla.ledger.note import (
    Checkpoint,
    InvalidSignatureError,
    KeyFormatError,
    MalformedNoteError,
    Signature,
    UnverifiedNoteError,
    decode_signature,
    format_checkpoint,
    format_skey,
    format_vkey,
    generate_key,
    key_id,
    open_checkpoint,
    open_note,
    parse_checkpoint,
    parse_note,
    parse_skey,
    parse_vkey,
    sign_checkpoint,
    sign_note,
)

VECTORS = json.loads((Path(__file__).parent / "vectors" / "signed_note_vectors.json").read_text())
PETER_VKEY = VECTORS["verifiable_notes"][1]["vkey"]
PETER_NOTE = VECTORS["verifiable_notes"][1]["note"].encode()
ROOT = bytes(range(32))
SKEY, VKEY = generate_key("mahalla.example/ledger")


@pytest.mark.parametrize("case", VECTORS["verifiable_notes"], ids=lambda case: case["desc"])
def test_verifiable_note_vectors(case: dict) -> None:
    verifier = parse_vkey(case["vkey"])
    if case["want_valid"]:
        note = open_note(case["note"].encode(), [verifier])
        assert [signature.name for signature in note.signatures] == [verifier.name]
        assert case["note"].startswith(note.text)
    else:
        with pytest.raises(InvalidSignatureError, match=verifier.name):
            open_note(case["note"].encode(), [verifier])


def test_signing_vector_is_reproduced_byte_for_byte() -> None:
    vector = VECTORS["signing_vector"]
    signer = parse_skey(vector["skey"])
    assert sign_note(vector["text"], signer) == vector["want_note"].encode()
    assert format_skey(signer.name, signer.private_key) == vector["skey"]
    assert format_vkey(signer.name, signer.private_key.public_key()) == PETER_VKEY


@pytest.mark.parametrize("case", VECTORS["verifiable_notes"][:3], ids=lambda case: case["desc"])
def test_vkey_round_trips(case: dict) -> None:
    verifier = parse_vkey(case["vkey"])
    assert format_vkey(verifier.name, verifier.public_key) == case["vkey"]


@pytest.mark.parametrize("case", VECTORS["vkeys_key_id_only"], ids=lambda case: case["desc"])
def test_key_id_vectors(case: dict) -> None:
    # The key string is split on the first two '+' only: the base64 key may contain '+'.
    name, id_hex, key_b64 = case["vkey"].split("+", 2)
    assert key_id(name, base64.b64decode(key_b64)) == int(id_hex, 16)


def test_ed25519_vkey_with_plus_in_base64_parses() -> None:
    vkey = VECTORS["vkeys_key_id_only"][0]["vkey"]
    assert parse_vkey(vkey).key_id == 0x7997405C


def test_cosignature_key_type_is_not_accepted_as_note_verifier() -> None:
    with pytest.raises(KeyFormatError, match="not an Ed25519 key"):
        parse_vkey(VECTORS["vkeys_key_id_only"][1]["vkey"])


def test_cosignature_timestamp_vector_decodes() -> None:
    vector = VECTORS["cosignature_timestamp"]
    key, signature = decode_signature(vector["signature_b64"])
    assert key == 0x646846B9
    assert int.from_bytes(signature[:8], "big") == vector["want_timestamp"]
    assert len(signature) == 8 + 64


@pytest.mark.parametrize(
    "case", VECTORS["checkpoint_examples_parse_only"], ids=lambda case: case["desc"]
)
def test_checkpoint_examples_parse(case: dict) -> None:
    note = parse_note(case["note"].encode())
    checkpoint = parse_checkpoint(note.text)
    assert checkpoint.origin == case["want_origin"]
    assert checkpoint.size == case["want_size"]
    assert base64.b64encode(checkpoint.root_hash).decode() == case["want_root_b64"]
    assert note.unverified[0].name == case["want_origin"]
    # Without the log's key nothing in it may be trusted.
    with pytest.raises(UnverifiedNoteError) as caught:
        open_note(case["note"].encode(), [parse_vkey(PETER_VKEY)])
    assert caught.value.note.unverified == note.unverified


@pytest.mark.parametrize(
    ("msg", "problem"),
    [
        (PETER_NOTE[:-1], "end with a signature line"),
        (PETER_NOTE.replace(b"\n\n", b"\n"), "no blank line"),
        (PETER_NOTE.replace(b"cryptography", b"crypto\tgraphy"), "control character"),
        (PETER_NOTE.replace(b"cryptography", b"crypto\rgraphy"), "control character"),
        (PETER_NOTE.replace(b"cryptography", b"crypto\x00graphy"), "control character"),
        (PETER_NOTE.replace(b"cryptography", b"crypto\xffgraphy"), "not valid UTF-8"),
        (PETER_NOTE.replace("\u2014".encode(), b"-"), "em dash"),
        (PETER_NOTE.replace("\u2014 ".encode(), "\u2014".encode()), "em dash"),
        (PETER_NOTE.replace(b"PeterNeumann x", b"Peter+Neumann x"), "key name"),
        (PETER_NOTE.replace(b"PeterNeumann x", b"PeterNeumann  x"), "not base64"),
        (PETER_NOTE.replace(b"AM=\n", b"AM= \n"), "not base64"),
        (PETER_NOTE.replace(b"AM=\n", b"AM\n"), "not base64"),
        (
            PETER_NOTE.split(b"\n\n")[0] + "\n\n\u2014 PeterNeumann AAAAAA==\n".encode(),
            "not base64 of a key ID",
        ),
        (PETER_NOTE.split(b"\n\n")[0] + "\n\n\u2014 PeterNeumann\n".encode(), "key name"),
        (PETER_NOTE + b"\n", "end with a signature line"),
        (PETER_NOTE + PETER_NOTE.split(b"\n\n")[1] * 100, "more than 100 signatures"),
    ],
)
def test_malformed_notes_are_rejected(msg: bytes, problem: str) -> None:
    with pytest.raises(MalformedNoteError, match=problem):
        open_note(msg, [parse_vkey(PETER_VKEY)])


def test_note_text_may_contain_blank_lines() -> None:
    signer = parse_skey(generate_key("example.org/log")[0])
    text = "first\n\nsecond\n"
    assert open_note(sign_note(text, signer), [signer.verifier()]).text == text


def test_unknown_keys_are_ignored_but_known_key_must_verify() -> None:
    peter = parse_vkey(PETER_VKEY)
    enoch = VECTORS["verifiable_notes"][2]
    both = PETER_NOTE + enoch["note"].encode().split(b"\n\n")[1]
    note = open_note(both, [peter])
    assert [s.name for s in note.signatures] == ["PeterNeumann"]
    assert [s.name for s in note.unverified] == ["EnochRoot"]


def test_key_sharing_only_the_name_is_treated_as_unknown() -> None:
    impostor = parse_skey(generate_key("PeterNeumann")[0])
    assert impostor.key_id != parse_vkey(PETER_VKEY).key_id
    with pytest.raises(UnverifiedNoteError):
        open_note(sign_note("hello\n", impostor), [parse_vkey(PETER_VKEY)])


def test_signature_under_a_known_name_and_id_must_verify() -> None:
    peter = parse_vkey(PETER_VKEY)
    forged = Signature(peter.name, peter.key_id, bytes(64)).line()
    with pytest.raises(InvalidSignatureError):
        open_note(f"hello\n\n{forged}\n".encode(), [peter])


def test_repeated_signature_by_the_same_key_counts_once() -> None:
    signature_line = PETER_NOTE.split(b"\n\n")[1]
    note = open_note(PETER_NOTE + signature_line, [parse_vkey(PETER_VKEY)])
    assert len(note.signatures) == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no newline", "end with a newline"),
        ("tab\there\n", "control"),
        ("del\x7f\n", "control"),
        ("\x85\n", "control"),
    ],
)
def test_sign_note_refuses_bad_text(text: str, problem: str) -> None:
    signer = parse_skey(generate_key("example.org/log")[0])
    with pytest.raises(MalformedNoteError, match=problem):
        sign_note(text, signer)


note_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.just("\n"),
).map(lambda text: text + "\n")


@settings(max_examples=50, deadline=None)
@given(note_texts)
def test_any_valid_text_round_trips(text: str) -> None:
    signer = parse_skey(SKEY)
    note = open_note(sign_note(text, signer), [signer.verifier()])
    assert note.text == text


def test_generated_keys_parse_and_match() -> None:
    signer, verifier = parse_skey(SKEY), parse_vkey(VKEY)
    assert (signer.name, signer.key_id) == (verifier.name, verifier.key_id)
    assert signer.verifier().public_key.public_bytes_raw() == verifier.public_key.public_bytes_raw()
    assert VKEY.startswith("mahalla.example/ledger+") and SKEY.startswith(
        "PRIVATE+KEY+mahalla.example/ledger+"
    )


@pytest.mark.parametrize(
    ("vkey", "problem"),
    [
        ("", "invalid key name"),
        ("name", "8 hex digits"),
        ("name+1234567+AQ==", "8 hex digits"),
        ("name+1234567g+AQ==", "8 hex digits"),
        ("name+12345678+!!!!", "not base64"),
        ("name+12345678+AQ==", "not an Ed25519 key"),
        ("na me+12345678+AQ==", "invalid key name"),
        (PETER_VKEY.replace("c74f20a3", "c74f20a4"), "key ID does not match"),
        (PETER_VKEY.replace("PeterNeumann", "PeterNeumanm"), "key ID does not match"),
    ],
)
def test_bad_vkeys_are_rejected(vkey: str, problem: str) -> None:
    with pytest.raises(KeyFormatError, match=problem):
        parse_vkey(vkey)


@pytest.mark.parametrize(
    ("skey", "problem"),
    [
        (VKEY, "PRIVATE\\+KEY"),
        ("PRIVATE+KEY+name+12345678", "PRIVATE\\+KEY"),
        (
            SKEY.replace("PRIVATE+KEY+mahalla.example/ledger", "PRIVATE+KEY+other"),
            "key ID does not match",
        ),
        ("PRIVATE+KEY+name+12345678+AQ==", "not an Ed25519 seed"),
    ],
    # The generated key differs per process: stable ids keep pytest-xdist workers in step.
    ids=["verifier-key", "no-key", "renamed", "short-seed"],
)
def test_bad_skeys_are_rejected(skey: str, problem: str) -> None:
    with pytest.raises(KeyFormatError, match=problem):
        parse_skey(skey)


def test_checkpoint_round_trip_with_extensions() -> None:
    text = format_checkpoint("mahalla.example/ledger", 1234, ROOT, ["ext one", "ext two"])
    assert (
        text
        == f"mahalla.example/ledger\n1234\n{base64.b64encode(ROOT).decode()}\next one\next two\n"
    )
    assert parse_checkpoint(text) == Checkpoint(
        "mahalla.example/ledger", 1234, ROOT, ("ext one", "ext two")
    )


def test_signed_checkpoint_opens_with_the_log_key() -> None:
    signer = parse_skey(SKEY)
    msg = sign_checkpoint(Checkpoint(signer.name, 0, ROOT), signer)
    assert open_checkpoint(msg, parse_vkey(VKEY)) == Checkpoint(signer.name, 0, ROOT)


def test_checkpoint_origin_must_match_key_name_unless_told_otherwise() -> None:
    signer = parse_skey(SKEY)
    msg = sign_checkpoint(Checkpoint("other.example/log", 5, ROOT), signer)
    with pytest.raises(MalformedNoteError, match="origin 'other.example/log' is not the expected"):
        open_checkpoint(msg, parse_vkey(VKEY))
    assert open_checkpoint(msg, parse_vkey(VKEY), origin="other.example/log").size == 5


ROOT_B64 = base64.b64encode(ROOT).decode()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (f"origin\n5\n{ROOT_B64}", "end with a newline"),
        ("origin\n5\n", "needs origin, tree size and root hash"),
        (f"\n5\n{ROOT_B64}\n", "origin is empty"),
        (f"origin\n05\n{ROOT_B64}\n", "leading zeros"),
        (f"origin\n+5\n{ROOT_B64}\n", "not a decimal"),
        (f"origin\n-5\n{ROOT_B64}\n", "not a decimal"),
        (f"origin\n 5\n{ROOT_B64}\n", "not a decimal"),
        (f"origin\n\n{ROOT_B64}\n", "not a decimal"),
        (f"origin\n\uff15\n{ROOT_B64}\n", "not a decimal"),
        (f"origin\n5\n{ROOT_B64[:-4]}\n", "not base64 of 32 bytes"),
        (f"origin\n5\n{ROOT_B64.rstrip('=')}\n", "not base64 of 32 bytes"),
        (f"origin\n5\n{ROOT_B64}\n\nextension\n", "extension lines must not be empty"),
    ],
)
def test_malformed_checkpoints_are_rejected(text: str, problem: str) -> None:
    with pytest.raises(MalformedNoteError, match=problem):
        parse_checkpoint(text)


def test_empty_tree_checkpoint_has_size_zero() -> None:
    assert parse_checkpoint(f"origin\n0\n{ROOT_B64}\n").size == 0
