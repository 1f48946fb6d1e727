"""Demo data of the community app for `make run`: topics with comments, reception times and
ratings. Through the services (events and ledger leaves), past moments through `now`.
Safe to re-run: a second run finds the demo topic and stops.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from mahalla.core.models import Mahalla, User
from mahalla.participation.community.models import ReceptionSlot, ServiceRating, Topic
from mahalla.participation.community.services import discussions, ratings, reception
from mahalla.participation.demo import synthetic_residents

TOPIC_TITLE = "Bahorgi hashar: qaysi ko\u02bbchalardan boshlaymiz?"
TOPICS = (
    # (title, body, author: "chairman" or a synthetic resident's index, comments)
    (TOPIC_TITLE,
     "Aprel oyidagi hasharda daraxt ekish va ariqlarni tozalash rejalashtirilgan. Qaysi "
     "ko\u02bbchalarga birinchi navbatda e\u02bctibor berish kerak?",
     "chairman",
     ((3, None, "Navoiy ko\u02bbchasidagi ariq butunlay ko\u02bbmilib qolgan."),
      (4, 0, "Qo\u02bbshilaman, u yerdan boshlash kerak."),
      (5, None, "Maktab oldidagi daraxtlar ham qurib qolgan, yangilarini eksak bo\u02bbladi."),
      ("chairman", 2, "Rahmat, ko\u02bbchatlarni tuman obodonlashtirish bo\u02bblimi beradi."),
      (6, None, "Men o\u02bbz ketmonim bilan chiqaman."))),
    ("Avtobus bekatiga soyabon kerak",
     "Katta yo\u02bbldagi bekatda soyabon yo\u02bbq, yozda odamlar quyosh ostida kutadi. "
     "Tuman hokimligiga birgalikda murojaat qilsak bo\u02bbladimi?",
     7,
     ((8, None, "Albatta, keksalar uchun juda qiyin."),
      (9, None, "O\u02bbrindiqlar ham qo\u02bbyilsa yaxshi bo\u02bblardi."),
      (7, 1, "Unda petitsiya boshlayman, imzolab qo\u02bbying."))),
)
PLACE = "Mahalla fuqarolar yig\u02bbini binosi, 1-qavat"
VIDEO = "https://video.example.uz/mahalla-qabul"
MATTERS = ("Ko\u02bbcha chirog\u02bbi ishlamayapti, kim tuzatadi?",
           "Uyimiz oldidagi ariq tozalanmagan, suv toshmoqda.",
           "Nafaqa hujjatlarini qanday topshirish haqida maslahat kerak.",
           "Qo\u02bbshnilar bilan yer chegarasi bo\u02bbyicha kelishmovchilik.",
           "Farzandimni bolalar bog\u02bbchasiga yozdirish masalasi.",
           "Ichimlik suvi bosimi juda past.")
SCORES = (5, 4, 5, 3, 4, 5)


def _local(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def seed_community(*, mahalla: Mahalla, resident: User, chairman: User, official: User,
                   now=None) -> dict[str, int]:
    """Two topics with comments and replies, reception times in the coming days (the
    chairman's in person, the district official's by video), and ratings of past receptions
    (enough for the mahalla's average to be published); one held reception of the demo
    resident is left for them to rate."""
    now = now or timezone.now()
    if Topic.objects.filter(title=TOPIC_TITLE, mahalla=mahalla).exists():
        return _counts()
    people = synthetic_residents(mahalla=mahalla, verifier=chairman, now=now)
    _seed_topics(mahalla=mahalla, chairman=chairman, people=people, now=now)
    _seed_past_receptions(resident=resident, chairman=chairman, people=people, now=now)
    today = timezone.localdate(now)
    for day in range(1, 6):
        for hour in (10, 15):
            reception.publish_slot(
                host=chairman, kind=ReceptionSlot.Kind.IN_PERSON,
                starts_at=_local(today + timedelta(days=day), hour),
                ends_at=_local(today + timedelta(days=day), hour, 30), place=PLACE,
                subject="Fuqarolar qabuli", now=now)
    for day in (2, 4):
        reception.publish_slot(
            host=official, kind=ReceptionSlot.Kind.VIDEO,
            starts_at=_local(today + timedelta(days=day), 11),
            ends_at=_local(today + timedelta(days=day), 11, 20), video_url=VIDEO,
            subject="Tuman hokimligi: videoqabul", now=now)
    return _counts()


def _counts() -> dict[str, int]:
    return {"topics": Topic.objects.count(), "slots": ReceptionSlot.objects.count(),
            "ratings": ServiceRating.objects.count()}


def _seed_topics(*, mahalla, chairman, people, now) -> None:
    def who(key):
        return chairman if key == "chairman" else people[key]

    for t, (title, body, author, comments) in enumerate(TOPICS):
        moment = now - timedelta(days=6 - t * 2)
        topic = discussions.start_topic(mahalla=mahalla, title=title, body=body,
                                        author=who(author), now=moment)
        posted = []
        for c, (author_key, parent, text) in enumerate(comments):
            parent_id = posted[parent].pk if parent is not None else None
            posted.append(discussions.post_comment(
                topic=topic, body=text, author=who(author_key), parent_id=parent_id,
                now=moment + timedelta(hours=1 + c * 3)))


def _seed_past_receptions(*, resident, chairman, people, now) -> None:
    """Receptions of the last weeks, held and rated; published, booked and held through the
    services at their own (past) moments."""
    guests = list(people[10:10 + len(SCORES)]) + [resident]
    for i, guest in enumerate(guests):
        published = now - timedelta(days=30 - i * 3)
        day = timezone.localdate(published) + timedelta(days=2)
        slot = reception.publish_slot(
            host=chairman, kind=ReceptionSlot.Kind.IN_PERSON, starts_at=_local(day, 9),
            ends_at=_local(day, 9, 30), place=PLACE, subject="Fuqarolar qabuli",
            now=published)
        booking = reception.book_slot(slot=slot, resident=guest,
                                      matter=MATTERS[i % len(MATTERS)], consent=True,
                                      now=published + timedelta(hours=2))
        booking = reception.record_outcome(
            booking=booking, actor=chairman, outcome="resolved" if i % 2 else "explained",
            note="Masala joyida tushuntirildi.", now=_local(day, 9, 40))
        if guest is not resident:
            ratings.rate_service(resident=guest, interaction="reception", object_id=booking.pk,
                                 score=SCORES[i], comment="")
