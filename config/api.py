"""The typed /api/v1 root: each app adds its router here.

Every error leaves as {"error": "<translated message>", "field": "<input field or null>"}:
domain errors with the status their class names, malformed input with 400, a missing login
with 401, an unknown object with 404. Authentication methods live in `config.api_auth`.
"""

from functools import wraps

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from mahalla.analytics.api import router as analytics_router
from mahalla.appeals.api import public_router as appeals_public_router
from mahalla.appeals.api import router as appeals_router
from mahalla.core.api import router as core_router
from mahalla.core.exceptions import DomainError
from mahalla.ledger.api import router as ledger_router
from mahalla.participation.api import router as participation_router
from mahalla.participation.community.api import router as community_router
from mahalla.triage.api import router as triage_router

api = NinjaAPI(
    title="Mahalla API",
    version="1",
    description="Digital social services of mahalla citizens' assemblies and district bodies.",
    urls_namespace="api-v1",
)


def in_callers_language(run):
    """Answer in the caller's language: the language cookie, then Accept-Language.

    The API's paths carry no language prefix, so LocaleMiddleware alone would always pick
    the default language for them.
    """

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", language)
        return response

    return wrapper


api.add_decorator(in_callers_language, mode="view")


def error_response(request: HttpRequest, message, status: int, field: str | None = None):
    return api.create_response(request, {"error": str(message), "field": field}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):
    return error_response(request, exc.message, exc.status_code, exc.field)


@api.exception_handler(AuthenticationError)
def login_required(request: HttpRequest, exc: AuthenticationError):
    return error_response(request, _("Log in to do this."), 401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    # Ninja raises HttpError itself only for a body it cannot parse (400, in English); the
    # other HttpErrors are ours (the CSRF refusal) and already translated.
    message = {400: _("The request could not be read.")}.get(exc.status_code, exc.message)
    return error_response(request, message, exc.status_code)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    # loc is (source, [parameter,] field, [index]...): the last name is the field.
    names = [part for part in list(first.get("loc", ()))[1:] if isinstance(part, str)]
    if first.get("type") == "missing":
        message = _("This field is required.")
    else:
        message = _("This value is not valid.")
    return error_response(request, message, 400, names[-1] if names else None)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return error_response(request, _("Not found."), 404)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)
def unreadable_request(request: HttpRequest, exc: Exception):
    return error_response(request, _("The request could not be read."), 400)


api.add_router("/", core_router)
api.add_router("/appeals", appeals_router)
api.add_router("/public", appeals_public_router)
api.add_router("/ledger", ledger_router)
api.add_router("/triage", triage_router)
api.add_router("/community", community_router)
api.add_router("/participation", participation_router)
api.add_router("/open-data", analytics_router)
