"""Formatting of statistics: rates as percents, hours as hours or days, suppressed as "<5"."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def pct(value) -> str:
    if value is None:
        return "—"
    return f"{number_format(value * 100, 1)} %"


@register.filter
def hours(value) -> str:
    if value is None:
        return "—"
    if value < 48:
        return _("%(n)s h") % {"n": number_format(value, 1)}
    return _("%(n)s d") % {"n": number_format(value / 24, 1)}


@register.filter
def rating(value) -> str:
    return "—" if value is None else number_format(value, 2)


@register.filter
def count(value) -> str:
    """A public count: suppressed cells (None) read "fewer than 5"."""
    return _("<5") if value is None else number_format(value, 0, force_grouping=True)
