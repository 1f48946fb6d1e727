"""C2SP signed notes with Ed25519 keys, and tlog checkpoints.

Specs: c2sp.org/signed-note and c2sp.org/tlog-checkpoint.

Key strings follow golang.org/x/mod/sumdb/note:

- verifier key: ``<name>+<hex8 key ID>+<base64(0x01 || 32-byte public key)>``
- signer key:   ``PRIVATE+KEY+<name>+<hex8 key ID>+<base64(0x01 || 32-byte seed)>``

with key ID = first 4 bytes (big-endian) of ``SHA-256(name || "\\n" || 0x01 || public key)``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALG_ED25519 = 0x01
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
MAX_SIGNATURES = 100  # the spec asks verifiers to accept at least 16
HASH_SIZE = 32


class NoteError(ValueError):
    """A note, key or checkpoint could not be used; the message says why."""


class MalformedNoteError(NoteError):
    """The note (or checkpoint text) does not follow the format."""


class InvalidSignatureError(NoteError):
    """A signature by a known key failed to verify."""


class UnverifiedNoteError(NoteError):
    """No signature by a known key: the text must not be trusted."""

    def __init__(self, message: str, note: Note) -> None:
        super().__init__(message)
        self.note = note


class KeyFormatError(NoteError):
    """A signer or verifier key string is malformed or inconsistent."""


def key_id(name: str, key: bytes) -> int:
    """Return the key ID for ``name`` and ``key`` (signature type byte || public key)."""
    digest = hashlib.sha256(name.encode() + b"\n" + key).digest()
    return int.from_bytes(digest[:4], "big")


def is_valid_key_name(name: str) -> bool:
    """Whether ``name`` may name a key: non-empty, no Unicode spaces, no ``+``."""
    return (
        bool(name)
        and "+" not in name
        and not any(char.isspace() for char in name)
        and _is_note_text(name)
    )


@dataclass(frozen=True)
class Verifier:
    """A named Ed25519 public key that can check note signatures."""

    name: str
    key_id: int
    public_key: Ed25519PublicKey

    def verify(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is this key's Ed25519 signature of ``message``."""
        try:
            self.public_key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class Signer:
    """A named Ed25519 private key that signs notes."""

    name: str
    key_id: int
    private_key: Ed25519PrivateKey

    def sign(self, message: bytes) -> bytes:
        """Return the Ed25519 signature of ``message``."""
        return self.private_key.sign(message)

    def verifier(self) -> Verifier:
        """Return the matching verifier."""
        return Verifier(self.name, self.key_id, self.private_key.public_key())


def generate_key(name: str) -> tuple[str, str]:
    """Return a new ``(signer key, verifier key)`` pair of strings for ``name``."""
    private_key = Ed25519PrivateKey.generate()
    return format_skey(name, private_key), format_vkey(name, private_key.public_key())


def format_vkey(name: str, public_key: Ed25519PublicKey) -> str:
    """Return the verifier key string for ``name`` and ``public_key``."""
    _check_key_name(name)
    key = bytes([ALG_ED25519]) + public_key.public_bytes_raw()
    return f"{name}+{key_id(name, key):08x}+{base64.b64encode(key).decode()}"


def format_skey(name: str, private_key: Ed25519PrivateKey) -> str:
    """Return the signer key string for ``name`` and ``private_key``; keep it secret."""
    _check_key_name(name)
    public = bytes([ALG_ED25519]) + private_key.public_key().public_bytes_raw()
    seed = bytes([ALG_ED25519]) + private_key.private_bytes_raw()
    return f"PRIVATE+KEY+{name}+{key_id(name, public):08x}+{base64.b64encode(seed).decode()}"


def parse_vkey(vkey: str) -> Verifier:
    """Parse a verifier key string; ``KeyFormatError`` if malformed or its key ID is wrong."""
    name, _, rest = vkey.partition("+")
    id_hex, _, key_b64 = rest.partition("+")
    key = _key_bytes(name, id_hex, key_b64, "verifier key")
    if len(key) != 33 or key[0] != ALG_ED25519:
        raise KeyFormatError("verifier key: not an Ed25519 key (type 0x01, 32 bytes)")
    if key_id(name, key) != int(id_hex, 16):
        raise KeyFormatError("verifier key: key ID does not match name and public key")
    try:
        public_key = Ed25519PublicKey.from_public_bytes(key[1:])
    except ValueError as exc:
        raise KeyFormatError("verifier key: not a valid Ed25519 public key") from exc
    return Verifier(name, int(id_hex, 16), public_key)


def parse_skey(skey: str) -> Signer:
    """Parse a signer key string; ``KeyFormatError`` if malformed or its key ID is wrong."""
    parts = skey.split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
        raise KeyFormatError("signer key: must start with PRIVATE+KEY+")
    name, id_hex, key_b64 = parts[2:]
    key = _key_bytes(name, id_hex, key_b64, "signer key")
    if len(key) != 33 or key[0] != ALG_ED25519:
        raise KeyFormatError("signer key: not an Ed25519 seed (type 0x01, 32 bytes)")
    private_key = Ed25519PrivateKey.from_private_bytes(key[1:])
    public = bytes([ALG_ED25519]) + private_key.public_key().public_bytes_raw()
    if key_id(name, public) != int(id_hex, 16):
        raise KeyFormatError("signer key: key ID does not match name and public key")
    return Signer(name, int(id_hex, 16), private_key)


@dataclass(frozen=True)
class Signature:
    """One signature line: key name, key ID and the raw signature bytes."""

    name: str
    key_id: int
    signature: bytes

    def line(self) -> str:
        """Return the signature line, without its newline."""
        encoded = base64.b64encode(self.key_id.to_bytes(4, "big") + self.signature).decode()
        return f"{SIGNATURE_PREFIX}{self.name} {encoded}"


@dataclass(frozen=True)
class Note:
    """A parsed note: its text, the signatures verified, and those from unknown keys."""

    text: str
    signatures: tuple[Signature, ...] = ()
    unverified: tuple[Signature, ...] = ()


def decode_signature(encoded: str) -> tuple[int, bytes]:
    """Split a base64 signature field into ``(key ID, signature bytes)``."""
    raw = _b64decode(encoded)
    if raw is None or len(raw) < 5:
        raise MalformedNoteError("signature is not base64 of a key ID and a signature")
    return int.from_bytes(raw[:4], "big"), raw[4:]


def sign_note(text: str, *signers: Signer) -> bytes:
    """Return the signed note for ``text`` (ending in a newline), one line per signer."""
    if not text.endswith("\n"):
        raise MalformedNoteError("note text must end with a newline")
    # Stricter than the reader: we never emit any Unicode control character but newline.
    if any(char != "\n" and unicodedata.category(char) == "Cc" for char in text):
        raise MalformedNoteError("note text must not contain control characters other than newline")
    if not signers:
        raise ValueError("a note needs at least one signer")
    message = text.encode()
    lines = []
    for signer in signers:
        _check_key_name(signer.name)
        lines.append(Signature(signer.name, signer.key_id, signer.sign(message)).line() + "\n")
    return message + b"\n" + "".join(lines).encode()


def parse_note(msg: bytes) -> Note:
    """Split a signed note into text and signatures, verifying none (all are ``unverified``)."""
    try:
        decoded = msg.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedNoteError("note is not valid UTF-8") from exc
    if not _is_note_text(decoded):
        raise MalformedNoteError("note contains a control character other than newline")
    split = decoded.rfind("\n\n")
    if split < 0:
        raise MalformedNoteError("note has no blank line before its signatures")
    text, block = decoded[: split + 1], decoded[split + 2 :]
    if not block.endswith("\n"):
        raise MalformedNoteError("note must end with a signature line and a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNoteError(f"note has more than {MAX_SIGNATURES} signatures")
    signatures = []
    for line in lines:
        if not line.startswith(SIGNATURE_PREFIX):
            raise MalformedNoteError("signature line does not start with an em dash and a space")
        name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
        if not is_valid_key_name(name) or not encoded:
            raise MalformedNoteError(f"malformed signature line for key name {name!r}")
        signatures.append(Signature(name, *decode_signature(encoded)))
    return Note(text, unverified=tuple(signatures))


def open_note(msg: bytes, verifiers: Iterable[Verifier]) -> Note:
    """Parse ``msg`` and verify its signatures by the known ``verifiers``.

    Signatures by unknown keys (name and key ID not both matching) are kept in
    ``unverified``. Raise ``InvalidSignatureError`` if a known key's signature
    fails, ``UnverifiedNoteError`` if no known key signed, ``MalformedNoteError``
    if the note is malformed.
    """
    parsed = parse_note(msg)
    known = {(verifier.name, verifier.key_id): verifier for verifier in verifiers}
    message = parsed.text.encode()
    verified: list[Signature] = []
    unverified: list[Signature] = []
    for signature in parsed.unverified:
        verifier = known.get((signature.name, signature.key_id))
        if verifier is None:
            if signature not in unverified:
                unverified.append(signature)
            continue
        if any(
            seen.name == signature.name and seen.key_id == signature.key_id for seen in verified
        ):
            continue
        if not verifier.verify(message, signature.signature):
            raise InvalidSignatureError(
                f"invalid signature by key {signature.name}+{signature.key_id:08x}"
            )
        verified.append(signature)
    note = Note(parsed.text, tuple(verified), tuple(unverified))
    if not verified:
        raise UnverifiedNoteError("note has no signature by a known key", note)
    return note


@dataclass(frozen=True)
class Checkpoint:
    """A log checkpoint: origin, tree size, root hash and optional extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()


def format_checkpoint(
    origin: str, size: int, root_hash: bytes, extensions: Sequence[str] = ()
) -> str:
    """Return the checkpoint note text (ending in a newline)."""
    if not origin or "\n" in origin:
        raise ValueError("checkpoint origin must be a non-empty single line")
    if size < 0:
        raise ValueError("checkpoint size must not be negative")
    if len(root_hash) != HASH_SIZE:
        raise ValueError(f"checkpoint root hash must be {HASH_SIZE} bytes")
    if any(not line or "\n" in line for line in extensions):
        raise ValueError("checkpoint extension lines must be non-empty single lines")
    lines = [origin, str(size), base64.b64encode(root_hash).decode(), *extensions]
    return "".join(line + "\n" for line in lines)


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse checkpoint note text strictly; ``MalformedNoteError`` naming the bad line."""
    if not text.endswith("\n"):
        raise MalformedNoteError("checkpoint text must end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise MalformedNoteError("checkpoint needs origin, tree size and root hash lines")
    origin, size_line, root_line, *extensions = lines
    if not origin:
        raise MalformedNoteError("checkpoint origin is empty")
    if (
        not size_line
        or any(c not in string.digits for c in size_line)
        or (size_line[0] == "0" and size_line != "0")
    ):
        raise MalformedNoteError(
            f"checkpoint tree size {size_line!r} is not a decimal without leading zeros"
        )
    root_hash = _b64decode(root_line)
    if root_hash is None or len(root_hash) != HASH_SIZE:
        raise MalformedNoteError("checkpoint root hash is not base64 of 32 bytes")
    if any(not line for line in extensions):
        raise MalformedNoteError("checkpoint extension lines must not be empty")
    return Checkpoint(origin, int(size_line), root_hash, tuple(extensions))


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> bytes:
    """Return the signed checkpoint note."""
    text = format_checkpoint(
        checkpoint.origin, checkpoint.size, checkpoint.root_hash, checkpoint.extensions
    )
    return sign_note(text, signer)


def open_checkpoint(msg: bytes, verifier: Verifier, *, origin: str | None = None) -> Checkpoint:
    """Verify a signed checkpoint by the log key ``verifier`` and parse it.

    The checkpoint's origin must equal ``origin``, by default the key's name.
    Raise a ``NoteError`` subclass naming what failed.
    """
    note = open_note(msg, [verifier])
    checkpoint = parse_checkpoint(note.text)
    expected = verifier.name if origin is None else origin
    if checkpoint.origin != expected:
        raise MalformedNoteError(
            f"checkpoint origin {checkpoint.origin!r} is not the expected {expected!r}"
        )
    return checkpoint


def _is_note_text(text: str) -> bool:
    # The spec forbids ASCII control characters (below U+0020) other than newline.
    return all(char == "\n" or char >= " " for char in text)


def _check_key_name(name: str) -> None:
    if not is_valid_key_name(name):
        raise KeyFormatError(f"invalid key name {name!r}: must be non-empty, without spaces or '+'")


def _key_bytes(name: str, id_hex: str, key_b64: str, what: str) -> bytes:
    if not is_valid_key_name(name):
        raise KeyFormatError(f"{what}: invalid key name {name!r}")
    if len(id_hex) != 8 or any(c not in string.hexdigits for c in id_hex):
        raise KeyFormatError(f"{what}: key ID must be 8 hex digits")
    key = _b64decode(key_b64)
    if not key:
        raise KeyFormatError(f"{what}: key is not base64")
    return key


def _b64decode(value: str) -> bytes | None:
    """Strict standard base64 (RFC 4648 §4), or None."""
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
