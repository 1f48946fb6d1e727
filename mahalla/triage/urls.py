from django.urls import path

from mahalla.triage import views

app_name = "triage"

urlpatterns = [
    path("", views.insights_page, name="insights"),
]
