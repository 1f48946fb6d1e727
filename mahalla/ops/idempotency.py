"""Idempotency keys for every create request: a retry answers what the first request got.

A client that may have to send a create request again (a lost connection, a timeout) sends
an ``Idempotency-Key`` header (1–255 visible ASCII characters, e.g. a UUID). Then:

- the first request with that key runs; if it succeeds (2xx), its response is stored with
  the key, the caller and a hash of the request, in the same transaction as what it created;
- the same key from the same caller with the same request (method, path, query, body)
  gets the stored response again, with ``Idempotent-Replayed: true`` — a ``201 Created``
  comes back as ``200 OK``, as nothing was created this time — and nothing new is made;
- the same key with another request answers 409 (a translated error) and changes nothing;
- a request that fails stores nothing: the client may fix it and send it with the same key.

Keys belong to a caller: a person (``user:<id>``), an integration key acting as nobody
(``key:<id>``), or everybody without an account (``anonymous``, like a web form's hidden
key: pick keys nobody can guess). Stored answers expire after ``IDEMPOTENCY_KEY_TTL_SECONDS``
(24 h); the periodic ``prune_idempotency_records_task`` deletes them. Only HMACs of the key
and a SHA-256 of the request are stored; the response body is encrypted with the
personal-data key, as it may hold a tracking token.

Two races are closed by the database: two requests with one key both run, the one that
stores second finds the unique (caller, key) taken, its whole transaction — what it
created included — is rolled back, and it answers with the first one's stored response.

Channels: ``idempotent`` for /api/v1 create operations (under ``@router.post``), and
``guard`` for plain Django views (Open311 ``POST requests``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta

import rfc8785
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view

from mahalla.core.exceptions import Conflict, DomainError
from mahalla.core.keyed import keyed_hexdigest

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
_STATE = "_mahalla_idempotency"


def ttl() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "IDEMPOTENCY_KEY_TTL_SECONDS", 24 * 3600)))


# --- messages (translated at the time of the request) -----------------------------------------


def invalid_key_message() -> str:
    return _("The Idempotency-Key header must be 1 to 255 visible ASCII characters.")


def reused_key_message() -> str:
    return _("This Idempotency-Key was already used with a different request. Use a new key "
             "for a new request.")


def unfinished_message() -> str:
    return _("A request with this Idempotency-Key is being processed. Try again shortly.")


# --- the parts --------------------------------------------------------------------------------


def caller_of(user) -> str:
    """Whose keys: the account acting, else the integration key acting as nobody, else all."""
    api_key = getattr(user, "api_key", None)
    if api_key is not None and not getattr(user, "pk", None):
        return f"key:{api_key.pk}"
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return "anonymous"


def key_hash(key: str) -> str:
    return keyed_hexdigest(f"idempotency-key:{key}")


def request_hash(request: HttpRequest) -> str:
    """SHA-256 over what makes two requests the same: method, path, query and body.

    Forms are compared by their fields and files' contents (a multipart boundary differs on
    every send); JSON by its RFC 8785 canonical form (spacing and key order do not count).
    """
    digest = hashlib.sha256()

    def add(*parts) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8", "replace")
            digest.update(len(data).to_bytes(8, "big") + data)

    add(request.method or "", request.path_info)
    for name in sorted(request.GET):
        add("q", name, *request.GET.getlist(name))
    content_type = (request.content_type or "").lower()
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for name in sorted(request.POST):
            add("f", name, *request.POST.getlist(name))
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                add("file", name, upload.name or "", _file_digest(upload))
    else:
        body = request.body
        if content_type == "application/json":
            body = _canonical_json(body)
        add("b", body)
    return digest.hexdigest()


def _canonical_json(body: bytes) -> bytes:
    """RFC 8785 form; JSON outside its domain (integers past 2**53, Infinity) sorted and
    compacted by the standard library; not JSON at all: the bytes as sent."""
    try:
        parsed = json.loads(body)
    except (ValueError, TypeError):
        return body
    try:
        return rfc8785.dumps(parsed)
    except rfc8785.CanonicalizationError:
        return json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode()


def _file_digest(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.PERSONAL_DATA_KEYS])


def _lookup(caller: str, hashed_key: str):
    from mahalla.ops.models import IdempotencyRecord

    return IdempotencyRecord.objects.filter(caller=caller, key_hash=hashed_key,
                                            expires_at__gt=timezone.now()).first()


def replay(record) -> HttpResponse:
    """The stored response, as it was sent (a 201 becomes 200: nothing was created now)."""
    try:
        body = _fernet().decrypt(bytes(record.body))
    except InvalidToken:  # the key that sealed it was retired: the answer cannot be read
        raise Conflict(reused_key_message(), field=HEADER) from None
    status = 200 if record.status_code == 201 else record.status_code
    response = HttpResponse(body, status=status, content_type=record.content_type)
    response[REPLAYED_HEADER] = "true"
    return response


def _answer(record, fingerprint: str) -> HttpResponse:
    if record.request_hash != fingerprint:
        raise Conflict(reused_key_message(), field=HEADER)
    return replay(record)


def _store(state: State, response: HttpResponse) -> None:
    """Keep the successful response with its key; a taken key means another request won."""
    from mahalla.ops.models import IdempotencyRecord

    now = timezone.now()
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.filter(caller=state.caller, key_hash=state.key_hash,
                                             expires_at__lte=now).delete()
            IdempotencyRecord.objects.create(
                caller=state.caller, key_hash=state.key_hash, request_hash=state.request_hash,
                operation=state.operation[:100], status_code=response.status_code,
                content_type=response.get("Content-Type", "application/octet-stream")[:100],
                body=_fernet().encrypt(bytes(response.content)), created_at=now,
                expires_at=now + ttl())
    except IntegrityError:
        raise _Raced from None


class _Discard(Exception):  # noqa: N818 - control flow: roll back, answer with this response
    def __init__(self, response: HttpResponse):
        self.response = response


class _Raced(Exception):  # noqa: N818 - control flow: another request stored this key first
    pass


@dataclass
class State:
    key: str
    caller: str = ""
    key_hash: str = ""
    request_hash: str = ""
    operation: str = ""
    replayed: bool = field(default=False)

    def begin(self, request: HttpRequest, caller: str):
        """Check the key; return the stored answer to give, or None to run the request."""
        if not _KEY.fullmatch(self.key):
            raise DomainError(invalid_key_message(), field=HEADER)
        self.caller, self.key_hash = caller, key_hash(self.key)
        self.request_hash = request_hash(request)
        match = getattr(request, "resolver_match", None)
        self.operation = getattr(match, "view_name", "") or request.path_info
        found = _lookup(self.caller, self.key_hash)
        if found is None:
            return None
        self.replayed = True
        return _answer(found, self.request_hash)


def _run_once(state: State, run, refuse) -> HttpResponse:
    """Run inside one transaction; keep its effects only with a stored successful answer."""
    try:
        with transaction.atomic():
            response = run()
            if state.replayed or not state.caller or not 200 <= response.status_code < 300:
                raise _Discard(response)  # a replay, a refusal or a failure: nothing to keep
            _store(state, response)
            return response
    except _Discard as discarded:
        return discarded.response
    except _Raced:
        found = _lookup(state.caller, state.key_hash)
        if found is None:
            return refuse(409, unfinished_message())
        try:
            return _answer(found, state.request_hash)
        except Conflict as conflict:
            return refuse(409, conflict.message)


# --- channels ---------------------------------------------------------------------------------


def guard(request: HttpRequest, *, caller: str, run, refuse) -> HttpResponse:
    """For a plain Django view: ``run()`` makes the response, ``refuse(status, message)``
    renders an error in the view's own format. Without the header, just ``run()``."""
    key = request.headers.get(HEADER)
    if key is None:
        return run()
    state = State(key=key.strip())
    try:
        stored = state.begin(request, caller)
    except DomainError as error:
        return refuse(error.status_code, error.message)
    if stored is not None:
        return stored
    return _run_once(state, run, refuse)


def _api_error(status: int, message: str) -> HttpResponse:
    return JsonResponse({"error": message, "field": HEADER}, status=status)


def idempotent(view):
    """For an /api/v1 create operation; put it under ``@router.post(...)``.

    Two layers, because the caller is known only after ninja's authentication and the
    response only after its rendering: the view function looks the key up (after auth),
    and the operation's ``run`` holds the transaction and stores the rendered response.
    """

    @functools.wraps(view)
    def checked_view(request: HttpRequest, *args, **kwargs):
        state = getattr(request, _STATE, None)
        if state is not None:
            stored = state.begin(request, caller_of(getattr(request, "auth", None)))
            if stored is not None:
                return stored
        return view(request, *args, **kwargs)

    def run_with_key(run):
        @functools.wraps(run)
        def run_once(request: HttpRequest, *args, **kwargs):
            key = request.headers.get(HEADER)
            if key is None:
                return run(request, *args, **kwargs)
            state = State(key=key.strip())
            setattr(request, _STATE, state)
            return _run_once(state, lambda: run(request, *args, **kwargs), _api_error)

        return run_once

    # decorate_view: the operation's run is wrapped again when ninja clones the operation.
    decorate_view(run_with_key)(checked_view)
    return checked_view


def prune_expired(*, now=None) -> int:
    """Delete the stored answers past their time; return how many."""
    from mahalla.ops.models import IdempotencyRecord

    deleted, _by_model = IdempotencyRecord.objects.filter(
        expires_at__lte=now or timezone.now()).delete()
    return deleted
