"""A person registry reached over HTTPS with JSON: the adapter for a real state endpoint.

The contract (docs/REGISTRIES.md): POST {REGISTRY_PERSON_URL}/persons/lookup with
{"pinfl": "..."}; 200 with the person as a JSON object, 404 when there is no such person. The
PINFL travels in the body, never in the URL, so proxies' access logs do not collect it.
Authentication: a bearer token, a client certificate (mutual TLS), or both.

Failures: no connection, TLS errors, timeouts, 5xx, 429, 408 and a refusal of our credentials
(401/403) raise RegistryUnavailable: the user may try later, and the log says which it was.
An answer we cannot use (other 4xx, a redirect, a body that is not the agreed JSON, a record
for another PINFL) raises RegistryError.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from ipaddress import ip_address
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import env, envsecret
from mahalla.integrations.registries.base import (
    PersonRecord,
    RegistryError,
    RegistryUnavailable,
    Sex,
)

logger = logging.getLogger(__name__)

LOOKUP_PATH = "persons/lookup"
MAX_BODY_BYTES = 64 * 1024
MAX_NAME_LENGTH = 100
DEFAULT_TIMEOUT_SECONDS = 10.0
_SOATO = re.compile(r"([0-9]{7}|[0-9]{10})?")
UNAVAILABLE_STATUSES = {401, 403, 408, 429}


def _setting(name: str, default: str = "") -> str:
    """A Django setting if config/settings.py defines it, else the environment variable."""
    value = getattr(settings, name, None)
    if value is None:
        value = envsecret(name, default) if name.endswith("_TOKEN") else env(name, default)
    return str(value)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


class HttpPersonRegistry:
    """Person look-ups against a JSON-over-HTTPS endpoint configured by REGISTRY_PERSON_*.

    Arguments override the settings (tests, scripts); without them:
    REGISTRY_PERSON_URL (https://…; http:// only to a loopback address), REGISTRY_PERSON_TOKEN
    (or REGISTRY_PERSON_TOKEN_FILE), REGISTRY_PERSON_CERT and REGISTRY_PERSON_KEY (PEM files of
    the client certificate), REGISTRY_PERSON_CA (PEM bundle that signed the server's
    certificate; default: the system's), REGISTRY_PERSON_TIMEOUT (seconds, default 10, for
    connecting and again for each read).
    """

    name = "http"
    is_fake = False

    def __init__(self, *, base_url: str | None = None, token: str | None = None,
                 cert: str | None = None, key: str | None = None, ca_bundle: str | None = None,
                 timeout: float | None = None) -> None:
        base_url = (base_url if base_url is not None else _setting("REGISTRY_PERSON_URL")).strip()
        parts = urlsplit(base_url)
        host = parts.hostname or ""
        if not host or not (parts.scheme == "https"
                            or (parts.scheme == "http" and _is_loopback(host))):
            raise ImproperlyConfigured(
                "REGISTRY_PERSON_URL must be an https:// URL (http:// only to a loopback address)")
        self.url = f"{base_url.rstrip('/')}/{LOOKUP_PATH}"
        token = token if token is not None else _setting("REGISTRY_PERSON_TOKEN")
        cert = cert if cert is not None else _setting("REGISTRY_PERSON_CERT")
        key = key if key is not None else _setting("REGISTRY_PERSON_KEY")
        if key and not cert:
            raise ImproperlyConfigured("REGISTRY_PERSON_KEY is set without REGISTRY_PERSON_CERT")
        self.cert: str | tuple[str, str] | None = (cert, key) if cert and key else cert or None
        ca_bundle = ca_bundle if ca_bundle is not None else _setting("REGISTRY_PERSON_CA")
        self.verify: str | bool = ca_bundle or True
        self.timeout = float(timeout if timeout is not None
                             else _setting("REGISTRY_PERSON_TIMEOUT", "")
                             or DEFAULT_TIMEOUT_SECONDS)
        self.session = requests.Session()
        # No proxies, .netrc or CA bundle from the environment: only what is configured here.
        self.session.trust_env = False
        self.session.headers.update({"Accept": "application/json", "User-Agent": "mahalla"})
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def lookup_person(self, pinfl: str) -> PersonRecord | None:
        request_id = uuid.uuid4().hex
        started = time.monotonic()
        try:
            status, body = self._post(pinfl, request_id)
        except requests.Timeout as exc:
            self._log("timed out", request_id, started)
            raise RegistryUnavailable(detail=f"timeout ({request_id})") from exc
        except requests.RequestException as exc:
            self._log(f"unreachable: {type(exc).__name__}", request_id, started)
            raise RegistryUnavailable(detail=f"{type(exc).__name__} ({request_id})") from exc
        if status == 404:
            self._log("404 (no such person)", request_id, started, level=logging.INFO)
            return None
        if status in UNAVAILABLE_STATUSES or status >= 500:
            level = logging.ERROR if status in (401, 403) else logging.WARNING
            self._log(f"answered {status}", request_id, started, level=level)
            raise RegistryUnavailable(detail=f"HTTP {status} ({request_id})")
        if status != 200:
            self._log(f"answered {status}", request_id, started, level=logging.ERROR)
            raise RegistryError(detail=f"HTTP {status} ({request_id})")
        try:
            record = parse_person(body, pinfl)
        except ValueError as exc:
            self._log(f"sent an unusable answer: {exc}", request_id, started, level=logging.ERROR)
            raise RegistryError(detail=f"{exc} ({request_id})") from exc
        self._log("200", request_id, started, level=logging.INFO)
        return record

    def _post(self, pinfl: str, request_id: str) -> tuple[int, bytes]:
        with self.session.post(self.url, json={"pinfl": pinfl}, timeout=self.timeout,
                               headers={"X-Request-ID": request_id}, cert=self.cert,
                               verify=self.verify, allow_redirects=False,
                               stream=True) as response:
            body = bytearray()
            if response.status_code == 200:
                for chunk in response.iter_content(chunk_size=8192):
                    body += chunk
                    if len(body) > MAX_BODY_BYTES:
                        return response.status_code, b""  # parse_person refuses an empty body
            return response.status_code, bytes(body)

    def _log(self, what: str, request_id: str, started: float, *, level=logging.WARNING) -> None:
        # Never the PINFL or the answer: the request id finds the exchange in the registry's logs.
        logger.log(level, "person registry %s: %s in %d ms (request %s)", self.url, what,
                   (time.monotonic() - started) * 1000, request_id)


def _text(data: dict, key: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"field {key!r} missing or not text")
    value = " ".join(value.split())
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(f"field {key!r} longer than {MAX_NAME_LENGTH} characters")
    return value


def parse_person(body: bytes, pinfl: str) -> PersonRecord:
    """The record in a 200 answer; ValueError (naming the field, not its value) otherwise."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ValueError("body is not JSON (or larger than the limit)") from None
    if not isinstance(data, dict):
        raise ValueError("body is not a JSON object")
    if data.get("pinfl") != pinfl:
        raise ValueError("record is for another PINFL")
    try:
        birth_date = dt.date.fromisoformat(_text(data, "birth_date"))
    except ValueError:
        raise ValueError("field 'birth_date' is not a YYYY-MM-DD date") from None
    sex = data.get("sex")
    if sex not in Sex.values:
        raise ValueError("field 'sex' is not 'male' or 'female'")
    address = _text(data, "address_soato", required=False)
    if not _SOATO.fullmatch(address):
        raise ValueError("field 'address_soato' is not a 7- or 10-digit SOATO code")
    return PersonRecord(pinfl=pinfl, last_name=_text(data, "last_name"),
                        first_name=_text(data, "first_name"),
                        patronymic=_text(data, "patronymic", required=False),
                        birth_date=birth_date, sex=Sex(sex), address_soato=address)
