"""The filter of the statistics pages: a period of months and, within scope, a place."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from mahalla.analytics.selectors import Filters, default_period
from mahalla.core.categories import Category
from mahalla.core.models import District, Mahalla, Organization, Region
from mahalla.core.scope import ScopePaths, scope_queryset

MAX_MONTHS = 120


class MonthField(forms.CharField):
    """YYYY-MM (what <input type="month"> sends) → the first day of that month."""

    widget = forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}"})
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except (ValueError, TypeError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") \
                from error


class StatisticsFilterForm(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int,
                                    empty_value=None)
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int,
                                      empty_value=None)
    mahalla = forms.TypedChoiceField(label=_("Mahalla"), required=False, coerce=int,
                                     empty_value=None)
    organization = forms.TypedChoiceField(label=_("Organization"), required=False, coerce=int,
                                          empty_value=None)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, data=None, *, user=None, today: date, public: bool = False):
        super().__init__(data)
        self.today = today
        self.user = user
        everything = _("All")
        self.fields["category"].choices = [("", everything), *Category.choices]
        if public:
            regions = Region.objects.filter(districts__mahallas__isnull=False).distinct()
            districts = District.objects.filter(mahallas__isnull=False).distinct()
            for name in ("mahalla", "organization"):
                del self.fields[name]
        else:
            regions = scope_queryset(user, Region.objects.all(), ScopePaths(
                mahalla="districts__mahallas", district="districts", region="pk"))
            districts = scope_queryset(user, District.objects.all(), ScopePaths(
                mahalla="mahallas", district="pk", region="region"))
            mahallas = scope_queryset(user, Mahalla.objects.all(), ScopePaths(
                mahalla="pk", district="district", region="district__region",
                organization="district__organizations"))
            organizations = scope_queryset(user, Organization.objects.all(), ScopePaths(
                mahalla="mahalla", district="district", region="district__region",
                organization="pk"))
            self.fields["mahalla"].choices = [("", everything), *(
                (m.pk, m.name) for m in mahallas.distinct()[:2000])]
            self.fields["organization"].choices = [("", everything), *(
                (o.pk, o.name) for o in organizations.distinct())]
        self.fields["region"].choices = [("", everything), *(
            (r.pk, r.name) for r in regions.distinct())]
        self.fields["district"].choices = [("", everything), *(
            (d.pk, d.name) for d in districts.distinct()[:500])]

    def clean(self):
        data = super().clean()
        start, end = default_period(self.today)
        data["start"] = data.get("start") or start
        data["end"] = data.get("end") or end
        if data["start"] > data["end"]:
            self.add_error("end", _("The last month comes before the first."))
        elif (data["end"].year - data["start"].year) * 12 + data["end"].month \
                - data["start"].month >= MAX_MONTHS:
            self.add_error("start", _("Choose at most ten years."))
        return data

    def filters(self) -> Filters:
        """The filters asked for when valid, otherwise the default period only."""
        if not self.is_bound or not self.is_valid():
            start, end = default_period(self.today)
            return Filters(start=start, end=end)
        data = self.cleaned_data
        return Filters(start=data["start"], end=data["end"], region=data.get("region"),
                       district=data.get("district"), mahalla=data.get("mahalla"),
                       organization=data.get("organization"),
                       category=data.get("category") or "")
