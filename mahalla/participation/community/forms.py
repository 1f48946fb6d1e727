"""Forms of the community pages: they parse and label input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mahalla.appeals.models import Appeal
from mahalla.core.categories import Category
from mahalla.participation.community.models import Booking, CommentReport, ReceptionSlot, Topic


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("What do you want to discuss?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 6}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why do you report it?"),
                               choices=CommentReport.Reason.choices)
    note = forms.CharField(label=_("Note for the moderators"), max_length=500, required=False)


class ModerateForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown publicly)"), max_length=500)


class TopicModerationForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Topic.Status.choices)
    reason = forms.CharField(label=_("Reason (shown publicly)"), max_length=500)


class BlockForm(forms.Form):
    comment = forms.IntegerField(label=_("Comment number"), min_value=1)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365, initial=7)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class SlotForm(forms.Form):
    kind = forms.ChoiceField(label=_("How"), choices=ReceptionSlot.Kind.choices,
                             widget=forms.RadioSelect, initial=ReceptionSlot.Kind.IN_PERSON)
    starts_at = forms.CharField(label=_("Starts at"),
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.CharField(label=_("Ends at"),
                              widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place (for a reception in person)"), max_length=300,
                            required=False)
    video_url = forms.CharField(label=_("Video link (https://…)"), max_length=500,
                                required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)


class BookingForm(forms.Form):
    matter = forms.CharField(label=_("What do you want to discuss?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(
        label=_("I agree that if the matter needs action it is filed as my appeal."),
        required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        *Booking.Outcome.choices, ("no_show", _("The resident did not come"))])
    note = forms.CharField(label=_("What was discussed and decided"), max_length=4000,
                           required=False, widget=forms.Textarea(attrs={"rows": 4}))
    appeal_kind = forms.ChoiceField(label=_("Kind of appeal (when it needs action)"),
                                    required=False, choices=[
                                        ("", "—"),
                                        *[(k, Appeal.Kind(k).label) for k in
                                          (Appeal.Kind.APPLICATION, Appeal.Kind.PROPOSAL,
                                           Appeal.Kind.COMPLAINT)]])
    category = forms.ChoiceField(label=_("Category (when it needs action)"), required=False,
                                 choices=[("", "—"), *Category.choices])


class RatingForm(forms.Form):
    interaction = forms.ChoiceField(choices=[("application", "application"),
                                             ("reception", "reception")],
                                    widget=forms.HiddenInput)
    object_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    score = forms.TypedChoiceField(label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
                                   choices=[(i, str(i)) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
