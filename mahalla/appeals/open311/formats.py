"""Rendering GeoReport v2 answers as JSON or XML, and its error documents.

The spec defines XML first and JSON as its mechanical mapping (the "Spark convention"): a
list in JSON is a wrapper element in XML whose children carry the singular name
(`services` → `service`, `attributes` → `attribute`). Dicts keep their insertion order, which
is the element order of the spec, so building the dict in that order is all a caller does.
"""

import json
import re
from datetime import datetime
from decimal import Decimal
from xml.etree import ElementTree as ET  # noqa: S405 (we write XML, we never parse it here)

from django.http import HttpResponse
from django.utils import timezone

JSON = "json"
XML = "xml"
FORMATS = (JSON, XML)
CONTENT_TYPES = {JSON: "application/json; charset=utf-8", XML: "text/xml; charset=utf-8"}
MIME_TYPES = {JSON: "application/json", XML: "text/xml"}

# The element name of one item of each list the spec defines.
ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}

# Characters XML 1.0 cannot carry even escaped; they are dropped from what we write.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Open311Error(Exception):
    """A request the server refuses: the HTTP status and one or more descriptions."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(d) for d in descriptions]


def w3c(value: datetime | None) -> str | None:
    """A datetime in the W3C profile of ISO 8601, in our time zone, with its offset."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value) or ""
    return _NOT_XML.sub("", str(value))


def _xml_children(parent: ET.Element, name: str, value) -> None:
    if isinstance(value, dict):
        element = ET.SubElement(parent, name)
        for key, item in value.items():
            _xml_children(element, key, item)
    elif isinstance(value, list | tuple):
        element = ET.SubElement(parent, name)
        for item in value:
            _xml_children(element, ITEM_NAMES.get(name, "item"), item)
    else:
        ET.SubElement(parent, name).text = _scalar(value)


def to_xml(root: str, data) -> bytes:
    """`data` (a dict, or a list of dicts) under the element `root`, with the declaration."""
    holder = ET.Element("holder")
    _xml_children(holder, root, data)
    body = ET.tostring(holder[0], encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode()


def _json_default(value):
    if isinstance(value, datetime):
        return w3c(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def to_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=_json_default).encode()


def render(fmt: str, root: str, data, *, status: int = 200) -> HttpResponse:
    """The answer in the chosen format; `root` names the XML document element."""
    body = to_xml(root, data) if fmt == XML else to_json(data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_error(fmt: str, error: Open311Error) -> HttpResponse:
    """The spec's error document: a list of {code, description}, the code the HTTP status."""
    errors = [{"code": error.status, "description": d} for d in error.descriptions]
    return render(fmt if fmt in FORMATS else JSON, "errors", errors, status=error.status)
