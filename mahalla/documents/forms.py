"""The fixed forms of the application pages (the service forms are built from data in
`forms_schema`): they parse and label input; the services decide what is valid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mahalla.documents.forms_schema import AttachmentsField
from mahalla.documents.models import Application, EService

STATUS_FILTERS = [("", _("All statuses")), ("open", _("Open (not decided)")),
                  *Application.Status.choices]


class AnswerForm(forms.Form):
    """The applicant's answer to a request for information."""

    text = forms.CharField(label=_("Your answer"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    files = AttachmentsField(label=_("Add files"), required=False,
                             help_text=_("Up to 5 files: PDF, JPEG, PNG or WebP, at most 10 MB "
                                         "each."))


class StaffActionForm(forms.Form):
    """A form of one action on the staff page; each is prefixed with its action's name."""

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application


class NoInputForm(StaffActionForm):
    """Actions that need only the button (start the review, approve, issue)."""


class RequestInfoForm(StaffActionForm):
    text = forms.CharField(label=_("What is missing?"), max_length=2000,
                           help_text=_("The applicant receives this text and can answer with "
                                       "text and files. The deadline waits meanwhile."),
                           widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(StaffActionForm):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=2000,
                             help_text=_("The applicant receives this reason."),
                             widget=forms.Textarea(attrs={"rows": 3}))


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Application number"), required=False, max_length=20,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTERS)
    service = forms.ChoiceField(label=_("Service"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All services")), *[
            (s.code, s.name) for s in EService.objects.all()]]
