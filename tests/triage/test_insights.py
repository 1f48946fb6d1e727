"""Top problems with trend, and clusters with a representative text."""

from datetime import datetime, timedelta

from django.utils import timezone

from mahalla.triage.insights import cluster_texts, top_problems, trend

NOW = timezone.make_aware(datetime(2026, 3, 10, 12, 0))


def test_trend_needs_a_real_change():
    assert trend(10, 5) == "rising"
    assert trend(2, 8) == "falling"
    assert trend(5, 5) == "steady"
    assert trend(2, 1) == "steady"


def test_top_problems_of_the_week_with_the_week_before():
    records = ([(NOW - timedelta(days=1), "water")] * 6 + [(NOW - timedelta(days=2), "roads")] * 2
               + [(NOW - timedelta(days=9), "water")] * 2
               + [(NOW - timedelta(days=10), "roads")] * 6)
    rows = top_problems(records, now=NOW, period="week")
    assert rows == [
        {"category": "water", "count": 6, "previous": 2, "trend": "rising"},
        {"category": "roads", "count": 2, "previous": 6, "trend": "falling"},
    ]


def test_month_counts_the_last_30_days():
    records = [(NOW - timedelta(days=20), "gas"), (NOW - timedelta(days=40), "gas")]
    assert top_problems(records, now=NOW, period="month") == [
        {"category": "gas", "count": 1, "previous": 1, "trend": "steady"}]


def test_similar_appeals_form_clusters_with_a_representative(shipped):
    texts = [
        "Koʻchada suv quvuri yorilgan, suv oqyapti",
        "Suv quvuri yorilib, koʻchaga suv oqyapti",
        "Koʻchadagi suv quvuri yorilib ketdi",
        "Koʻcha chiroqlari yonmayapti",
        "Koʻchadagi chiroqlar kechasi yonmaydi",
        "Mahalla raisiga rahmat",
    ]
    clusters = cluster_texts(texts, model=shipped)
    assert clusters[0]["size"] == 3
    assert set(clusters[0]["members"]) == {0, 1, 2}
    assert clusters[0]["representative"] in texts[:3]
    assert {3, 4} in [set(c["members"]) for c in clusters]
    assert all(5 not in c["members"] for c in clusters)
