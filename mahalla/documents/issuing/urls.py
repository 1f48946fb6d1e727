from django.urls import path

from mahalla.documents.issuing import views

app_name = "issuing"

urlpatterns = [
    path("verify/", views.verify_page, name="verify"),
    # The address in the QR code: /documents/v/<number>/<code>/ (public, no login).
    path("v/<str:number>/<str:code>/", views.verify_by_code, name="verify_code"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/download/", views.download, name="download"),
    path("<str:number>/revoke/", views.revoke, name="revoke"),
]
