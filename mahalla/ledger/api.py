"""The public ledger API (no login), as ``mahalla.ledger.verify`` and other auditors read it.

Malformed or inconsistent parameters answer 400 and sizes or entries beyond the log 404, both
as ``{"error": ...}`` (``DomainError`` through the API's handler), never 500.
"""

import base64
import re

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from mahalla.core.exceptions import DomainError
from mahalla.ledger import keys, services

router = Router(tags=["ledger"])

_DIGITS = re.compile(r"[0-9]{1,18}")
# Entries and proofs at a given size never change; checkpoints do.
IMMUTABLE = "public, max-age=31536000, immutable"


class ErrorOut(Schema):
    error: str
    field: str | None = None


class EntryOut(Schema):
    index: int
    leaf_data: str
    leaf_hash: str


class InclusionOut(Schema):
    index: int
    tree_size: int
    hashes: list[str]


class ConsistencyOut(Schema):
    first: int
    second: int
    hashes: list[str]


def _int(value: str | None, name: str) -> int:
    """A non-negative decimal parameter, or 400."""
    if value is None or not _DIGITS.fullmatch(value):
        raise DomainError(_("%(name)s must be a non-negative whole number.") % {"name": name},
                          field=name)
    return int(value)


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _public(response: HttpResponse, cache_control: str) -> None:
    response["Cache-Control"] = cache_control
    response["Access-Control-Allow-Origin"] = "*"


def _text(body: str, cache_control: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    _public(response, cache_control)
    return response


@router.get("/checkpoint", summary="Latest signed checkpoint (text/plain)")
def checkpoint(request: HttpRequest):
    """The latest C2SP tlog-checkpoint: origin, tree size, base64 root hash, signature."""
    return _text(services.latest_checkpoint().note_text, "no-cache")


@router.get("/key", summary="Verifier key (text/plain)")
def key(request: HttpRequest):
    """The log's verifier key in the C2SP vkey form ``<name>+<key id>+<base64 key>``."""
    return _text(keys.verifier_key(), "public, max-age=3600")


@router.get("/entries/{index}", response={200: EntryOut, 400: ErrorOut, 404: ErrorOut})
def entry(request: HttpRequest, index: str, response: HttpResponse):
    """Leaf ``index``: its data and its RFC 9162 leaf hash, both base64."""
    found = services.get_entry(index=_int(index, "index"))
    _public(response, IMMUTABLE)
    return {"index": found.index, "leaf_data": _b64(found.leaf_data),
            "leaf_hash": _b64(found.leaf_hash)}


@router.get("/proof/inclusion", response={200: InclusionOut, 400: ErrorOut, 404: ErrorOut})
def inclusion(request: HttpRequest, response: HttpResponse, index: str | None = None,
              tree_size: str | None = None):
    """The inclusion proof of leaf ``index`` in the tree of ``tree_size`` leaves."""
    index_, size = _int(index, "index"), _int(tree_size, "tree_size")
    hashes = services.inclusion_proof(index=index_, tree_size=size)
    _public(response, IMMUTABLE)
    return {"index": index_, "tree_size": size, "hashes": [_b64(h) for h in hashes]}


@router.get("/proof/consistency", response={200: ConsistencyOut, 400: ErrorOut, 404: ErrorOut})
def consistency(request: HttpRequest, response: HttpResponse, first: str | None = None,
                second: str | None = None):
    """The consistency proof from tree size ``first`` to tree size ``second``."""
    old, new = _int(first, "first"), _int(second, "second")
    hashes = services.consistency_proof(first=old, second=new)
    _public(response, IMMUTABLE)
    return {"first": old, "second": new, "hashes": [_b64(h) for h in hashes]}
