from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mahalla.core.models import Mahalla
from mahalla.core.phone import normalize_phone

PHONE_HELP = _("Format: +998 90 123 45 67")


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Phone number"))
        kwargs.setdefault("help_text", PHONE_HELP)
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "tel", "inputmode": "tel",
                                  "placeholder": "+998 90 123 45 67"})

    def clean(self, value):
        return normalize_phone(super().clean(value))


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = PhoneField()
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 8 characters, not only digits."))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data under the Law on Personal Data."))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class PhoneLoginForm(AuthenticationForm):
    """Django's login form with the phone normalized first, so every typed form works."""

    username = PhoneField()
    error_messages = {
        "invalid_login": _("The phone number or password is wrong."),
        "inactive": _("This account is disabled."),
    }

    def clean_username(self):
        return self.cleaned_data["username"]


class ConfirmPhoneForm(forms.Form):
    code = forms.CharField(label=_("Code from the SMS"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                         "inputmode": "numeric",
                                                         "pattern": "[0-9]{6}"}))

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError(_("The code has six digits."))
        return code


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    mahalla = forms.ModelChoiceField(label=_("Your mahalla"), required=False,
                                     queryset=Mahalla.objects.filter(is_active=True)
                                     .select_related("district"))
