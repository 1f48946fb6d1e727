"""Forms of the appeal pages: they parse and label input; the services decide what is valid."""

import uuid
from itertools import groupby

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mahalla.appeals import deadlines
from mahalla.appeals.models import Appeal
from mahalla.appeals.selectors import executors_for
from mahalla.core import geo
from mahalla.core.categories import Category
from mahalla.core.models import Mahalla, Organization

PHOTO_TYPES = "image/jpeg,image/png,image/webp"
MAX_MAHALLA_OPTIONS = 300


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; their content is checked by `mahalla.appeals.photos`."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": PHOTO_TYPES, "multiple": True})

    def clean(self, data, initial=None):
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


def category_choices(empty_label=None):
    return [("", empty_label or _("Choose a category")), *Category.choices]


def group_mahallas(mahallas) -> list[tuple[str, list[tuple[str, str]]]]:
    """(district name, [(code, mahalla name), ...]) in the active language."""
    return [(district.name, [(m.code, m.name) for m in group])
            for district, group in groupby(mahallas, key=lambda m: m.district)]


def mahalla_choices(mahallas, empty_label) -> list:
    """Options grouped by district (one <optgroup> each)."""
    return [("", empty_label), *group_mahallas(mahallas)]


def mahallas_for_form(*, query: str = "", user=None, selected: str = ""):
    """The mahallas offered in the form: a search, else the person's district, else the first.

    All of Uzbekistan has about 9,000 mahallas; the list holds at most a few hundred, and the
    search (HTMX, or the "Find" button without JavaScript) narrows it down.
    """
    qs = Mahalla.objects.filter(is_active=True).select_related("district")
    if query:
        qs = qs.search(query)
    elif user is not None and getattr(user, "mahalla_id", None):
        qs = qs.filter(district=user.mahalla.district_id)
    found = list(qs[:MAX_MAHALLA_OPTIONS])
    if selected and selected not in {m.code for m in found}:
        found += list(Mahalla.objects.filter(code=selected, is_active=True)
                      .select_related("district"))
        found.sort(key=lambda m: (m.district.soato, m.name_uz))
    return found


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you want to send?"), choices=Appeal.Kind.choices,
                             widget=forms.RadioSelect, initial=Appeal.Kind.PROBLEM_REPORT)
    category = forms.ChoiceField(label=_("Category"), choices=category_choices)
    text = forms.CharField(
        label=_("Describe the matter"), max_length=5000,
        help_text=_("What happened, where exactly, since when. At least 10 characters."),
        widget=forms.Textarea(attrs={"rows": 6}))
    mahalla_q = forms.CharField(label=_("Find your mahalla by name"), required=False,
                                max_length=100,
                                widget=forms.TextInput(attrs={"type": "search",
                                                              "autocomplete": "off"}))
    mahalla = forms.CharField(
        label=_("Mahalla"), required=False, max_length=20, widget=forms.Select,
        help_text=_("Not needed when you put the place on the map: we find the nearest mahalla."))
    latitude = forms.CharField(
        label=_("Latitude"), required=False, max_length=20,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal",
                                        "min": str(geo.UZ_LAT[0]),
                                        "max": str(geo.UZ_LAT[1])}))
    longitude = forms.CharField(
        label=_("Longitude"), required=False, max_length=20,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal",
                                        "min": str(geo.UZ_LON[0]),
                                        "max": str(geo.UZ_LON[1])}))
    address = forms.CharField(label=_("Address or landmark"), required=False, max_length=300,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    photos = PhotosField(
        label=_("Add photos"),
        help_text=_("Up to 5 photos, JPEG, PNG or WebP, at most 10 MB each. "
                    "We remove the location and camera data from them."))
    contact = forms.ChoiceField(label=_("How should we tell you about progress?"),
                                choices=Appeal.Contact.choices, initial=Appeal.Contact.IN_APP)
    anonymous = forms.BooleanField(
        label=_("Send anonymously (my name is not attached)"), required=False,
        help_text=_("Only problem reports are worked on when anonymous. An anonymous report "
                    "does not appear in “My appeals”: keep its tracking link."))
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data to handle this appeal."),
        required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not (user and user.is_authenticated):
            # Without an account the appeal is anonymous: no consent, no contact channel.
            for name in ("contact", "anonymous", "consent"):
                del self.fields[name]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        data = self.data if self.is_bound else self.initial
        selected = (data.get("mahalla") or "").strip()
        mahallas = mahallas_for_form(query=(data.get("mahalla_q") or "").strip()[:100],
                                     user=user if user and user.is_authenticated else None,
                                     selected=selected)
        self.fields["mahalla"].widget.choices = mahalla_choices(
            mahallas, _("Find it from the map point"))
        # With JavaScript, typing in the search refreshes the options of the select.
        self.fields["mahalla_q"].widget.attrs.update({
            "hx-get": reverse("appeals:mahalla_options"),
            "hx-trigger": "input changed delay:300ms, search", "hx-target": "#id_mahalla",
            "hx-include": "#id_mahalla", "aria-controls": "id_mahalla"})

    def is_anonymous(self) -> bool:
        return not (self.user and self.user.is_authenticated) or bool(
            self.cleaned_data.get("anonymous"))


class NearbyForm(forms.Form):
    """The point and category typed so far, for the "same problem nearby" suggestion."""

    category = forms.ChoiceField(choices=Category.choices)
    latitude = forms.DecimalField(min_value=geo.UZ_LAT[0], max_value=geo.UZ_LAT[1])
    longitude = forms.DecimalField(min_value=geo.UZ_LON[0], max_value=geo.UZ_LON[1])


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well was your appeal handled?"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, _("5 — excellent")), (4, _("4 — good")), (3, _("3 — acceptable")),
                 (2, _("2 — poor")), (1, _("1 — very poor"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the problem not solved?"), max_length=5000,
        help_text=_("You can reopen the appeal within 30 days of the answer."),
        widget=forms.Textarea(attrs={"rows": 3}))


class MapFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=lambda: category_choices(_("All categories")))


# Staff ------------------------------------------------------------------------------------

STATUS_FILTERS = [("", _("All statuses")), ("open", _("Open (not finished)")),
                  *Appeal.Status.choices]
SORT_CHOICES = [("deadline", _("Deadline, soonest first")), ("newest", _("Newest first")),
                ("oldest", _("Oldest first")), ("priority", _("Priority, then deadline"))]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by number or text"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_FILTERS)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=lambda: category_choices(_("All categories")))
    mahalla = forms.ChoiceField(label=_("Mahalla"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args, mahallas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mahalla"].choices = [("", _("All mahallas")),
                                          *[(m.code, m.name) for m in mahallas]]


class ExecutorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.get_role_display()}"


class BulkAssignForm(forms.Form):
    executor = ExecutorChoiceField(label=_("Assign the selected appeals to"), queryset=None,
                                   empty_label=_("Choose an executor"))

    def __init__(self, *args, executors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["executor"].queryset = executors


class StaffActionForm(forms.Form):
    """A form of one action on the staff page; each is prefixed with its action's name."""

    def __init__(self, *args, appeal: Appeal, **kwargs):
        super().__init__(*args, **kwargs)
        self.appeal = appeal


class AssignForm(StaffActionForm):
    executor = ExecutorChoiceField(label=_("Executor"), queryset=None,
                                   empty_label=_("Choose an executor"))

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, appeal=appeal, **kwargs)
        self.fields["executor"].queryset = executors_for(appeal)
        self.initial.setdefault("executor", appeal.executor_id)


class NoInputForm(StaffActionForm):
    """Actions that need only the button (start work, close)."""


class AnswerForm(StaffActionForm):
    text = forms.CharField(label=_("Answer to the applicant"), max_length=5000,
                           help_text=_("The applicant receives this answer."),
                           widget=forms.Textarea(attrs={"rows": 5}))
    photos = PhotosField(label=_("Photos of the result"),
                         help_text=_("Up to 5 photos, JPEG, PNG or WebP, at most 10 MB each."))


class CommentForm(StaffActionForm):
    text = forms.CharField(label=_("Internal comment (staff only)"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ForwardForm(StaffActionForm):
    organization = forms.ModelChoiceField(label=_("Competent organization"), queryset=None,
                                          empty_label=_("Choose an organization"))
    reason = forms.CharField(label=_("Reason"), max_length=5000,
                             help_text=_("The applicant is told where the appeal went and why."),
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, appeal=appeal, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            is_active=True).exclude(pk=appeal.organization_id)


class RejectForm(StaffActionForm):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=5000,
                             help_text=_("The applicant receives this reason."),
                             widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(StaffActionForm):
    into = forms.CharField(label=_("Number of the original appeal"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "spellcheck": "false"}))


class ExtendForm(StaffActionForm):
    days = forms.IntegerField(label=_("Extend by (days)"), min_value=1,
                              max_value=deadlines.MAX_EXTENSION_DAYS, initial=15)
    reason = forms.CharField(label=_("Reason (the applicant is told)"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ExtraStudyForm(StaffActionForm):
    reason = forms.CharField(label=_("What must be studied (the applicant is told)"),
                             max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class PriorityForm(StaffActionForm):
    priority = forms.ChoiceField(label=_("Priority"), choices=Appeal.Priority.choices)

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, appeal=appeal, **kwargs)
        self.initial.setdefault("priority", appeal.priority)


class CategoryForm(StaffActionForm):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices,
                                 help_text=_("The appeal is routed again to the body that "
                                             "serves the new category."))

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, appeal=appeal, **kwargs)
        self.initial.setdefault("category", appeal.category)


class PhotoChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("Photo %(n)s (%(stage)s)") % {"n": obj.pk, "stage": obj.get_stage_display()}


class ModerateForm(StaffActionForm):
    publish = forms.BooleanField(label=_("Show this report on the public map"), required=False)
    photos = PhotoChoiceField(label=_("Photos to show publicly"), queryset=None,
                              required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, appeal=appeal, **kwargs)
        self.fields["photos"].queryset = appeal.photos.all()
        if not self.is_bound:
            self.initial = {"publish": appeal.is_public,
                            "photos": [p.pk for p in appeal.photos.all() if p.is_public]}
