from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("open311/v2/", include("mahalla.appeals.open311.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("ledger/", include("mahalla.ledger.urls")),
    path("services/", include("mahalla.documents.urls")),
    path("documents/", include("mahalla.documents.issuing.urls")),
    path("exchange/", include("mahalla.documents.exchange.urls")),
    path("staff/insights/", include("mahalla.triage.urls")),
    path("participation/community/", include("mahalla.participation.community.urls")),
    path("participation/", include("mahalla.participation.urls")),
    path("staff/ops/", include("mahalla.ops.urls")),
    path("", include("mahalla.analytics.urls")),
    path("", include("mahalla.appeals.urls")),
    path("", include("mahalla.core.urls")),
    prefix_default_language=False,
)

if settings.OIDC_ENABLED:
    urlpatterns += [path("oidc/", include("mozilla_django_oidc.urls"))]

# Uploaded files are never served from MEDIA_ROOT directly, not even in development: photos,
# attachments and documents go out only through views that check who is asking.
