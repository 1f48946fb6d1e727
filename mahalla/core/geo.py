"""Points on the map: validation, distance and nearby search without GIS extensions."""

import math
from decimal import Decimal

# Uzbekistan's bounding box, with a small margin: points outside are certainly wrong.
UZ_LAT = (Decimal("37.1"), Decimal("45.6"))
UZ_LON = (Decimal("55.9"), Decimal("73.2"))
EARTH_RADIUS_M = 6_371_000


def in_uzbekistan(latitude: Decimal, longitude: Decimal) -> bool:
    """Inside the country's bounding box (with a small margin)."""
    return UZ_LAT[0] <= latitude <= UZ_LAT[1] and UZ_LON[0] <= longitude <= UZ_LON[1]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def bounding_box(latitude: float, longitude: float, radius_m: float) -> tuple[float, ...]:
    """A lat/lon box containing the circle, for an index range scan before exact distance."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * math.cos(math.radians(latitude))))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon
