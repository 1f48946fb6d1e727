from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from mahalla.analytics.models import MonthlyRollup
from mahalla.analytics.synthetic import SYNTHETIC_HASH_PREFIX, SYNTHETIC_PREFIX
from mahalla.appeals.models import Appeal
from mahalla.core.categories import Category


def test_generate_appeals_writes_marked_plausible_rows_and_rollups(land):
    call_command("generate_appeals", "--count", "300", "--seed", "5", "--years", "2")
    appeals = list(Appeal.objects.all())
    assert len(appeals) == 300
    now = timezone.now()
    for appeal in appeals:
        assert appeal.number.startswith(SYNTHETIC_PREFIX)
        assert appeal.tracking_hash.startswith(SYNTHETIC_HASH_PREFIX)
        assert appeal.author_id is None
        assert appeal.category in Category.values
        assert now - timedelta(days=2 * 365 + 2) <= appeal.created_at <= now
        assert appeal.region_id == land["a"].region_id
        if appeal.answered_at:
            assert appeal.answered_at >= appeal.created_at
        if appeal.mahalla_id:
            assert appeal.district_id == appeal.mahalla.district_id
        if appeal.latitude is not None:
            # Problem reports only, near their mahalla's centre.
            assert appeal.kind == Appeal.Kind.PROBLEM_REPORT
            assert abs(float(appeal.latitude) - float(appeal.mahalla.latitude)) < 0.05
        if appeal.organization_id == land["water"].pk:
            assert appeal.category in {"water", "sewerage"}
            assert appeal.district_id == land["a"].pk
    statuses = {a.status for a in appeals}
    assert {"closed", "answered"} & statuses and statuses & set(Appeal.OPEN_STATUSES)
    assert sum(1 for a in appeals if a.rating) > 0
    # The command rebuilt the rollups.
    assert sum(MonthlyRollup.objects.values_list("received", flat=True)) == 300


def test_same_seed_gives_the_same_appeals(land):
    from mahalla.analytics import synthetic

    fixed = timezone.now()
    synthetic.generate(count=40, seed=9, batch=40, now=fixed)
    first = list(Appeal.objects.order_by("number").values_list("category", "kind", "created_at"))
    Appeal.objects.all().delete()
    synthetic.generate(count=40, seed=9, batch=40, now=fixed)
    second = list(Appeal.objects.order_by("number").values_list("category", "kind", "created_at"))
    assert first == second


def test_purge_removes_only_synthetic_appeals(land, submit):
    real = submit()
    call_command("generate_appeals", "--count", "20", "--no-rollup")
    call_command("generate_appeals", "--purge")
    assert list(Appeal.objects.values_list("pk", flat=True)) == [real.pk]


@pytest.mark.parametrize("args", [["--count", "0"], ["--count", "5", "--years", "0"]])
def test_bad_arguments_are_refused(land, args):
    with pytest.raises(CommandError):
        call_command("generate_appeals", *args)
    assert not Appeal.objects.exists()
