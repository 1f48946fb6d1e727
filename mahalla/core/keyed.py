"""Keyed hashes (HMAC-SHA256 with the site's secret) for values that are stored only hashed:
one-time codes, tracking tokens."""

import hashlib
import hmac

from django.conf import settings


def keyed_digest(message: str) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).digest()


def keyed_hexdigest(message: str) -> str:
    return keyed_digest(message).hex()
