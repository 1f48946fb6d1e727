"""Personal data at rest: authenticated encryption and keyed look-up hashes.

Encryption: Fernet (AES-128-CBC + HMAC-SHA256) through `MultiFernet` over PERSONAL_DATA_KEYS,
newest first: the first key encrypts, every key decrypts, so a key is added in front, rows are
re-encrypted (`manage.py rotate_personal_data_key`) and only then the old key is dropped.

Look-ups: an encrypted value cannot be compared in SQL, so each searchable value also gets a
keyed hash (HMAC-SHA256) of its normalized form. The hash key is derived from
PERSONAL_DATA_LOOKUP_KEY, or from SECRET_KEY when that is not set, never from the encryption
keys: rotating those leaves every hash, and every index on it, unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Every Fernet token starts with the version byte 0x80, base64url "gAAAAA…".
FERNET_PREFIX = "gAAAAA"


class UndecryptableError(Exception):
    """A stored value that no configured key decrypts (a key was dropped too early, or the
    column holds something this application did not write)."""


def _keys() -> tuple[str, ...]:
    keys = tuple(getattr(settings, "PERSONAL_DATA_KEYS", ()) or ())
    if not keys:
        raise ImproperlyConfigured("PERSONAL_DATA_KEYS is empty: personal data cannot be "
                                   "encrypted or read.")
    return keys


@functools.lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    try:
        each = [Fernet(key) for key in keys]
    except ValueError as exc:
        raise ImproperlyConfigured(
            "PERSONAL_DATA_KEYS must be Fernet keys (32 random bytes, url-safe base64; "
            "make one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`).") from exc
    return MultiFernet(each), each[0]


def check_keys() -> None:
    """Raise ImproperlyConfigured unless every configured key is a usable Fernet key."""
    _fernets(_keys())


def encrypt(plaintext: str) -> str:
    """A fresh token for `plaintext` under the first (newest) key."""
    return _fernets(_keys())[0].encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str, *, what: str = "a personal-data value") -> str:
    """The plaintext of a token written under any configured key."""
    try:
        return _fernets(_keys())[0].decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise UndecryptableError(
            f"Cannot decrypt {what}: none of the {len(_keys())} key(s) in PERSONAL_DATA_KEYS "
            "opens it. Put back the key it was written with (keys are dropped only after "
            "`manage.py rotate_personal_data_key` has finished), or check that the column "
            "was not written around the application.") from exc


def rotate(token: str, *, what: str = "a personal-data value") -> str:
    """The same plaintext (and timestamp) as a token under the first key."""
    try:
        return _fernets(_keys())[0].rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as exc:
        raise UndecryptableError(f"Cannot re-encrypt {what}: no key in PERSONAL_DATA_KEYS "
                                 "opens it.") from exc


def is_current(token: str) -> bool:
    """Whether the token is already under the first key (rotation skips it)."""
    try:
        _fernets(_keys())[1].decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def looks_encrypted(value: str | None) -> bool:
    return bool(value) and value.startswith(FERNET_PREFIX)


@functools.lru_cache(maxsize=8)
def _lookup_key(source: str) -> bytes:
    # HKDF separates this key from every other use of the same secret (sessions, OTP hashes).
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"mahalla personal-data lookup v1").derive(source.encode("utf-8"))


def lookup_hash(value: str, *, purpose: str) -> str:
    """Keyed hash (64 hex digits) of an already normalized value, for equality look-ups.

    `purpose` ("phone", "pinfl", "passport", …) keeps the same digits in two kinds of
    identifier apart; the same identifier hashes alike in every table, so records about one
    person can be matched without decrypting.
    """
    source = getattr(settings, "PERSONAL_DATA_LOOKUP_KEY", "") or settings.SECRET_KEY
    return hmac.new(_lookup_key(source), f"{purpose}:{value}".encode(),
                    hashlib.sha256).hexdigest()

