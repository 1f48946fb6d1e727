"""Demo data for appeals: service levels, the holiday calendar, and a few sample reports."""

from datetime import date

from django.db import transaction

from mahalla.appeals.models import Appeal, NonWorkingDay, ServiceLevel

# Hours to answer, shorter than the legal term, where delay endangers people.
SERVICE_LEVELS = [
    ("gas", "critical", 4), ("gas", "high", 24), ("gas", "normal", 72),
    ("electricity", "critical", 6), ("electricity", "high", 48),
    ("water", "critical", 12), ("water", "high", 48),
    ("heating", "critical", 12), ("heating", "high", 48),
    ("sewerage", "critical", 24),
]

# Public holidays of Uzbekistan (Labour Code, Art. 133); days moved by government decree each
# year are added by administrators in the back office.
HOLIDAYS = {
    (1, 1): "Yangi yil", (3, 8): "Xalqaro xotin-qizlar kuni", (3, 21): "Navroʻz bayrami",
    (5, 9): "Xotira va qadrlash kuni", (9, 1): "Mustaqillik kuni",
    (10, 1): "Oʻqituvchi va murabbiylar kuni", (12, 8): "Konstitutsiya kuni",
}
# Ramazon and Qurbon hayit follow the lunar calendar; the dates announced for these years.
MOVABLE = {date(2026, 3, 20): "Ramazon hayiti", date(2026, 5, 27): "Qurbon hayiti",
           date(2027, 3, 10): "Ramazon hayiti", date(2027, 5, 17): "Qurbon hayiti"}


@transaction.atomic
def seed_calendar_and_service_levels(years=(2026, 2027)) -> None:
    for category, priority, hours in SERVICE_LEVELS:
        ServiceLevel.objects.update_or_create(category=category, priority=priority,
                                              defaults={"hours": hours})
    for year in years:
        for (month, day), name in HOLIDAYS.items():
            NonWorkingDay.objects.get_or_create(date=date(year, month, day),
                                                defaults={"name": name})
    for day, name in MOVABLE.items():
        NonWorkingDay.objects.get_or_create(date=day, defaults={"name": name})


SAMPLE_REPORTS = [
    ("water", "Koʻchamizda suv quvuri yorilgan, ikki kundan beri suv oqib yotibdi.",
     0.0004, 0.0003),
    ("roads", "Maktab oldidagi yoʻlda katta chuqur bor, bolalar yiqilib tushmoqda.",
     -0.0012, 0.0021),
    ("lighting", "Во дворе дома 12 уже неделю не горят фонари, вечером очень темно.",
     0.0025, -0.0010),
    ("waste", "Чиқиндилар уч кундан бери олиб кетилмаяпти, қутилар тўлиб кетган.",
     -0.0020, -0.0018),
    ("landscaping", "Bogʻdagi oʻrindiqlar singan, iltimos taʼmirlab bering.",
     0.0011, -0.0027),
]


def seed_sample_reports(*, mahalla, author, moderator) -> int:
    """A few published problem reports so the map, the queue and the ledger are not empty."""
    from mahalla.appeals.services.submit import AppealDraft, submit_appeal
    from mahalla.appeals.services.workflow import moderate_appeal

    if Appeal.objects.exists():
        return 0
    for category, text, dlat, dlon in SAMPLE_REPORTS:
        appeal = submit_appeal(author=author, draft=AppealDraft(
            kind=Appeal.Kind.PROBLEM_REPORT, category=category, text=text,
            mahalla_code=mahalla.code, latitude=float(mahalla.latitude) + dlat,
            longitude=float(mahalla.longitude) + dlon, consent=True))
        moderate_appeal(appeal=appeal, publish=True, actor=moderator)
    return len(SAMPLE_REPORTS)
