"""Signatures of webhook requests, Stripe-style, so that receivers can check and refuse replays.

Each request carries

    X-Mahalla-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>

where `body` is the exact bytes of the request body. A receiver recomputes the HMAC with the
subscription's shared secret, compares in constant time, and refuses a timestamp older (or
newer) than a few minutes: a captured request cannot be replayed later. More than one `v1=`
may appear (e.g. while a secret is rotated); one match is enough.

Receivers in Python can copy `verify_signature` as it is:

    from mahalla.webhooks.signing import verify_signature
    ok = verify_signature(secret, request.headers["X-Mahalla-Signature"], request.body)
"""

import hashlib
import hmac
import secrets
import time

SIGNATURE_HEADER = "X-Mahalla-Signature"
EVENT_HEADER = "X-Mahalla-Event"
DELIVERY_HEADER = "X-Mahalla-Delivery"
SCHEME = "v1"


def new_secret() -> str:
    """A fresh shared secret for a subscription (256 random bits)."""
    return secrets.token_urlsafe(32)


def _as_bytes(value: bytes | str) -> bytes:
    return value.encode() if isinstance(value, str) else value


def compute_signature(secret: str, timestamp: int, body: bytes | str) -> str:
    """Hex HMAC-SHA256 of "<timestamp>.<body>" under `secret`."""
    message = f"{timestamp}.".encode() + _as_bytes(body)
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes | str, timestamp: int | None = None) -> str:
    """The value of the X-Mahalla-Signature header for `body` sent now (or at `timestamp`)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},{SCHEME}={compute_signature(secret, timestamp, body)}"


def verify_signature(secret: str, header: str, body: bytes | str,
                     tolerance_seconds: int = 300, *, now: float | None = None) -> bool:
    """True when `header` is a valid signature of `body` made within `tolerance_seconds` of now.

    `body` must be the raw request body as received (bytes), not re-serialized JSON.
    Malformed headers, stale or future timestamps and wrong digests all give False.
    """
    timestamp: int | None = None
    candidates: list[str] = []
    for part in (header or "").split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif key == SCHEME:
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance_seconds:
        return False
    expected = compute_signature(secret, timestamp, body)
    # Check every candidate, so the time taken does not tell which one matched.
    matches = [hmac.compare_digest(expected.encode(), candidate.encode())
               for candidate in candidates]
    return any(matches)
