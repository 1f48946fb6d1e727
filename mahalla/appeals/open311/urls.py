"""Open311 GeoReport v2 under /open311/v2/: each resource in .json and .xml."""

from django.urls import re_path

from mahalla.appeals.open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<service_code>[^/]+)" + FMT, views.service_definition,
            name="service_definition"),
    re_path(r"^requests" + FMT, views.requests_resource, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/]+)" + FMT, views.service_request,
            name="request"),
    re_path(r"^tokens/(?P<token>[^/]+)" + FMT, views.token, name="token"),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]
