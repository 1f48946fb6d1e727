"""Public reference data: territory and category codes."""

from django.db import connection
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from mahalla.core.categories import Category
from mahalla.core.models import District, Mahalla, Region

router = Router(tags=["territory"])


class HealthOut(Schema):
    status: str
    database: str


class CategoryOut(Schema):
    code: str
    name: str


class RegionOut(Schema):
    soato: str
    iso: str
    kind: str
    name: str


class DistrictOut(Schema):
    soato: str
    kind: str
    name: str
    region_soato: str


class MahallaOut(Schema):
    code: str
    name: str
    district_soato: str
    latitude: float | None
    longitude: float | None


@router.get("/health", response=HealthOut, tags=["meta"])
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor}


@router.get("/categories", response=list[CategoryOut])
def categories(request):
    return [{"code": c.value, "name": str(c.label)} for c in Category]


@router.get("/regions", response=list[RegionOut])
def regions(request):
    return [{"soato": r.soato, "iso": r.iso, "kind": r.kind, "name": r.name}
            for r in Region.objects.all()]


@router.get("/regions/{soato}/districts", response=list[DistrictOut])
def districts(request, soato: str):
    region = get_object_or_404(Region, soato=soato)
    return [{"soato": d.soato, "kind": d.kind, "name": d.name, "region_soato": region.soato}
            for d in region.districts.all()]


@router.get("/districts/{soato}/mahallas", response=list[MahallaOut])
def mahallas(request, soato: str, q: str = ""):
    district = get_object_or_404(District, soato=soato)
    qs = Mahalla.objects.filter(district=district, is_active=True)
    if q:
        qs = qs.search(q)
    return [{"code": m.code, "name": m.name, "district_soato": district.soato,
             "latitude": float(m.latitude) if m.latitude is not None else None,
             "longitude": float(m.longitude) if m.longitude is not None else None}
            for m in qs]
