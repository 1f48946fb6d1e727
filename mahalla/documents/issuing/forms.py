from django import forms
from django.utils.translation import gettext_lazy as _

from mahalla.documents.issuing.services import MAX_REASON, NUMBER, normalize_number

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class VerifyNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Document number"), max_length=20,
        help_text=_("As printed on the document, for example HJ-2026-000001."))

    def clean_number(self) -> str:
        number = normalize_number(self.cleaned_data["number"])
        if not NUMBER.fullmatch(number):
            raise forms.ValidationError(_("Enter a number like HJ-2026-000001."))
        return number


class VerifyFileForm(forms.Form):
    file = forms.FileField(
        label=_("The PDF file"),
        help_text=_("The file exactly as you received it, at most 10 MB. It is checked and "
                    "not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This is not a PDF file."))
        return upload


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"), max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to everyone who checks the document: write no personal data."))
