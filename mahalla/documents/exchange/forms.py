"""Forms of the exchange pages: they parse and label input; the services decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mahalla.documents.exchange import attachments
from mahalla.documents.exchange.bodies import resolve_recipient
from mahalla.documents.exchange.services import MAX_REPLY_WORKING_DAYS, SUBJECT_MAX, TEXT_MAX


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; their content is checked by `exchange.attachments`."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": attachments.ACCEPT, "multiple": True})

    def clean(self, data, initial=None):
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


class JournalFilterForm(forms.Form):
    STATE_CHOICES = [
        ("", _("All letters")),
        ("unacknowledged", _("Receipt not acknowledged")),
        ("awaiting_reply", _("Awaiting a reply")),
        ("overdue", _("Reply overdue")),
    ]

    q = forms.CharField(label=_("Search by number, subject or text"), required=False,
                        max_length=200, widget=forms.TextInput(attrs={"type": "search"}))
    state = forms.ChoiceField(label=_("Show"), required=False, choices=STATE_CHOICES)


class LetterFields(forms.Form):
    """What every letter has: subject, text, files and an optional reply date."""

    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    text = forms.CharField(label=_("Text of the letter"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 10}))
    files = FilesField(label=_("Attachments"),
                       help_text=_("PDF documents or JPEG, PNG, WebP images; "
                                   "at most 10 files of 10 MB each."))
    reply_due = forms.DateField(label=_("Ask for a reply by this date"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    reply_days = forms.IntegerField(
        label=_("…or within this many working days"), required=False, min_value=1,
        max_value=MAX_REPLY_WORKING_DAYS,
        help_text=_("Leave both empty when no reply is needed. Working days skip weekends "
                    "and public holidays."))

    def service_arguments(self, request) -> dict:
        data = self.cleaned_data
        return {"subject": data["subject"], "text": data["text"],
                "files": request.FILES.getlist(self.add_prefix("files")),
                "reply_due": data.get("reply_due"),
                "reply_within_days": data.get("reply_days")}


class ComposeForm(LetterFields):
    """A new letter; the recipients' choices come from `selectors.recipient_options`."""

    field_order = ["recipients", "subject", "text", "files", "reply_due", "reply_days"]

    recipients = forms.MultipleChoiceField(label=_("Recipients"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    find = forms.CharField(label=_("Find a body by name"), required=False, max_length=100,
                           widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args, recipient_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.recipient_groups = list(recipient_groups)
        self.fields["recipients"].choices = self.recipient_groups

    def clean_recipients(self):
        bodies = []
        for value in self.cleaned_data.get("recipients") or []:
            body = resolve_recipient(value)
            if body is None:
                raise forms.ValidationError(_("A chosen recipient does not exist."))
            bodies.append(body)
        return bodies

    def chosen(self) -> set[str]:
        value = self["recipients"].value() or []
        return {str(v) for v in value}


class ReplyForm(LetterFields):
    prefix = "reply"
