"""A database that cannot be reached answers 503 with Retry-After, not a 500.

``DatabaseUnavailableMiddleware`` turns ``OperationalError`` and ``InterfaceError`` raised by
a view (connection refused or lost, server shutting down, SQLite "database is locked",
serialization failures) into a translated 503 in the format of the path: the HTML page
``503.html`` for pages, ``{"error": ..., "field": null}`` under /api/v1/, the GeoReport v2
error list under /open311/. Other database errors (integrity, programming) are bugs or bad
data and stay 500s. The view's transaction is already rolled back by its ``atomic`` blocks;
outside one, the connection is rolled back and closed if it is unusable, so the next request
opens a new one.
"""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = (OperationalError, InterfaceError)
API_PREFIX = "/api/v1/"
OPEN311_PREFIX = "/open311/"


def unavailable_message() -> str:
    return _("The service is temporarily unavailable. Please try again in a few minutes.")


class DatabaseUnavailableMiddleware:
    """Put it last in MIDDLEWARE: it must see the view's exception before the others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        logger.error("database unavailable during %s %s: %s", request.method, request.path,
                     exception)
        _release_connections()
        response = unavailable_response(request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


def unavailable_response(request) -> HttpResponse:
    """The 503 in the format the path speaks; nothing here may touch the database."""
    path = request.path_info
    if path.startswith(API_PREFIX) or path.startswith(OPEN311_PREFIX):
        # No language prefix on these paths: the cookie, then Accept-Language (as they do).
        with translation.override(translation.get_language_from_request(request)):
            message = unavailable_message()
            language = translation.get_language()
        response = _open311(path, message) if path.startswith(OPEN311_PREFIX) else \
            JsonResponse({"error": message, "field": None}, status=503)
        response["Content-Language"] = language
        return response
    # Standalone page: base.html reads the user and messages (the session, the database).
    html = render_to_string("503.html", {"message": unavailable_message()}, request=request)
    return HttpResponse(html, status=503)


def _open311(path: str, message: str) -> HttpResponse:
    from mahalla.appeals.open311.formats import JSON, XML, Open311Error, render_error

    fmt = XML if path.endswith(".xml") else JSON
    return render_error(fmt, Open311Error(503, message))


def _release_connections() -> None:
    """Outside an atomic block, end a half-done transaction and drop a broken connection."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue  # its atomic block rolls back when the exception leaves it
        try:
            if connection.connection is not None and not connection.autocommit:
                connection.rollback()
            connection.close_if_unusable_or_obsolete()
        except UNAVAILABLE:
            connection.close()
