from django.contrib.auth import views as auth_views
from django.urls import path

from mahalla.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("confirm-phone/", views.confirm_phone, name="confirm_phone"),
    path("confirm-phone/resend/", views.resend_code, name="resend_code"),
    path("profile/", views.profile, name="profile"),
]
