from django.urls import path

from mahalla.ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.index, name="index"),
    path("verify/", views.verify_record, name="verify"),
]
