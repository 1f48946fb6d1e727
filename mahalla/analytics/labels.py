"""Names for the keys of a breakdown (ids of places and bodies, category codes, months)."""

from django.utils.formats import date_format

from mahalla.core.categories import Category
from mahalla.core.models import District, Mahalla, Organization, Region

MODELS = {"region": Region, "district": District, "mahalla": Mahalla,
          "organization": Organization}


def names(group: str, keys) -> dict:
    keys = [k for k in keys if k is not None]
    if group in MODELS:
        return {obj.pk: obj.name for obj in MODELS[group].objects.filter(pk__in=keys)}
    if group == "category":
        return {k: str(Category(k).label) if k in Category.values else k for k in keys}
    if group == "month":
        return {k: date_format(k, "YEAR_MONTH_FORMAT") for k in keys}
    return {}


def label(group: str, key, known: dict) -> str:
    if key is None:
        return "—"
    return known.get(key, str(key))
