"""The rollups agree with direct queries over the appeals they summarise."""

import math
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mahalla.analytics import rollups, selectors
from mahalla.analytics.models import DailyRollup, ExecutorMonthly, HeatCell, MonthlyRollup
from mahalla.appeals.models import Appeal
from tests.analytics.conftest import generate

RESOLVED = {"answered", "closed"}


def direct(appeals, key):
    """Counts computed in Python from the appeal rows, independently of the rollup code."""
    groups = defaultdict(lambda: defaultdict(int))
    durations = defaultdict(list)
    for a in appeals:
        g = groups[key(a)]
        g["received"] += 1
        resolved = a.status in RESOLVED and a.answered_at is not None
        if resolved:
            g["resolved"] += 1
            hours = (a.answered_at - a.created_at).total_seconds() / 3600
            durations[key(a)].append(hours)
            if a.due_at and a.answered_at <= a.due_at:
                g["on_time"] += 1
        g["open_count"] += a.status in Appeal.OPEN_STATUSES
        g["rejected"] += a.status in {"rejected", "not_considered", "duplicate"}
        g["reopened"] += a.reopen_count > 0
        if a.rating:
            g["rating_count"] += 1
            g["rating_sum"] += a.rating
    return groups, durations


def check_percentile(histogram, values, q):
    """The histogram's quantile lies in the bucket of the exact order statistic."""
    estimate = selectors.percentile(histogram, q)
    if not values:
        assert estimate is None
        return
    exact = sorted(values)[max(0, math.ceil(q * len(values)) - 1)]
    lower, upper = selectors.bucket_bounds(selectors.bucket_of(exact))
    assert lower - 1e-9 <= estimate <= (upper if upper is not None else lower) + 1e-9


def compare(group: str, key):
    appeals = list(Appeal.objects.all())
    expected, durations = direct(appeals, key)
    qs = selectors.monthly(None, None)
    figures = {f.key: f for f in selectors.breakdown(qs, group)}
    assert set(figures) == set(expected)
    for k, counts in expected.items():
        for name in ("received", "resolved", "on_time", "open_count", "rejected", "reopened",
                     "rating_count", "rating_sum"):
            assert figures[k].sums[name] == counts[name], (group, k, name)
        assert sum(figures[k].histogram) == counts["resolved"]
        check_percentile(figures[k].histogram, durations[k], 0.5)
        check_percentile(figures[k].histogram, durations[k], 0.9)


@pytest.mark.django_db
@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), count=st.integers(1, 120))
def test_rollups_equal_direct_queries(land, seed, count):
    Appeal.objects.all().delete()
    generate(count, seed=seed, years=1.5)
    local_month = lambda a: rollups.month_start(rollups.local_day(a.created_at))  # noqa: E731
    compare("district", lambda a: a.district_id)
    compare("mahalla", lambda a: a.mahalla_id)
    compare("organization", lambda a: a.organization_id)
    compare("category", lambda a: a.category)
    compare("month", local_month)
    # Daily rows add up to the monthly ones; executors and heat cells to the appeals.
    assert sum(DailyRollup.objects.values_list("received", flat=True)) == count
    assert sum(MonthlyRollup.objects.values_list("received", flat=True)) == count
    assigned = Appeal.objects.filter(executor__isnull=False).count()
    assert sum(ExecutorMonthly.objects.values_list("received", flat=True)) == assigned
    placed = Appeal.objects.filter(kind="problem_report", latitude__isnull=False).count()
    assert sum(HeatCell.objects.values_list("reports", flat=True)) == placed


def test_percentile_interpolates_inside_the_bucket():
    # 10 values in [24, 48) hours: the median is in the middle of that bucket.
    histogram = [0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0]
    assert selectors.percentile(histogram, 0.5) == pytest.approx(36)
    assert selectors.percentile([0] * 12, 0.5) is None
    # The open-ended last bucket reports its lower edge.
    assert selectors.percentile([0] * 11 + [3], 0.9) == 720


def test_refresh_days_is_idempotent_and_matches_a_rebuild(land):
    generate(80, seed=3)
    before = sorted(MonthlyRollup.objects.values_list("month", "category", "received",
                                                      "resolved", "h03"))
    days = {rollups.local_day(m) for m in Appeal.objects.values_list("created_at", flat=True)}
    rollups.refresh_days(days)
    rollups.refresh_days(days)
    after = sorted(MonthlyRollup.objects.values_list("month", "category", "received",
                                                     "resolved", "h03"))
    assert before == after


def test_a_service_change_refreshes_the_rollups_after_commit(world, submit,
                                                             django_capture_on_commit_callbacks):
    from mahalla.appeals.services.workflow import answer_appeal

    with django_capture_on_commit_callbacks(execute=True):
        appeal = submit(category="water")
    row = MonthlyRollup.objects.get(organization_id=world["water"].pk)
    assert (row.received, row.resolved, row.open_count) == (1, 0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        answer_appeal(appeal=appeal, text="Quvur almashtirildi.", actor=world["dispatcher"])
    row = MonthlyRollup.objects.get(organization_id=world["water"].pk)
    assert (row.received, row.resolved, row.open_count, row.on_time) == (1, 1, 0, 1)
    assert sum(row.histogram if hasattr(row, "histogram") else
               [getattr(row, f"h{i:02d}") for i in range(12)]) == 1


def test_a_rolled_back_change_refreshes_nothing(world, submit,
                                                django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                submit(category="water")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not MonthlyRollup.objects.exists()
