"""Keeping the rollups (mahalla.analytics.models) in step with the appeals.

- `refresh_days(days)`: after appeals change (the event sink in apps.py enqueues it), rewrite
  those cohort days and the months they fall in;
- `rebuild_all()`: everything from scratch (`manage.py rebuild_statistics`, and after
  `generate_appeals`);
- the periodic task refreshes the days of appeals changed recently, a safety net for rows
  written outside the services.
Rollups are derived data: every function here deletes and rewrites, so running twice is safe.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Count,
    DateField,
    F,
    FloatField,
    IntegerField,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Floor, TruncDate, TruncMonth

from mahalla.analytics.models import (
    HISTOGRAM_EDGES,
    HISTOGRAM_FIELDS,
    MEASURES,
    DailyRollup,
    ExecutorMonthly,
    HeatCell,
    MonthlyRollup,
)
from mahalla.appeals.models import Appeal

TASHKENT = ZoneInfo(settings.TIME_ZONE)
S = Appeal.Status
RESOLVED = (S.ANSWERED, S.CLOSED)
DISMISSED = (S.REJECTED, S.NOT_CONSIDERED, S.DUPLICATE)
PLACE = ("region_id", "district_id", "mahalla_id", "organization_id")


def measure_expressions() -> dict:
    """Aggregates over appeals giving every column of `Measures`."""
    resolved = Q(status__in=RESOLVED, answered_at__isnull=False)
    exprs = {
        "received": Count("id"),
        "resolved": Count("id", filter=resolved),
        "on_time": Count("id", filter=resolved & Q(due_at__isnull=False,
                                                   answered_at__lte=F("due_at"))),
        "rejected": Count("id", filter=Q(status__in=DISMISSED)),
        "open_count": Count("id", filter=Q(status__in=Appeal.OPEN_STATUSES)),
        "reopened": Count("id", filter=Q(reopen_count__gt=0)),
        "rating_count": Count("rating"),
        "rating_sum": Coalesce(Sum("rating"), 0),
    }
    lower = None
    for name, upper in zip(HISTOGRAM_FIELDS, (*HISTOGRAM_EDGES, None), strict=True):
        bucket = resolved
        if lower is not None:
            bucket &= Q(answered_at__gte=F("created_at") + timedelta(hours=lower))
        if upper is not None:
            bucket &= Q(answered_at__lt=F("created_at") + timedelta(hours=upper))
        exprs[name] = Count("id", filter=bucket)
        lower = upper
    return exprs


def sum_expressions() -> dict:
    return {name: Coalesce(Sum(name), 0) for name in MEASURES}


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=TASHKENT)
    return start, start + timedelta(days=1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def local_day(moment: datetime) -> date:
    return moment.astimezone(TASHKENT).date()


def _insert(model, qs, **fixed) -> int:
    """INSERT … SELECT of an aggregate queryset (values + annotations) into a rollup table:
    the rows never travel through Python, which matters with millions of appeals."""
    sql, params = qs.query.sql_with_params()
    names = [*qs.query.values_select, *qs.query.annotation_select]
    quote = connection.ops.quote_name
    columns = [*fixed, *names]
    select = ", ".join([*(["%s"] * len(fixed)), *(quote(n) for n in names)])
    statement = (f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 (names quoted)
                 f"({', '.join(quote(model._meta.get_field(c).column) for c in columns)}) "
                 f"SELECT {select} FROM ({sql}) AS rollup_source")
    with connection.cursor() as cursor:
        cursor.execute(statement, [*fixed.values(), *params])
        return max(cursor.rowcount, 0)


def _appeals_between(start: datetime, end: datetime):
    # Served by the created_at index this app adds (migration 0002).
    return Appeal.objects.filter(created_at__gte=start, created_at__lt=end).order_by()


def refresh_day(day: date) -> int:
    start, end = day_bounds(day)
    rows = (_appeals_between(start, end).values(*PLACE, "category")
            .annotate(**measure_expressions()))
    DailyRollup.objects.filter(day=day).delete()
    return _insert(DailyRollup, rows, day=day)


def refresh_month(month: date) -> int:
    """Monthly rows from the daily ones; executor rows and heat cells from the appeals."""
    month = month_start(month)
    end_month = next_month(month)
    MonthlyRollup.objects.filter(month=month).delete()
    rows = (DailyRollup.objects.filter(day__gte=month, day__lt=end_month).order_by()
            .values(*PLACE, "category").annotate(**sum_expressions()))
    total = _insert(MonthlyRollup, rows, month=month)
    start = datetime.combine(month, time.min, tzinfo=TASHKENT)
    end = datetime.combine(end_month, time.min, tzinfo=TASHKENT)
    appeals = _appeals_between(start, end)
    ExecutorMonthly.objects.filter(month=month).delete()
    total += _insert(ExecutorMonthly, appeals.filter(executor__isnull=False)
                     .values(*PLACE, "executor_id").annotate(**measure_expressions()),
                     month=month)
    HeatCell.objects.filter(month=month).delete()
    total += _insert(HeatCell, _heat_rows(appeals), month=month)
    return total


def _heat_rows(appeals, *extra: str):
    size = HeatCell.CELL_DEGREES
    return (appeals.filter(kind=Appeal.Kind.PROBLEM_REPORT, latitude__isnull=False,
                           merged_into__isnull=True)
            .annotate(cell_lat=Cast(Floor(Cast("latitude", FloatField()) / Value(size)),
                                    output_field=IntegerField()),
                      cell_lon=Cast(Floor(Cast("longitude", FloatField()) / Value(size)),
                                    output_field=IntegerField()))
            .values(*extra, "region_id", "district_id", "cell_lat", "cell_lon")
            .annotate(reports=Count("id")))


def refresh_days(days: Iterable[date]) -> int:
    """Rewrite these cohort days and their months (idempotent)."""
    days = sorted(set(days))
    total = 0
    with transaction.atomic():
        for day in days:
            total += refresh_day(day)
        for month in sorted({month_start(d) for d in days}):
            total += refresh_month(month)
    return total


def days_of_appeals(ids: Iterable[int]) -> set[date]:
    return {local_day(moment) for moment in
            Appeal.objects.filter(pk__in=list(ids)).values_list("created_at", flat=True)}


def refresh_for_appeals(ids: Iterable[int]) -> int:
    return refresh_days(days_of_appeals(ids))


def refresh_recent(*, since: datetime) -> int:
    """Days of the appeals changed since `since` (any path, services or not)."""
    moments = (Appeal.objects.filter(updated_at__gte=since).order_by()
               .values_list("created_at", flat=True).distinct())
    return refresh_days({local_day(m) for m in moments})


def rebuild_all() -> int:
    """Every rollup from the appeals table, in one transaction (readers see old or new)."""
    with transaction.atomic():
        for model in (DailyRollup, MonthlyRollup, ExecutorMonthly, HeatCell):
            model.objects.all().delete()
        appeals = Appeal.objects.order_by()
        total = _insert(DailyRollup, appeals.annotate(
            day=TruncDate("created_at", tzinfo=TASHKENT))
            .values("day", *PLACE, "category").annotate(**measure_expressions()))
        total += _insert(MonthlyRollup, DailyRollup.objects.order_by()
                         .annotate(month=TruncMonth("day", output_field=DateField()))
                         .values("month", *PLACE, "category")
                         .annotate(**sum_expressions()))
        month = TruncMonth("created_at", tzinfo=TASHKENT, output_field=DateField())
        total += _insert(ExecutorMonthly, appeals.filter(executor__isnull=False)
                         .annotate(month=month).values("month", *PLACE, "executor_id")
                         .annotate(**measure_expressions()))
        total += _insert(HeatCell, _heat_rows(appeals.annotate(month=month), "month"))
    return total
