"""Forms of the participation pages: they parse; the services decide."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from mahalla.participation.models import Level

LEVEL_CHOICES = [
    (Level.MAHALLA, _("My mahalla")),
    (Level.DISTRICT, _("My district (hokimiyat)")),
    (Level.REGION, _("My region")),
]
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PetitionForm(forms.Form):
    level = forms.ChoiceField(label=_("Addressed to"), choices=LEVEL_CHOICES,
                              widget=forms.RadioSelect, initial=Level.MAHALLA)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("What do you ask for, and why?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 8}))


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("publish", _("Publish: signing starts")), ("reject", _("Do not publish"))])
    reason = forms.CharField(label=_("Reason (when not published)"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Public answer"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 8}))


class TargetMixin(forms.Form):
    target = forms.ChoiceField(label=_("Territory"))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)


QUESTIONS_EXAMPLE = json.dumps([
    {"id": "q1", "type": "single", "text": "…", "options": [
        {"id": "yes", "label": "…"}, {"id": "no", "label": "…"}]},
    {"id": "q2", "type": "scale", "text": "…", "min": 1, "max": 5},
    {"id": "q3", "type": "text", "text": "…", "required": False, "max_length": 500},
], ensure_ascii=False)


class SurveyForm(TargetMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    questions = forms.CharField(
        label=_("Questions (JSON)"), widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("A list of questions; types: single, multiple, scale, text. Example: "
                    "%(example)s") % {"example": QUESTIONS_EXAMPLE})
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME)

    def clean_questions(self):
        try:
            return json.loads(self.cleaned_data["questions"])
        except ValueError:
            raise forms.ValidationError(_("This is not valid JSON.")) from None


class ElectionForm(TargetMixin):
    title = forms.CharField(label=_("Question put to the vote"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(label=_("Options, one per line"),
                              widget=forms.Textarea(attrs={"rows": 4}))
    roll_date = forms.DateField(label=_("Voter roll date"), widget=DATE)
    opens_at = forms.DateTimeField(label=_("Voting opens"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("Voting closes"), widget=DATETIME)

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines()
                if line.strip()]


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "spellcheck": "false"}))


class VoteForm(forms.Form):
    option = forms.TypedChoiceField(label=_("Your choice"), coerce=int,
                                    widget=forms.RadioSelect)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(o.pk, o.label) for o in options]


def survey_form(questions: list[dict], data=None) -> forms.Form:
    """A form with one field per question (radio, checkboxes, scale radio or text)."""
    form = forms.Form(data=data)
    for question in questions:
        qid, kind, label = question["id"], question["type"], question["text"]
        required = question.get("required", True)
        if kind == "single":
            field = forms.ChoiceField(label=label, required=required, widget=forms.RadioSelect,
                                      choices=[(o["id"], o["label"])
                                               for o in question["options"]])
        elif kind == "multiple":
            field = forms.MultipleChoiceField(
                label=label, required=required, widget=forms.CheckboxSelectMultiple,
                choices=[(o["id"], o["label"]) for o in question["options"]])
        elif kind == "scale":
            low, high = question["min"], question["max"]
            choices = [(n, str(n)) for n in range(low, high + 1)]
            field = forms.TypedChoiceField(label=label, required=required, coerce=int,
                                           choices=choices, widget=forms.RadioSelect,
                                           empty_value=None)
            ends = [question.get("min_label"), question.get("max_label")]
            if any(ends):
                field.help_text = f"{low} — {ends[0] or ''}; {high} — {ends[1] or ''}"
        else:
            field = forms.CharField(label=label, required=required,
                                    max_length=question["max_length"],
                                    widget=forms.Textarea(attrs={"rows": 3}))
        form.fields[qid] = field
    return form
