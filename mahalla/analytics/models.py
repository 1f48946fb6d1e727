"""Rollups of appeals: counts kept per cohort so that dashboards never scan the appeals table.

Every measure belongs to the appeals *received* on a day (a cohort): of the appeals received
that day, how many are resolved, on time, still open, reopened, rated, and how long the
resolved ones took (a histogram, from which the median and 90th percentile are read). The
day of an appeal never changes, so a change to an appeal refreshes exactly one day.
`DailyRollup` is refreshed from the appeals; `MonthlyRollup` (what dashboards read) and
`ExecutorMonthly` are refreshed for that day's month. `HeatCell` counts problem reports per
map cell and month for the public heat map. See mahalla/analytics/rollups.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Upper edges (hours) of the resolution-time histogram buckets; the last is open-ended.
HISTOGRAM_EDGES = (4, 8, 24, 48, 72, 120, 168, 240, 360, 480, 720)
HISTOGRAM_FIELDS = tuple(f"h{i:02d}" for i in range(len(HISTOGRAM_EDGES) + 1))
MEASURES = ("received", "resolved", "on_time", "rejected", "open_count", "reopened",
            "rating_count", "rating_sum", *HISTOGRAM_FIELDS)


class Measures(models.Model):
    received = models.PositiveIntegerField(default=0)
    # Answered or closed (with an answer); rejected and not-considered are counted apart.
    resolved = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    open_count = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    h00 = models.PositiveIntegerField(default=0)
    h01 = models.PositiveIntegerField(default=0)
    h02 = models.PositiveIntegerField(default=0)
    h03 = models.PositiveIntegerField(default=0)
    h04 = models.PositiveIntegerField(default=0)
    h05 = models.PositiveIntegerField(default=0)
    h06 = models.PositiveIntegerField(default=0)
    h07 = models.PositiveIntegerField(default=0)
    h08 = models.PositiveIntegerField(default=0)
    h09 = models.PositiveIntegerField(default=0)
    h10 = models.PositiveIntegerField(default=0)
    h11 = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class Place(models.Model):
    """The territory and body of a cohort (ids only, so rollups survive renames)."""

    region_id = models.BigIntegerField()
    district_id = models.BigIntegerField(null=True)
    mahalla_id = models.BigIntegerField(null=True)
    organization_id = models.BigIntegerField(null=True)

    class Meta:
        abstract = True


class DailyRollup(Place, Measures):
    day = models.DateField()
    category = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("daily statistics row")
        indexes = [
            # refresh_day(): delete and rewrite one day; month sums read a day range.
            models.Index(fields=["day"], name="analytics_daily_day_idx"),
            # backlog by age: cohorts with open appeals.
            models.Index(fields=["day"], name="analytics_daily_open_idx",
                         condition=models.Q(open_count__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.mahalla_id} {self.category}: {self.received}"


class MonthlyRollup(Place, Measures):
    month = models.DateField()  # the first day of the month
    category = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("monthly statistics row")
        indexes = [
            # Dashboards: a period of months, then a territory filter.
            models.Index(fields=["month", "region_id", "district_id", "mahalla_id"],
                         name="analytics_month_place_idx"),
            # Organization staff: their body's months.
            models.Index(fields=["organization_id", "month"], name="analytics_month_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.mahalla_id} {self.category}: {self.received}"


class ExecutorMonthly(Place, Measures):
    month = models.DateField()
    executor_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("executor statistics row")
        indexes = [
            # Executor ranking of a period.
            models.Index(fields=["month", "organization_id"], name="analytics_exec_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.executor_id}: {self.received}"


class HeatCell(models.Model):
    """Problem reports per map cell (CELL_DEGREES wide) and month, for the public heat map."""

    CELL_DEGREES = 0.01

    month = models.DateField()
    region_id = models.BigIntegerField()
    district_id = models.BigIntegerField(null=True)
    cell_lat = models.IntegerField()
    cell_lon = models.IntegerField()
    reports = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("heat map cell")
        indexes = [
            # The public heat map: a period of months.
            models.Index(fields=["month"], name="analytics_heat_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.cell_lat},{self.cell_lon}: {self.reports}"

    @property
    def latitude(self) -> float:
        return (self.cell_lat + 0.5) * self.CELL_DEGREES

    @property
    def longitude(self) -> float:
        return (self.cell_lon + 0.5) * self.CELL_DEGREES
