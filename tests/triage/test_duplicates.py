"""Near-duplicates: same mahalla, last 30 days, similar text, and for reports within 50 m."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from mahalla.appeals.models import Appeal
from mahalla.triage.duplicates import cosine_similarities, find_duplicates
from tests.factories import MahallaFactory

NUMBER = iter(range(1, 10_000))


def appeal(mahalla, text, *, days_ago=1, kind=Appeal.Kind.COMPLAINT, point=None):
    n = next(NUMBER)
    lat, lon = point or (None, None)
    return Appeal.objects.create(
        number=f"MAH-2026-{n:06d}", kind=kind, category="water", text=text, mahalla=mahalla,
        tracking_hash=f"{n:064d}", latitude=lat, longitude=lon,
        created_at=timezone.now() - timedelta(days=days_ago))


def test_similar_texts_score_higher_than_unrelated_ones(shipped):
    scores = cosine_similarities("Koʻchada suv quvuri yorilib ketdi",
                                 ["Ko'chada suv quvuri yorilgan", "Mahalla raisiga rahmat"])
    assert scores[0] > 0.5 > scores[1]


def test_it_suggests_recent_similar_appeals_of_the_same_mahalla(db, shipped):
    home, elsewhere = MahallaFactory(), MahallaFactory()
    new = appeal(home, "Navoiy koʻchasida suv quvuri yorilib, suv oqyapti", days_ago=0)
    same = appeal(home, "Navoiy ko'chasida suv quvuri yorilgan, suv oqib yotibdi")
    appeal(home, "Mahalla raisiga katta rahmat")
    appeal(home, "Navoiy koʻchasida suv quvuri yorilib, suv oqyapti", days_ago=45)
    appeal(elsewhere, "Navoiy koʻchasida suv quvuri yorilib, suv oqyapti")
    found = find_duplicates(new)
    assert [s.appeal_id for s in found] == [same.pk]
    assert found[0].similarity >= 0.5
    assert found[0].as_dict()["number"] == same.number


def test_reports_further_than_50_m_apart_are_not_duplicates(db, shipped):
    home = MahallaFactory()
    report = Appeal.Kind.PROBLEM_REPORT
    text = "Koʻchadagi chiroqlar yonmayapti"
    new = appeal(home, text, days_ago=0, kind=report,
                 point=(Decimal("41.300000"), Decimal("69.300000")))
    near = appeal(home, text, kind=report, point=(Decimal("41.300200"), Decimal("69.300000")))
    appeal(home, text, kind=report, point=(Decimal("41.310000"), Decimal("69.300000")))
    found = find_duplicates(new)
    assert [s.appeal_id for s in found] == [near.pk]
    assert 0 < found[0].distance_m < 50
