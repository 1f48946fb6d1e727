"""Demo data of participation for `make run`: residents, petitions, a survey and two votes.

Everything goes through the services (so events and ledger leaves exist), the past moments
through their `now` arguments. Safe to re-run: a second run finds the demo petition and stops.
The extra residents are synthetic: invented names, phone numbers of the +998 91 000 0… range
and no password, so nobody can sign in as them.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from mahalla.core.models import Mahalla, Role, User, Verification
from mahalla.participation import petitions, surveys, voting
from mahalla.participation.models import Election, Petition, Survey

SYNTHETIC_RESIDENTS = 60
FIRST_NAMES = ("Akmal", "Barno", "Dilshod", "Feruza", "Gulnora", "Hamid", "Iroda", "Jasur",
               "Kamola", "Laziz", "Madina", "Nodir", "Oysha", "Rustam", "Sevara", "Temur",
               "Umida", "Vohid", "Zarina", "Shoxrux")
FAMILY_NAMES = ("Abdullayev", "Ergashev", "Hasanov", "Ismoilov", "Jo\u02bbrayev", "Mirzayev",
                "Nazarov", "Qosimov", "Saidov", "To\u02bbxtayev", "Xolmatov", "Yo\u02bbldoshev")

PETITION_TITLE = "Bolalar maydonchasini taʼmirlash"
PETITION_TEXT = ("Mahallamizdagi bolalar maydonchasi eskirgan: arg\u02bbimchoqlar singan, "
                 "qum almashtirilmagan. Maydonchani taʼmirlash va yoritish chiroqlarini "
                 "o\u02bbrnatishni so\u02bbraymiz.")
ANSWERED_TITLE = "Koʻcha chiroqlarini kechasi ham yoqish"
ANSWERED_TEXT = ("Markaziy ko\u02bbchadagi chiroqlar soat 23:00 da o\u02bbchiriladi. Kechki "
                 "payt piyodalar uchun xavfli: chiroqlar tong otguncha yonib tursin.")
ANSWER = ("Tuman elektr tarmoqlari bilan kelishildi: chiroqlar jadvali o\u02bbzgartirildi, "
          "endi ular tong otguncha yonadi.")

SURVEY_QUESTIONS = [
    {"id": "q1", "type": "single", "text": "Mahallada eng avvalo nimani yaxshilash kerak?",
     "required": True, "options": [
         {"id": "a", "label": "Yo\u02bbllar va piyoda yo\u02bblaklari"},
         {"id": "b", "label": "Ko\u02bbcha yoritilishi"},
         {"id": "c", "label": "Bolalar maydonchalari"},
         {"id": "d", "label": "Chiqindi olib ketish"}]},
    {"id": "q2", "type": "multiple", "text": "Qaysi tadbirlarda qatnashgan bo\u02bblardingiz?",
     "required": False, "max_choices": 3, "options": [
         {"id": "a", "label": "Hashar"}, {"id": "b", "label": "Sport musobaqalari"},
         {"id": "c", "label": "Bayram tadbirlari"}, {"id": "d", "label": "Yig\u02bbilishlar"}]},
    {"id": "q3", "type": "scale", "text": "Mahalla faoliyatini qanday baholaysiz?",
     "required": True, "min": 1, "max": 5, "min_label": "Yomon", "max_label": "A\u02bblo"},
    {"id": "q4", "type": "text", "text": "Takliflaringiz", "required": False,
     "max_length": 500},
]
SURVEY_ANSWERS = ("a", "b", "c", "a", "d", "b", "a", "c", "a", "b", "d", "a", "c", "b", "a")
SUGGESTIONS = ("Ko\u02bbproq daraxt eking.", "", "Sport maydonchasi kerak.", "", "")


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def synthetic_residents(*, mahalla: Mahalla, verifier: User, now) -> list[User]:
    """Verified adult residents (in person, a month ago) so the counts look real."""
    people = []
    for n in range(SYNTHETIC_RESIDENTS):
        first, family = FIRST_NAMES[n % len(FIRST_NAMES)], FAMILY_NAMES[n % len(FAMILY_NAMES)]
        if first[-1] in "ao":  # women's family names end in -ova / -eva
            family += "a"
        user, created = User.objects.get_or_create(
            phone=f"+99891000{n + 1:04d}",
            defaults={"role": Role.RESIDENT, "full_name": f"{first} {family}",
                      "mahalla": mahalla, "phone_verified_at": now - timedelta(days=40),
                      "birth_date": date(1950 + (n * 7) % 50, 1 + n % 12, 1 + (n * 5) % 28)})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        verify_in_person(user=user, verifier=verifier, when=now - timedelta(days=30))
        people.append(user)
    return people


def verify_in_person(*, user: User, verifier: User, when) -> None:
    """Identity confirmed in person by the mahalla's staff (the demo chairman)."""
    if not Verification.objects.filter(user=user, method="in_person",
                                       revoked_at__isnull=True).exists():
        Verification.objects.create(user=user, method="in_person", verified_at=when,
                                    verified_by=verifier)


def _counts() -> dict[str, int]:
    return {"petitions": Petition.objects.count(), "surveys": Survey.objects.count(),
            "votes": Election.objects.count()}


@transaction.atomic
def seed_participation(*, mahalla: Mahalla, resident: User, chairman: User,
                       now=None) -> dict[str, int]:
    """Petitions, a survey and votes in the demo mahalla; the demo resident is left to act.

    - a published petition one signature short of its threshold (the demo resident's
      signature reaches it), and an answered one;
    - an open survey with answers of the synthetic residents;
    - an open vote with the demo resident on its roll (not yet voted);
    - a closed vote with its ballots published and recorded in the ledger.
    """
    now = now or timezone.now()
    if Petition.objects.filter(title=PETITION_TITLE, mahalla=mahalla).exists():
        return _counts()
    if resident.birth_date is None:
        resident.birth_date = date(1988, 3, 21)
        resident.save(update_fields=["birth_date"])
    verify_in_person(user=resident, verifier=chairman, when=now - timedelta(days=30))
    people = synthetic_residents(mahalla=mahalla, verifier=chairman, now=now)
    _seed_petitions(people=people, chairman=chairman, now=now)
    _seed_survey(mahalla=mahalla, people=people, chairman=chairman, now=now)
    _seed_votes(mahalla=mahalla, people=people, chairman=chairman, now=now)
    return _counts()


def _seed_petitions(*, people, chairman, now) -> None:
    started = now - timedelta(days=12)
    petition = petitions.start_petition(author=people[0], level="mahalla", title=PETITION_TITLE,
                                        text=PETITION_TEXT, now=started)
    petition = petitions.moderate_petition(petition=petition, actor=chairman, publish=True,
                                           now=started + timedelta(hours=3))
    for i, signer in enumerate(people[:max(0, petition.threshold - 1)]):
        petition = petitions.sign_petition(petition=petition, signer=signer,
                                           now=started + timedelta(hours=4 + i * 3))
    answered = petitions.start_petition(author=people[1], level="mahalla", title=ANSWERED_TITLE,
                                        text=ANSWERED_TEXT, now=now - timedelta(days=40))
    answered = petitions.moderate_petition(petition=answered, actor=chairman, publish=True,
                                           now=now - timedelta(days=39))
    for i, signer in enumerate(people[1:13]):
        answered = petitions.sign_petition(petition=answered, signer=signer,
                                           now=now - timedelta(days=38, hours=-i))
    petitions.answer_petition(petition=answered, actor=chairman, text=ANSWER,
                              now=now - timedelta(days=20))


def _seed_survey(*, mahalla, people, chairman, now) -> None:
    survey = surveys.create_survey(
        actor=chairman, target=f"m:{mahalla.pk}", title="Mahallamiz obodonchiligi",
        description="Mahalla kengashi keyingi yil rejasini tuzmoqda: fikringizni bildiring.",
        questions=SURVEY_QUESTIONS, closes_at=now + timedelta(days=14),
        now=now - timedelta(days=3))
    survey = surveys.open_survey(survey=survey, actor=chairman, now=now - timedelta(days=3))
    for i, person in enumerate(people[:len(SURVEY_ANSWERS)]):
        answers = {"q1": SURVEY_ANSWERS[i], "q2": ["a", "c"] if i % 2 else ["d"],
                   "q3": 3 + i % 3}
        if SUGGESTIONS[i % len(SUGGESTIONS)]:
            answers["q4"] = SUGGESTIONS[i % len(SUGGESTIONS)]
        surveys.respond(survey=survey, respondent=person, answers=answers,
                        now=now - timedelta(days=2, hours=-i))


def _seed_votes(*, mahalla, people, chairman, now) -> None:
    target = f"m:{mahalla.pk}"
    # Closed: voting ran for a week, ten days ago; the ballots are published at close.
    start = now - timedelta(days=10)
    closed = voting.create_election(
        actor=chairman, target=target, title="Hashar kunini qaysi kunga belgilaymiz?",
        description="Bahorgi hashar uchun kun tanlanadi.", options=["Shanba", "Yakshanba"],
        roll_date=timezone.localdate(start), opens_at=start, closes_at=start + timedelta(days=7),
        now=start)
    closed = voting.open_election(election=closed, actor=chairman, now=start)
    options = list(closed.options.values_list("pk", flat=True))
    for i, person in enumerate(people[:23]):
        voting.cast_vote(election=closed, voter=person, option_id=options[0 if i % 3 else 1],
                         now=start + timedelta(hours=2 + i * 5))
    voting.close_election(election=closed, actor=chairman, now=start + timedelta(days=7, hours=1))
    # Open: the demo resident is on the roll and has not voted yet.
    opens = now - timedelta(hours=2)
    election = voting.create_election(
        actor=chairman, target=target, title="Mahalla guzarida yangi choyxona qurilsinmi?",
        description="Loyiha mahalla kengashida muhokama qilindi; qaror ovoz berish bilan "
                    "qabul qilinadi.",
        options=["Ha, qurilsin", "Yo\u02bbq, kerak emas", "Boshqa joyda qurilsin"],
        roll_date=timezone.localdate(opens), opens_at=opens, closes_at=now + timedelta(days=7),
        now=opens)
    election = voting.open_election(election=election, actor=chairman, now=opens)
    options = list(election.options.values_list("pk", flat=True))
    for i, person in enumerate(people[23:41]):
        voting.cast_vote(election=election, voter=person, option_id=options[(0, 0, 1, 0, 2)[i % 5]],
                         now=opens + timedelta(minutes=5 + i))
