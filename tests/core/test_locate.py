import json
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mahalla.core import geo, locate

TERRITORY = locate.DATA_FILE.parent / "territory.json"

# One or two known towns per region (city centres, rounded), with the region's SOATO code.
TOWNS = [
    ("Tashkent", 41.311, 69.279, "1726"),
    ("Tashkent, Yunusobod", 41.36, 69.29, "1726"),
    ("Tashkent, Mirzo Ulugʻbek", 41.33, 69.34, "1726"),
    ("Nurafshon", 41.04, 69.36, "1727"),
    ("Chirchiq", 41.47, 69.58, "1727"),
    ("Angren", 41.02, 70.14, "1727"),
    ("Nukus", 42.46, 59.61, "1735"),
    ("Moʻynoq", 43.77, 59.02, "1735"),
    ("Urganch", 41.55, 60.63, "1733"),
    ("Xiva", 41.38, 60.36, "1733"),
    ("Buxoro", 39.77, 64.42, "1706"),
    ("Navoiy", 40.10, 65.37, "1712"),
    ("Uchquduq", 42.16, 63.55, "1712"),
    ("Samarqand", 39.65, 66.96, "1718"),
    ("Qarshi", 38.86, 65.79, "1710"),
    ("Shahrisabz", 39.06, 66.83, "1710"),
    ("Termiz", 37.22, 67.28, "1722"),
    ("Denov", 38.27, 67.90, "1722"),
    ("Jizzax", 40.12, 67.84, "1708"),
    ("Guliston", 40.49, 68.78, "1724"),
    ("Yangiyer", 40.27, 68.82, "1724"),
    ("Namangan", 41.00, 71.67, "1714"),
    ("Andijon", 40.78, 72.34, "1703"),
    ("Fargʻona", 40.38, 71.79, "1730"),
    ("Qoʻqon", 40.53, 70.94, "1730"),
]

# Foreign towns inside geo's bounding box: the box alone would let them in.
FOREIGN_IN_BOX = [
    ("Shymkent", 42.32, 69.59, "KZ"),
    ("Saryagash", 41.45, 69.17, "KZ"),
    ("Turkistan", 43.30, 68.25, "KZ"),
    ("Kyzylorda", 44.85, 65.51, "KZ"),
    ("Osh", 40.53, 72.80, "KG"),
    ("Jalal-Abad", 40.93, 73.00, "KG"),
    ("Batken", 40.06, 70.82, "KG"),
    ("Khujand", 40.28, 69.62, "TJ"),
    ("Dushanbe", 38.56, 68.78, "TJ"),
    ("Panjakent", 39.49, 67.61, "TJ"),
    ("Turkmenabat", 39.07, 63.58, "TM"),
    ("Dashoguz", 41.84, 59.97, "TM"),
    ("Mary", 37.60, 61.83, "TM"),
    ("Ashgabat", 37.95, 58.38, "TM"),
]

# Foreign towns outside the box: refused by the box already.
FOREIGN_OUTSIDE_BOX = [
    ("Mazar-i-Sharif", 36.71, 67.11),
    ("Almaty", 43.24, 76.89),
    ("Bishkek", 42.87, 74.59),
    ("Moscow", 55.75, 37.62),
]


def box_contains(lat, lon):
    return geo.in_uzbekistan(Decimal(str(lat)), Decimal(str(lon)))


@pytest.mark.parametrize(("name", "lat", "lon", "soato"), TOWNS, ids=[t[0] for t in TOWNS])
def test_towns_of_every_region_map_to_their_region(name, lat, lon, soato):
    assert locate.in_country(lat, lon)
    assert locate.country_at(lat, lon) == "UZ"
    assert locate.region_soato_at(lat, lon) == soato


def test_the_towns_cover_every_region_of_the_territory_file():
    regions = {r["soato"] for r in json.loads(TERRITORY.read_text())["regions"]}
    assert {t[3] for t in TOWNS} == regions


@pytest.mark.parametrize(("name", "lat", "lon", "country"), FOREIGN_IN_BOX,
                         ids=[t[0] for t in FOREIGN_IN_BOX])
def test_foreign_towns_inside_the_bounding_box_are_refused(name, lat, lon, country):
    assert box_contains(lat, lon)
    assert locate.country_at(lat, lon) == country
    assert not locate.in_country(lat, lon)
    assert locate.region_soato_at(lat, lon) is None


@pytest.mark.parametrize(("name", "lat", "lon"), FOREIGN_OUTSIDE_BOX,
                         ids=[t[0] for t in FOREIGN_OUTSIDE_BOX])
def test_foreign_towns_outside_the_bounding_box_are_refused(name, lat, lon):
    assert not box_contains(lat, lon)
    assert not locate.in_country(lat, lon)
    assert locate.region_soato_at(lat, lon) is None


def test_country_is_unknown_outside_the_widened_box():
    assert locate.country_at(55.75, 37.62) is None  # Moscow
    assert locate.country_at(36.71, 67.11) == "AF"  # Mazar-i-Sharif: in the margin


def test_decimal_coordinates_are_accepted():
    assert locate.region_soato_at(Decimal("39.654"), Decimal("66.959")) == "1718"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, Decimal("NaN"),
                                   Decimal("sNaN"), Decimal("Infinity"), Decimal("1e400")])
def test_non_finite_coordinates_get_the_unknown_answer(value):
    assert locate.country_at(value, 69.0) is None
    assert locate.country_at(41.0, value) is None
    assert not locate.in_country(value, value)
    assert locate.region_soato_at(41.0, value) is None
    assert locate.nearest_place(value, 69.0) is None


def test_data_file_credits_geonames_and_maps_every_uzbek_place_to_a_known_region():
    header = "".join(line for line in locate.DATA_FILE.open(encoding="utf-8")
                     if line.startswith("#"))
    assert "GeoNames" in header and "CC BY 4.0" in header
    regions = {r["soato"] for r in json.loads(TERRITORY.read_text())["regions"]}
    places = locate._gazetteer().places
    uzbek = [p for p in places if p.country == "UZ"]
    assert len(uzbek) > 150 and len(places) > len(uzbek)
    assert {p.region_soato for p in uzbek} == regions
    assert all(p.region_soato == "" for p in places if p.country != "UZ")


finite = st.floats(allow_nan=False, allow_infinity=False)
outside_box = st.tuples(st.floats(-90, 90), st.floats(-180, 180)).filter(
    lambda p: not box_contains(*p))


@given(outside_box)
def test_any_point_outside_the_bounding_box_is_refused(point):
    assert not locate.in_country(*point)
    assert locate.region_soato_at(*point) is None


@given(finite, finite)
def test_functions_never_raise_on_finite_floats(lat, lon):
    country = locate.country_at(lat, lon)
    inside = locate.in_country(lat, lon)
    soato = locate.region_soato_at(lat, lon)
    assert country is None or len(country) == 2
    assert inside == (soato is not None)
    if inside:
        assert country == "UZ" and len(soato) == 4


@given(st.floats(float(geo.UZ_LAT[0]), float(geo.UZ_LAT[1])),
       st.floats(float(geo.UZ_LON[0]), float(geo.UZ_LON[1])))
def test_every_point_in_the_box_gets_a_country(lat, lon):
    assert locate.country_at(lat, lon) is not None


def test_the_box_edge_is_the_one_geo_names():
    # South of Termez: on the box's southern edge (37.1) still in, a hair further out refused.
    assert locate.region_soato_at(37.1, 67.28) == "1722"
    assert locate.region_soato_at(Decimal("37.1"), Decimal("67.28")) == "1722"
    assert not locate.in_country(37.0999, 67.28)
