"""Demo data for `make run`: one real district, its mahallas, its bodies and an account per role."""

import csv
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mahalla.core.categories import Category
from mahalla.core.models import District, Mahalla, Organization, Role, ServiceArea, User
from mahalla.core.services.territory import DEMO_MAHALLAS_FILE, import_mahallas, load_territory


@dataclass(frozen=True)
class DemoBody:
    key: str
    kind: str
    names: tuple[str, str, str, str]  # uz, uz-Cyrl, ru, en; {d} is the district's name
    categories: tuple[str, ...]


DEMO_BODIES = (
    DemoBody("hokimiyat", Organization.Kind.HOKIMIYAT,
             ("{d} hokimligi", "{d} ҳокимлиги", "Хокимият: {d}", "{d} administration (hokimiyat)"),
             (Category.LANDSCAPING, Category.LAND, Category.HOUSING, Category.TRANSPORT,
              Category.EDUCATION, Category.HEALTHCARE, Category.CORRUPTION, Category.OTHER)),
    DemoBody("water", Organization.Kind.UTILITY,
             ("{d} suv taʼminoti", "{d} сув таъминоти", "Водоснабжение: {d}", "{d} water utility"),
             (Category.WATER, Category.SEWERAGE)),
    DemoBody("power", Organization.Kind.UTILITY,
             ("{d} elektr tarmoqlari", "{d} электр тармоқлари", "Электросети: {d}",
              "{d} electricity grid"),
             (Category.ELECTRICITY, Category.LIGHTING)),
    DemoBody("gas", Organization.Kind.UTILITY,
             ("{d} gaz taʼminoti", "{d} газ таъминоти", "Газоснабжение: {d}", "{d} gas utility"),
             (Category.GAS, Category.HEATING)),
    DemoBody("waste", Organization.Kind.UTILITY,
             ("{d} obodonlashtirish va chiqindi", "{d} ободонлаштириш ва чиқинди",
              "Благоустройство и отходы: {d}", "{d} waste and cleaning service"),
             (Category.WASTE,)),
    DemoBody("roads", Organization.Kind.AGENCY,
             ("{d} yoʻl xoʻjaligi", "{d} йўл хўжалиги", "Дорожное хозяйство: {d}",
              "{d} roads service"),
             (Category.ROADS,)),
)

# The demo accounts named in the README; every one uses MAHALLA["DEMO_PASSWORD"].
DEMO_ACCOUNTS = (
    ("+998900000001", Role.RESIDENT, "Aziza Karimova", None),
    ("+998900000002", Role.MAHALLA_CHAIRMAN, "Bahodir Usmonov", None),
    ("+998900000003", Role.MAHALLA_SOCIAL_WORKER, "Dilnoza Rahimova", None),
    ("+998900000004", Role.ORG_DISPATCHER, "Javlon Toshmatov", "water"),
    ("+998900000005", Role.ORG_EXECUTOR, "Sardor Aliyev", "water"),
    ("+998900000006", Role.DISTRICT_OFFICIAL, "Nodira Yusupova", None),
    ("+998900000007", Role.AUDITOR, "Olim Qodirov", None),
    ("+998900000008", Role.ADMINISTRATOR, "Malika Sodiqova", None),
)


def demo_district() -> District:
    with DEMO_MAHALLAS_FILE.open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    return District.objects.get(soato=first["district_soato"])


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Load the territory, the demo district's mahallas, bodies and accounts. Safe to re-run."""
    load_territory()
    report = import_mahallas(DEMO_MAHALLAS_FILE.read_bytes())
    if not report.ok:
        raise RuntimeError("; ".join(str(p) for p in report.problems))
    district = demo_district()
    bodies = {}
    for body in DEMO_BODIES:
        names = [n.format(d=getattr(district, f)) for n, f in
                 zip(body.names, ("name_uz", "name_uz_cyrl", "name_ru", "name_en"), strict=True)]
        org, _ = Organization.objects.update_or_create(
            kind=body.kind, district=district, name_uz=names[0],
            defaults={"name_uz_cyrl": names[1], "name_ru": names[2], "name_en": names[3]},
        )
        for category in body.categories:
            ServiceArea.objects.get_or_create(organization=org, category=category,
                                              district=district)
        bodies[body.key] = org
    first_mahalla = Mahalla.objects.filter(district=district).order_by("code").first()
    for phone, role, name, body_key in DEMO_ACCOUNTS:
        scope = {"region": None, "district": None, "mahalla": None, "organization": None}
        if role == Role.RESIDENT or role.value.startswith("mahalla_"):
            scope["mahalla"] = first_mahalla
        elif role == Role.DISTRICT_OFFICIAL:
            scope["district"] = district
        if body_key:
            scope["organization"] = bodies[body_key]
        user, created = User.objects.update_or_create(
            phone=phone,
            defaults={"role": role, "full_name": name, "phone_verified_at": timezone.now(),
                      "is_staff": role == Role.ADMINISTRATOR,
                      "is_superuser": role == Role.ADMINISTRATOR, **scope},
        )
        if created:
            user.set_password(settings.MAHALLA["DEMO_PASSWORD"])
            user.save(update_fields=["password"])
            user.verifications.get_or_create(method="phone", revoked_at=None)
    from mahalla.appeals.demo import seed_calendar_and_service_levels, seed_sample_reports

    seed_calendar_and_service_levels()
    reports = seed_sample_reports(
        mahalla=first_mahalla, author=User.objects.get(phone=DEMO_ACCOUNTS[0][0]),
        moderator=User.objects.get(role=Role.DISTRICT_OFFICIAL, district=district))
    from mahalla.documents.demo import seed_sample_applications

    applications = seed_sample_applications(
        applicant=User.objects.get(phone=DEMO_ACCOUNTS[0][0]),
        chairman=User.objects.get(phone=DEMO_ACCOUNTS[1][0]))
    from mahalla.participation.community.demo import seed_community
    from mahalla.participation.demo import seed_participation

    resident, chairman, official = (User.objects.get(phone=DEMO_ACCOUNTS[i][0]) for i in (0, 1, 5))
    seed_participation(mahalla=first_mahalla, resident=resident, chairman=chairman)
    seed_community(mahalla=first_mahalla, resident=resident, chairman=chairman, official=official)
    return {"mahallas": Mahalla.objects.filter(district=district).count(),
            "sample_reports": reports, "sample_applications": applications,
            "organizations": len(bodies), "accounts": len(DEMO_ACCOUNTS)}
