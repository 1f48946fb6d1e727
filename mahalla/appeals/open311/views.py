"""Open311 GeoReport v2 endpoints: each parses, makes one call and renders JSON or XML.

The format is the extension of the resource (`services.xml`, `requests/MAH-2026-000001.json`).
Every failure answers in the spec's error format with its HTTP status: 400 bad or missing
parameters, 403 a missing, unknown or insufficient api_key, 404 unknown resources, 405 a wrong
method and 429 a key over its rate limit (the last two are ours, the spec names neither).
"""

import functools
import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from mahalla.appeals.open311 import attributes, catalogue, output, params, selectors, submission
from mahalla.appeals.open311.formats import (
    JSON,
    MIME_TYPES,
    XML,
    Open311Error,
    render,
    render_error,
)
from mahalla.appeals.services.submit import submit_appeal
from mahalla.core.exceptions import DomainError
from mahalla.integrations.keys import KeyRefused, use_key
from mahalla.integrations.scopes import Scope
from mahalla.ops.idempotency import guard

logger = logging.getLogger(__name__)
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_IDS = selectors.MAX_RESULTS
MAX_PATH_ID = 100


def endpoint(*methods: str):
    """Language, jurisdiction_id, method and errors, the same for every endpoint."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view):
        @csrf_exempt  # POST is authenticated by its api_key, not by a browser session
        @functools.wraps(view)
        def wrapper(request: HttpRequest, fmt: str, **kwargs) -> HttpResponse:
            language = params.language(request)
            with translation.override(language):
                response = _answer(view, request, fmt, allowed, kwargs)
            response["Content-Language"] = language
            patch_vary_headers(response, ["Accept-Language"])
            return response

        return wrapper

    return decorate


def _answer(view, request, fmt, allowed, kwargs) -> HttpResponse:
    try:
        if request.method not in allowed:
            response = render_error(fmt, Open311Error(405, _("Use %(methods)s for this resource.")
                                                      % {"methods": ", ".join(sorted(allowed))}))
            response["Allow"] = ", ".join(sorted(allowed))
            return response
        data = request.POST if request.method == "POST" else request.GET
        params.check_jurisdiction(data.get("jurisdiction_id") or
                                  request.GET.get("jurisdiction_id"))
        return view(request, fmt, **kwargs)
    except Open311Error as error:
        return render_error(fmt, error)
    except (OperationalError, InterfaceError):
        # The database is unreachable: the operations middleware answers 503 with Retry-After.
        raise
    except (SuspiciousOperation, MultiPartParserError):
        return render_error(fmt, Open311Error(400, _("The request could not be read.")))
    except Exception:
        # A fault of ours still answers in the format the client reads; it is logged.
        logger.exception("Open311 %s %s failed", request.method, request.path)
        return render_error(fmt, Open311Error(500, _("The service failed; please try again "
                                                     "later.")))


# --- discovery and services -------------------------------------------------------------------


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = reverse("open311:discovery", kwargs={"fmt": fmt}).rsplit("/", 1)[0]
    data = {
        "changeset": attributes.CHANGESET,
        "contact": settings.OPEN311_CONTACT,
        "key_service": _("Integration keys (api_key) are issued by the administrators of "
                         "the service; write to %(contact)s.")
        % {"contact": settings.OPEN311_CONTACT},
        "endpoints": [{
            "specification": SPECIFICATION,
            "url": request.build_absolute_uri(base),
            "changeset": attributes.CHANGESET,
            "type": "production",
            "formats": [MIME_TYPES[XML], MIME_TYPES[JSON]],
        }],
    }
    return render(fmt, "discovery", data)


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return render(fmt, "services", catalogue.service_list())


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    if not catalogue.exists(service_code):
        raise Open311Error(404, _("service_code %(code)s was not found.")
                           % {"code": params.short(service_code)})
    return render(fmt, "service_definition", catalogue.definition(service_code))


# --- service requests ---------------------------------------------------------------------------


def _api_key(request: HttpRequest):
    raw = request.POST.get("api_key", "").strip() or request.headers.get("X-API-Key", "").strip()
    try:
        return use_key(request, raw or None, Scope.OPEN311_SUBMIT)
    except KeyRefused as refused:
        # The spec answers 403 for a missing or invalid key; 429 (over the rate) is ours.
        raise Open311Error(429 if refused.status == 429 else 403, refused.message) from None


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = _api_key(request)
    return guard(request, caller=f"key:{api_key.pk}", run=lambda: _submit(request, fmt, api_key),
                 refuse=lambda status, message: render_error(fmt, Open311Error(status, message)))


def _submit(request: HttpRequest, fmt: str, api_key) -> HttpResponse:
    parsed = submission.parse(request.POST)
    key = submission.idempotency_key(request, api_key)
    try:
        appeal = submit_appeal(draft=submission.draft(parsed, api_key=api_key,
                                                      idempotency_key=key), author=None)
    except DomainError as error:
        status = error.status_code if error.status_code in (404, 429) else 400
        raise Open311Error(status, error.message) from None
    return render(fmt, "service_requests", [output.created(appeal)])


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    query = request.GET
    numbers = params.split_list(query, "service_request_id")
    if numbers:
        # The spec: a list of ids overrides every other argument.
        if len(numbers) > MAX_IDS:
            raise Open311Error(400, _("At most %(count)s service_request_id values at once.")
                               % {"count": MAX_IDS})
        found = selectors.by_numbers(numbers)
    else:
        codes = params.split_list(query, "service_code")
        unknown = [code for code in codes if not catalogue.exists(code)]
        if unknown:
            raise Open311Error(400, *(_("service_code %(code)s was not found.")
                                      % {"code": params.short(code)} for code in unknown[:10]))
        statuses = params.split_list(query, "status")
        if any(s not in ("open", "closed") for s in statuses):
            raise Open311Error(400, _("status may be open, closed or both, comma-delimited."))
        start, end = params.date_range(query)
        found = selectors.search(service_codes=codes, statuses=statuses, start=start, end=end)
    return render(fmt, "service_requests",
                  [output.service_request(appeal, request) for appeal in found])


@endpoint("GET", "POST")
def requests_resource(request: HttpRequest, fmt: str) -> HttpResponse:
    """POST: create a service request; GET: query service requests."""
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


@endpoint("GET")
def service_request(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    appeal = (selectors.by_number(service_request_id)
              if len(service_request_id) <= MAX_PATH_ID else None)
    if appeal is None:
        raise Open311Error(404, _("service_request_id %(id)s was not found.")
                           % {"id": params.short(service_request_id)})
    return render(fmt, "service_requests", [output.service_request(appeal, request)])


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    appeal = selectors.by_token(token) if len(token) <= MAX_PATH_ID else None
    if appeal is None:
        raise Open311Error(404, _("token %(token)s was not found.")
                           % {"token": params.short(token)})
    return render(fmt, "service_requests", [output.token_row(appeal, token)])


def not_found(request: HttpRequest, path: str) -> HttpResponse:
    """Anything else under /open311/v2/: a 404 in the spec's format (XML if asked for)."""
    fmt = XML if path.endswith(".xml") else JSON
    language = params.language(request)
    with translation.override(language):
        response = render_error(fmt, Open311Error(404, _("There is no such resource. See "
                                                         "discovery.xml for the endpoints.")))
    response["Content-Language"] = language
    return response
