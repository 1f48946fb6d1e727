"""Reads of the statistics: figures from the rollups, never from the appeals table.

`Figures` turns summed rollup columns into the measures people read: received, resolved,
on-time rate, median and 90th-percentile resolution time (from the histogram), reopen rate,
satisfaction, backlog. Officials see their scope (mahalla.core.scope); the public sees every
territory with cells below `SUPPRESS_BELOW` suppressed.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from mahalla.analytics.models import (
    HISTOGRAM_EDGES,
    HISTOGRAM_FIELDS,
    MEASURES,
    DailyRollup,
    ExecutorMonthly,
    HeatCell,
    MonthlyRollup,
)
from mahalla.analytics.rollups import month_start, next_month
from mahalla.core.scope import ScopePaths, scope_filter

SUPPRESS_BELOW = 5
ROLLUP_PATHS = ScopePaths(mahalla="mahalla_id", district="district_id", region="region_id",
                          organization="organization_id")
BACKLOG_AGES = ((0, 7), (8, 15), (16, 30), (31, 60), (61, None))
GROUPS = ("region", "district", "mahalla", "organization", "category", "month")


def percentile(histogram: list[int], q: float) -> float | None:
    """The q-quantile (hours) of a resolution-time histogram, interpolated inside its bucket.

    Values in the open-ended last bucket are reported as its lower edge.
    """
    total = sum(histogram)
    if not total:
        return None
    target = q * total
    seen = 0
    lower = 0.0
    for count, upper in zip(histogram, (*HISTOGRAM_EDGES, None), strict=True):
        if count and seen + count >= target:
            if upper is None:
                return float(lower)
            return lower + (upper - lower) * (target - seen) / count
        seen += count
        lower = float(upper) if upper is not None else lower
    return float(lower)


def bucket_of(hours: float) -> int:
    """Index of the histogram bucket holding `hours` (for checks against exact values)."""
    for index, upper in enumerate(HISTOGRAM_EDGES):
        if hours < upper:
            return index
    return len(HISTOGRAM_EDGES)


def bucket_bounds(index: int) -> tuple[float, float | None]:
    lower = 0.0 if index == 0 else float(HISTOGRAM_EDGES[index - 1])
    upper = float(HISTOGRAM_EDGES[index]) if index < len(HISTOGRAM_EDGES) else None
    return lower, upper


def _ratio(part: int, whole: int, minimum: int = 1) -> float | None:
    return part / whole if whole >= minimum and whole else None


@dataclass
class Figures:
    """Summed rollup columns of one group, with the derived measures."""

    sums: dict[str, int]
    key: object = None
    label: str = ""
    extra: dict = field(default_factory=dict)

    def __getattr__(self, name: str):
        sums = self.__dict__.get("sums", {})
        if name in sums:
            return sums[name]
        raise AttributeError(name)

    @property
    def histogram(self) -> list[int]:
        return [self.sums[f] for f in HISTOGRAM_FIELDS]

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.sums["on_time"], self.sums["resolved"])

    @property
    def resolved_rate(self) -> float | None:
        return _ratio(self.sums["resolved"], self.sums["received"])

    @property
    def reopen_rate(self) -> float | None:
        return _ratio(self.sums["reopened"], self.sums["resolved"])

    @property
    def satisfaction(self) -> float | None:
        count = self.sums["rating_count"]
        return self.sums["rating_sum"] / count if count else None

    @property
    def median_hours(self) -> float | None:
        return percentile(self.histogram, 0.5)

    @property
    def p90_hours(self) -> float | None:
        return percentile(self.histogram, 0.9)

    def as_row(self) -> dict:
        """Plain numbers for exports and the API (rates 0..1, hours, rating 1..5)."""
        return {
            "received": self.sums["received"], "resolved": self.sums["resolved"],
            "on_time": self.sums["on_time"], "open": self.sums["open_count"],
            "rejected": self.sums["rejected"], "reopened": self.sums["reopened"],
            "ratings": self.sums["rating_count"],
            "on_time_rate": _round(self.on_time_rate, 4),
            "reopen_rate": _round(self.reopen_rate, 4),
            "satisfaction": _round(self.satisfaction, 2),
            "median_hours": _round(self.median_hours, 1),
            "p90_hours": _round(self.p90_hours, 1),
        }

    def public_row(self) -> dict:
        """`as_row` with every count below SUPPRESS_BELOW, and every rate or average whose
        base is below it, replaced by None (small cells could point at a person)."""
        row = self.as_row()
        bases = {"on_time_rate": "resolved", "reopen_rate": "resolved",
                 "median_hours": "resolved", "p90_hours": "resolved",
                 "satisfaction": "ratings"}
        suppressed = False
        for name, base in bases.items():
            if row[base] < SUPPRESS_BELOW and row[name] is not None:
                row[name] = None
                suppressed = True
        for name in ("received", "resolved", "on_time", "open", "rejected", "reopened",
                     "ratings"):
            if 0 < row[name] < SUPPRESS_BELOW:
                row[name] = None
                suppressed = True
        row["suppressed"] = suppressed
        return row


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def sum_exprs() -> dict:
    return {name: Coalesce(Sum(name), 0) for name in MEASURES}


@dataclass(frozen=True)
class Filters:
    """A period of whole months and optional territory, body and category."""

    start: date  # first month
    end: date  # last month (inclusive)
    region: int | None = None
    district: int | None = None
    mahalla: int | None = None
    organization: int | None = None
    category: str = ""

    def q(self) -> Q:
        q = Q(month__gte=month_start(self.start), month__lte=month_start(self.end))
        for name in ("region", "district", "mahalla", "organization"):
            value = getattr(self, name)
            if value:
                q &= Q(**{f"{name}_id": value})
        if self.category:
            q &= Q(category=self.category)
        return q

    def day_range(self) -> tuple[date, date]:
        return month_start(self.start), next_month(month_start(self.end))


def default_period(today: date, months: int = 12) -> tuple[date, date]:
    end = month_start(today)
    start = end
    for _i in range(months - 1):
        start = month_start(start - timedelta(days=1))
    return start, end


def monthly(user=None, filters: Filters | None = None) -> QuerySet:
    """Monthly rollup rows in `user`'s scope (all of them when user is None: public)."""
    qs = MonthlyRollup.objects.order_by()
    if user is not None:
        qs = qs.filter(scope_filter(user, ROLLUP_PATHS))
    return qs.filter(filters.q()) if filters else qs


def total(qs: QuerySet) -> Figures:
    return Figures(sums=qs.aggregate(**sum_exprs()))


def breakdown(qs: QuerySet, group: str) -> list[Figures]:
    """Figures per region, district, mahalla, organization, category or month."""
    column = group if group in ("category", "month") else f"{group}_id"
    rows = qs.values(column).annotate(**sum_exprs()).order_by(column)
    return [Figures(sums={m: row[m] for m in MEASURES}, key=row[column]) for row in rows]


def backlog_by_age(user, filters: Filters, today: date) -> list[dict]:
    """Open appeals by age in days: the last two months from the daily rollups' cohorts, the
    older ones as the rest of all open appeals (monthly rollups), so no query scans years."""
    place = Q()
    for name in ("region", "district", "mahalla", "organization"):
        value = getattr(filters, name)
        if value:
            place &= Q(**{f"{name}_id": value})
    if filters.category:
        place &= Q(category=filters.category)
    if user is not None:
        place &= scope_filter(user, ROLLUP_PATHS)
    recent_from = today - timedelta(days=BACKLOG_AGES[-1][0] - 1)
    by_day = dict(DailyRollup.objects.order_by().filter(place, day__gte=recent_from,
                                                        open_count__gt=0)
                  .values_list("day").annotate(n=Sum("open_count")))
    all_open = MonthlyRollup.objects.order_by().filter(place).aggregate(
        n=Coalesce(Sum("open_count"), 0))["n"]
    rows = []
    for low, high in BACKLOG_AGES:
        if high is None:
            count = all_open - sum(by_day.values())
        else:
            count = sum(n for day, n in by_day.items() if low <= (today - day).days <= high)
        rows.append({"low": low, "high": high, "count": max(count, 0)})
    return rows


def executors(user, filters: Filters) -> list[Figures]:
    """Workload and results per executor in scope, best on-time rate first."""
    from mahalla.core.models import User

    qs = ExecutorMonthly.objects.order_by().filter(scope_filter(user, ROLLUP_PATHS))
    q = Q(month__gte=month_start(filters.start), month__lte=month_start(filters.end))
    for name in ("region", "district", "mahalla", "organization"):
        value = getattr(filters, name)
        if value:
            q &= Q(**{f"{name}_id": value})
    rows = list(qs.filter(q).values("executor_id").annotate(**sum_exprs()))
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[r["executor_id"] for r in rows])}
    figures = [Figures(sums={m: r[m] for m in MEASURES}, key=r["executor_id"],
                       label=names.get(r["executor_id"], "—")) for r in rows]
    figures.sort(key=lambda f: (-(f.on_time_rate or 0), -f.sums["resolved"]))
    return figures


def heat_cells(start: date, end: date, *, district: int | None = None) -> list[dict]:
    """Problem reports per map cell in the period; cells below SUPPRESS_BELOW are left out."""
    qs = HeatCell.objects.order_by().filter(month__gte=month_start(start),
                                            month__lte=month_start(end))
    if district:
        qs = qs.filter(district_id=district)
    rows = (qs.values("cell_lat", "cell_lon").annotate(reports=Sum("reports"))
            .filter(reports__gte=SUPPRESS_BELOW).order_by("-reports"))
    size = HeatCell.CELL_DEGREES
    return [{"latitude": round((r["cell_lat"] + 0.5) * size, 4),
             "longitude": round((r["cell_lon"] + 0.5) * size, 4),
             "reports": r["reports"]} for r in rows]
