"""Who is calling /api/v1: the one list of authentication methods every router uses.

Each method returns the acting `User` (or None to let the next one try), so endpoints read
the caller from `request.auth` and never from `request.user`: ninja's views are exempt from
Django's CSRF middleware, and only these classes check CSRF.

- `AUTH`: login required (401 otherwise).
- `OPTIONAL_AUTH`: a signed-in caller is identified, anyone else passes as `AnonymousUser`.

An integration key (header X-API-Key) is the second method: it opens only the operations its
scopes name (`mahalla.integrations.scopes`) and acts as its account, or as nobody.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, APIKeyHeader
from ninja.utils import check_csrf


class SessionAuth(APIKeyCookie):
    """The browser's Django session; unsafe methods need the CSRF token (X-CSRFToken)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF is checked in authenticate(), once a session user is found: a caller without
        # a session carries no authority that a forged request could borrow.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise HttpError(403, _("The security token of the page has expired. Reload the "
                                   "page and try again."))
        return user


class KeyCaller(AnonymousUser):
    """An integration key acting as no account: it may do what needs no account."""

    def __init__(self, api_key):
        self.api_key = api_key


class IntegrationKeyAuth(APIKeyHeader):
    """X-API-Key: scope of the operation checked, rate-limited per key."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None):
        from mahalla.integrations.keys import KeyRefused, use_key
        from mahalla.integrations.scopes import scope_of_operation

        if not key:
            return None
        match = getattr(request, "resolver_match", None)
        try:
            api_key = use_key(request, key, scope_of_operation(getattr(match, "url_name", None)))
        except KeyRefused as refused:
            raise HttpError(refused.status, refused.message) from refused
        return api_key.acts_as if api_key.acts_as_id else KeyCaller(api_key)


class Anonymous:
    """The last resort of `OPTIONAL_AUTH`: lets the request through as `AnonymousUser`."""

    def __call__(self, request: HttpRequest) -> AnonymousUser:
        return AnonymousUser()


session_auth = SessionAuth()
integration_key_auth = IntegrationKeyAuth()
AUTH: list = [session_auth, integration_key_auth]
OPTIONAL_AUTH: list = [*AUTH, Anonymous()]


def optional_security() -> dict:
    """OpenAPI `openapi_extra` of an OPTIONAL_AUTH operation: any method of AUTH, or none."""
    return {"security": [*({type(method).__name__: []} for method in AUTH), {}]}
