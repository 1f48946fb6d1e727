"""Where an appeal belongs: its mahalla when we can tell, else its district's or region's queue.

A point goes to the nearest mahalla centre within a few kilometres; farther out, to the
district of a mahalla within reach; otherwise to the region the point lies in
(`core.locate`, offline). An address without a point is matched against the names of
districts and mahallas it mentions. A point outside Uzbekistan is refused.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from mahalla.core import geo, locate
from mahalla.core.exceptions import DomainError
from mahalla.core.models import District, Mahalla, Region
from mahalla.core.text import search_key

NEAREST_MAHALLA_MAX_M = 5000
SAME_DISTRICT_MAX_M = 15000
NAME_FIELDS = ("name_uz", "name_uz_cyrl", "name_ru", "name_en")
_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Place:
    mahalla: Mahalla | None
    district: District | None
    region: Region


def _of_mahalla(mahalla: Mahalla) -> Place:
    return Place(mahalla, mahalla.district, mahalla.district.region)


def nearest_mahalla(latitude, longitude, max_m: float = NEAREST_MAHALLA_MAX_M) -> Mahalla | None:
    """The active mahalla whose centre is nearest to the point, within `max_m`."""
    lat, lon = float(latitude), float(longitude)
    south, north, west, east = geo.bounding_box(lat, lon, max_m)
    candidates = Mahalla.objects.filter(is_active=True, latitude__range=(south, north),
                                        longitude__range=(west, east)) \
        .select_related("district__region")
    best, best_distance = None, float("inf")
    for mahalla in candidates:
        d = geo.distance_m(lat, lon, float(mahalla.latitude), float(mahalla.longitude))
        if d < best_distance:
            best, best_distance = mahalla, d
    return best if best_distance <= max_m else None


def place_of_point(latitude: Decimal, longitude: Decimal) -> Place:
    if not locate.in_country(float(latitude), float(longitude)):
        raise DomainError(_("The map point is outside Uzbekistan."), field="latitude")
    mahalla = nearest_mahalla(latitude, longitude)
    if mahalla is not None:
        return _of_mahalla(mahalla)
    soato = locate.region_soato_at(float(latitude), float(longitude))
    region = Region.objects.filter(soato=soato).first() if soato else None
    neighbour = nearest_mahalla(latitude, longitude, SAME_DISTRICT_MAX_M)
    if neighbour is not None and (region is None or neighbour.district.region_id == region.pk):
        return Place(None, neighbour.district, neighbour.district.region)
    if region is None:
        raise DomainError(_("No body serves this place yet; choose the mahalla from the list."),
                          field="latitude")
    return Place(None, None, region)


def _words_key(text: str) -> str:
    """Folded key with punctuation as spaces, so names match as whole words."""
    return " ".join(_NOT_WORD.sub(" ", search_key(text)).split())


def _key_in(name: str, text_key: str) -> bool:
    key = _words_key(name)
    return bool(key) and f" {key} " in text_key


def _named(queryset, text_key: str) -> list:
    found = []
    for row in queryset.only("pk", *NAME_FIELDS):
        if any(_key_in(getattr(row, f), text_key) for f in NAME_FIELDS if getattr(row, f)):
            found.append(row.pk)
    return found


def place_of_address(address: str) -> Place:
    """The district and mahalla an address names, e.g. "Yunusobod tumani, Bog'ishamol MFY"."""
    text_key = f" {_words_key(address)} "
    districts = _named(District.objects.all(), text_key)
    mahallas = Mahalla.objects.filter(is_active=True)
    if len(districts) == 1:
        mahallas = mahallas.filter(district=districts[0])
    named = _named(mahallas, text_key)
    if len(named) == 1:
        return _of_mahalla(Mahalla.objects.select_related("district__region").get(pk=named[0]))
    if len(districts) == 1:
        district = District.objects.select_related("region").get(pk=districts[0])
        return Place(None, district, district.region)
    raise DomainError(_("We could not tell the mahalla from this address; put a point on the "
                        "map or choose the mahalla."), field="address")


def place_of_mahalla_code(code: str) -> Place:
    mahalla = Mahalla.objects.filter(code=code, is_active=True) \
        .select_related("district__region").first()
    if mahalla is None:
        raise DomainError(_("Unknown mahalla."), field="mahalla")
    return _of_mahalla(mahalla)
