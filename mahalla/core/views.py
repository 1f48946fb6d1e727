from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from mahalla.core.crypto import lookup_hash
from mahalla.core.exceptions import DomainError
from mahalla.core.forms import ConfirmPhoneForm, PhoneLoginForm, ProfileForm, SignUpForm
from mahalla.core.phone import phone_lookup_form
from mahalla.core.services import accounts


def home(request):
    return render(request, "core/home.html")


def ratelimited(request, exception=None):
    return render(request, "core/ratelimited.html", status=429)


def _form_error(form, error: DomainError):
    form.add_error(error.field if error.field in form.fields else None, error.message)


def login_phone_key(group, request) -> str:
    """The per-account login limit counts the number, not its spelling: "+998 90 123 45 67",
    "901234567" and "(90) 123-45-67" share one budget (keyed hash, never the number)."""
    return lookup_hash(phone_lookup_form(request.POST.get("username", "")), purpose="login")


@ratelimit(key="ip", rate=settings.SIGNUP_RATE, method="POST", block=True)
def signup(request):
    if request.user.is_authenticated:
        return redirect("core:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.sign_up_resident(
                phone=form.cleaned_data["phone"], password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
                language=request.LANGUAGE_CODE,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Account created. Enter the code we sent to your phone."))
            return redirect("core:confirm_phone")
    return render(request, "registration/signup.html", {"form": form})


@method_decorator(ratelimit(key="ip", rate=settings.LOGIN_RATE, method="POST", block=True),
                  name="post")
@method_decorator(ratelimit(key=login_phone_key, rate=settings.LOGIN_RATE, method="POST",
                            block=True), name="post")
class LoginView(auth_views.LoginView):
    form_class = PhoneLoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
@ratelimit(key="user", rate=settings.OTP_RATE, method="POST", block=True)
def confirm_phone(request):
    if request.user.phone_verified:
        return redirect("core:profile")
    form = ConfirmPhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.confirm_phone(user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your phone number is confirmed."))
            return redirect("core:profile")
    return render(request, "registration/confirm_phone.html", {"form": form})


@login_required
@require_POST
@ratelimit(key="user", rate=settings.OTP_RATE, method="POST", block=True)
def resend_code(request):
    try:
        accounts.send_phone_code(user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new code was sent."))
    return redirect("core:confirm_phone")


@login_required
def profile(request):
    user = request.user
    initial = {"full_name": user.full_name, "email": user.email,
               "language": user.preferred_language, "mahalla": user.mahalla_id}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        accounts.update_profile(user=user, full_name=form.cleaned_data["full_name"],
                                email=form.cleaned_data["email"],
                                language=form.cleaned_data["language"],
                                mahalla=form.cleaned_data["mahalla"])
        messages.success(request, _("Profile saved."))
        return redirect("core:profile")
    return render(request, "core/profile.html", {"form": form})
