"""The typed /api/v1 root: each app adds its router here."""

from django.http import HttpRequest
from ninja import NinjaAPI

from mahalla.core.api import router as core_router
from mahalla.core.exceptions import DomainError

api = NinjaAPI(
    title="Mahalla API",
    version="1",
    description="Digital social services of mahalla citizens' assemblies and district bodies.",
    urls_namespace="api-v1",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):
    return api.create_response(request, {"error": exc.message, "field": exc.field},
                               status=exc.status_code)


api.add_router("/", core_router)
