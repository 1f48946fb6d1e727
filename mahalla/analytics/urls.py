from django.urls import path

from mahalla.analytics import views

app_name = "analytics"

urlpatterns = [
    path("statistics/", views.transparency, name="public"),
    path("statistics/export.<str:fmt>", views.public_export, name="public_export"),
    path("staff/statistics/", views.dashboard, name="dashboard"),
    path("staff/statistics/appeals/", views.drilldown, name="drilldown"),
    path("staff/statistics/export.<str:fmt>", views.export, name="export"),
]
