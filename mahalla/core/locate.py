"""Where in Uzbekistan is a point? Offline, from the nearest populated place.

`geo.in_uzbekistan` is only a bounding box, which also covers parts of Kazakhstan, Kyrgyzstan,
Tajikistan, Turkmenistan and Afghanistan. This module answers from a small gazetteer
(`data/places-uz.tsv`: GeoNames cities1000, CC BY 4.0; about 600 places in the box widened by
MARGIN_DEG, built by `scripts/build_places.py`), read once per process.

What it is, honestly: nearest populated place, NOT country or region polygons. A point gets the
country (and region) of the closest town or village in the list, distance measured from the
town's edge: each place counts as a disc holding its GeoNames population at TOWN_DENSITY
(Tashkent: about 11 km radius; a village of 5,000: 0.6 km), so that a big city's own districts
are not handed to the suburbs around it.
- Well inside a region, and in any listed town, the answer is right.
- Near a border it can be wrong: by a few kilometres where places are dense (Fergana valley,
  Tashkent oasis), by tens of kilometres where they are sparse (Kyzylkum, Ustyurt, mountains).
  The list has about 210 Uzbek places (median spacing ~12 km), only a handful in Surxondaryo
  and Sirdaryo, and two for Tashkent city, whose edge is a circle. A point on the Afghan bank
  of the Amu Darya at Termez is answered as Uzbek; Keles, an Uzbek town on the Kazakh border
  missing from the list, is answered as Kazakhstan (nearest: Saryagash).
- Taking each place out in turn and locating its own coordinates gets the country wrong for
  about one in eight and the region for about one in seven: most are border villages, so read
  it as the error rate for points near a border.
Use it to refuse points plainly abroad and to guess a region when no mahalla is known nearby;
never to decide jurisdiction at a border.

Coordinates are degrees (float, int or Decimal). Non-finite values get the "unknown" answer
(None / False) rather than an exception.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from mahalla.core import geo

if TYPE_CHECKING:
    import numpy as np

# The gazetteer covers the country's box widened by this much on every side, so that near the
# box's edges the nearest place may be a foreign one. scripts/build_places.py uses it too.
MARGIN_DEG = 1.5
DATA_FILE = Path(__file__).resolve().parent / "data" / "places-uz.tsv"
COUNTRY = "UZ"
# People per km² used to turn a place's population into the radius of its disc (see above).
TOWN_DENSITY = 5000
KM_PER_DEGREE = 111.2

Number = float | int | Decimal


@dataclass(frozen=True, slots=True)
class Place:
    latitude: float
    longitude: float
    country: str  # ISO 3166-1 alpha-2
    region_soato: str  # 4-digit SOATO code of the Uzbek region; "" abroad
    population: int
    name: str


@dataclass(frozen=True)
class _Gazetteer:
    places: tuple[Place, ...]
    lat: np.ndarray
    lon: np.ndarray
    radius: np.ndarray  # degrees of latitude


@functools.cache
def _gazetteer() -> _Gazetteer:
    """Read the data file once per process (24 kB, a few milliseconds)."""
    import numpy as np

    with DATA_FILE.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        places = tuple(
            Place(float(row["lat"]), float(row["lon"]), row["country"], row["region_soato"],
                  int(row["population"]), row["name"])
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        )
    population = np.array([p.population for p in places], dtype=float)
    return _Gazetteer(places=places,
                      lat=np.array([p.latitude for p in places], dtype=float),
                      lon=np.array([p.longitude for p in places], dtype=float),
                      radius=np.sqrt(population / (TOWN_DENSITY * math.pi)) / KM_PER_DEGREE)


def _widened_box() -> tuple[float, float, float, float]:
    return (float(geo.UZ_LAT[0]) - MARGIN_DEG, float(geo.UZ_LAT[1]) + MARGIN_DEG,
            float(geo.UZ_LON[0]) - MARGIN_DEG, float(geo.UZ_LON[1]) + MARGIN_DEG)


def _as_degrees(lat: Number, lon: Number) -> tuple[float, float] | None:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (ValueError, OverflowError):  # Decimal('sNaN') and the like
        return None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        return None
    return lat_f, lon_f


def nearest_place(lat: Number, lon: Number) -> Place | None:
    """The gazetteer's place nearest to the point (to its edge), or None outside the widened box.

    Distances are equirectangular around the query's latitude: exact enough over the tens of
    kilometres that separate neighbouring places. Brute force over 600 places: about 20 µs.
    """
    point = _as_degrees(lat, lon)
    if point is None:
        return None
    lat_f, lon_f = point
    lat0, lat1, lon0, lon1 = _widened_box()
    if not (lat0 <= lat_f <= lat1 and lon0 <= lon_f <= lon1):
        return None
    import numpy as np

    g = _gazetteer()
    dx = (g.lon - lon_f) * math.cos(math.radians(lat_f))
    dy = g.lat - lat_f
    return g.places[int((np.hypot(dx, dy) - g.radius).argmin())]


def country_at(lat: Number, lon: Number) -> str | None:
    """ISO code of the nearest place's country; None outside the widened box."""
    place = nearest_place(lat, lon)
    return place.country if place else None


def _uzbek_place(lat: Number, lon: Number) -> Place | None:
    point = _as_degrees(lat, lon)
    # str(): the shortest decimal of the float, so 45.6 compares as the 45.6 the box names.
    if point is None or not geo.in_uzbekistan(Decimal(str(point[0])), Decimal(str(point[1]))):
        return None
    place = nearest_place(*point)
    return place if place and place.country == COUNTRY else None


def in_country(lat: Number, lon: Number) -> bool:
    """Inside geo's bounding box and nearest to an Uzbek place."""
    return _uzbek_place(lat, lon) is not None


def region_soato_at(lat: Number, lon: Number) -> str | None:
    """4-digit SOATO code of the region of the nearest Uzbek place; None if not in_country."""
    place = _uzbek_place(lat, lon)
    return place.region_soato if place else None
