"""The log's Ed25519 signing key: from the environment, or a development key under var/.

``settings.LEDGER_SIGNING_KEY`` holds the signer key in the signed-note text form
``PRIVATE+KEY+<name>+<key id>+<base64>``; its name must be ``settings.LEDGER_ORIGIN``. With
DEBUG on and no key set, one is generated once into ``settings.LEDGER_KEY_FILE``; with DEBUG
off and no key set, the first use raises ``ImproperlyConfigured``.
"""

import contextlib
import functools
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from mahalla.ledger.note import KeyFormatError, Signer, format_vkey, generate_key, parse_skey


def signer() -> Signer:
    """Return the log's signer; raise ``ImproperlyConfigured`` when no usable key is set."""
    return _parse(_skey_text(), settings.LEDGER_ORIGIN)


def verifier_key() -> str:
    """Return the log's verifier key string (``<name>+<key id>+<base64>``) for distribution."""
    return _vkey(_skey_text(), settings.LEDGER_ORIGIN)


def _skey_text() -> str:
    configured = (settings.LEDGER_SIGNING_KEY or "").strip()
    if configured:
        return configured
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "LEDGER_SIGNING_KEY must be set when DEBUG is off "
            "(generate one with mahalla.ledger.note.generate_key)."
        )
    return development_key(Path(settings.LEDGER_KEY_FILE), settings.LEDGER_ORIGIN)


def development_key(path: Path, name: str) -> str:
    """Return the signer key stored at ``path``, generating it first if the file is missing.

    The file is written in full under a temporary name (mode 0600) and then hard-linked into
    place, which fails if another process got there first: every process ends up with the
    same key and nobody reads a half-written file.
    """
    with contextlib.suppress(FileNotFoundError):
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    skey, _ = generate_key(name)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ledger-key-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:  # mkstemp creates it with mode 0600
            file.write(skey + "\n")
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return path.read_text(encoding="ascii").strip()


@functools.lru_cache(maxsize=4)
def _parse(skey: str, origin: str) -> Signer:
    try:
        parsed = parse_skey(skey)
    except KeyFormatError as exc:
        raise ImproperlyConfigured(f"The ledger signing key is not valid: {exc}") from None
    if parsed.name != origin:
        raise ImproperlyConfigured(
            f"The ledger signing key is named {parsed.name!r} but LEDGER_ORIGIN is {origin!r}; "
            "a log's key is named after its origin."
        )
    return parsed


@functools.lru_cache(maxsize=4)
def _vkey(skey: str, origin: str) -> str:
    key = _parse(skey, origin)
    return format_vkey(key.name, key.private_key.public_key())
