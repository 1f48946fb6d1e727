"""Synthetic appeals over the demo territory, for dashboards and load benchmarks.

`manage.py generate_appeals --count N [--seed S] [--batch B]` writes N appeals spread over the
last few years: categories in the proportions of real appeal portals, seasonal peaks (heating
and gas in winter, water in summer, roads in spring), fewer on weekends, growth over time,
statuses along the workflow according to age, deadlines of the law, resolution times that
differ by organization, ratings, reopenings, and points inside the mahalla for problem reports.

On purpose these rows bypass the service functions: no AppealStep, no DomainEvent, no ledger
leaf and no notifications, because millions of rows through the event path would take hours
and would fill the public ledger with made-up history. They are marked so they can be told
apart and removed: the number starts with ``SYN-`` and the tracking hash is
``synthetic-<n>``, which no real token can hash to. Synthetic executors (when an organization
has fewer than three) have phones in the range +998 99 90x xx xx and no usable password.

PostgreSQL: rows go in through COPY (psycopg); other databases: bulk_create in batches.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from mahalla.appeals.models import Appeal, ServiceLevel
from mahalla.core.categories import Category
from mahalla.core.models import (
    MAHALLA_STAFF_ROLES,
    Mahalla,
    Organization,
    Role,
    ServiceArea,
    User,
)
from mahalla.core.text import search_key

SYNTHETIC_PREFIX = "SYN-"
SYNTHETIC_HASH_PREFIX = "synthetic-"
SYNTHETIC_PHONE_PREFIX = "+9989990"
CORPUS = Path(__file__).resolve().parent.parent / "triage" / "data" / "corpus.csv"

# Shares of categories, after the published figures of city appeal portals (a third housing
# and utilities, a quarter roads) spread over our codes.
CATEGORY_SHARE = {
    "roads": 18, "water": 9, "sewerage": 5, "electricity": 7, "gas": 5, "heating": 5,
    "waste": 7, "lighting": 5, "landscaping": 4, "transport": 4, "telecom": 2, "housing": 9,
    "land": 3, "social_support": 5, "employment": 2, "healthcare": 2, "education": 2,
    "public_order": 2, "documents": 2, "corruption": 1, "other": 1,
}
# Monthly factor (January first) by category: the seasons people write about.
_WINTER = (2.2, 2.0, 1.4, 0.7, 0.4, 0.3, 0.3, 0.3, 0.4, 0.8, 1.5, 2.2)
_SUMMER = (0.6, 0.6, 0.8, 0.9, 1.1, 1.5, 1.8, 1.7, 1.2, 0.8, 0.6, 0.6)
_SPRING = (0.7, 0.9, 1.5, 1.6, 1.3, 1.0, 0.9, 0.9, 1.0, 1.0, 0.9, 0.7)
SEASON = {"heating": _WINTER, "gas": _WINTER, "electricity": (1.5, 1.4, 1.0, 0.8, 0.8, 1.1,
          1.4, 1.4, 0.9, 0.8, 1.0, 1.4), "water": _SUMMER, "sewerage": _SUMMER,
          "landscaping": _SPRING, "roads": _SPRING, "waste": _SUMMER}
KIND_SHARE = {"problem_report": 55, "application": 25, "complaint": 12, "proposal": 8}
PRIORITY_SHARE = {"normal": 85, "high": 12, "critical": 3}
CHANNEL_SHARE = {"web": 45, "telegram": 35, "staff": 12, "api": 5, "open311": 3}
# Median hours to an answer, by category (a gas leak is quick, land takes weeks).
MEDIAN_HOURS = {"gas": 20, "electricity": 30, "water": 48, "sewerage": 60, "heating": 40,
                "lighting": 70, "waste": 36, "roads": 150, "land": 300, "housing": 160,
                "documents": 60, "social_support": 180, "employment": 200}
DEFAULT_MEDIAN_HOURS = 120
TERMINAL_REJECTED_SHARE = 0.05
NEVER_ANSWERED_SHARE = 0.025
# Columns written, in COPY order (id comes from the database).
COLUMNS = (
    "number", "kind", "category", "text", "search_key", "mahalla_id", "district_id",
    "region_id", "latitude", "longitude", "address", "author_id", "is_anonymous", "contact",
    "consent_at", "channel", "status", "priority", "organization_id", "executor_id",
    "registered_at", "due_at", "extra_study", "extended", "escalated_at", "reminded_at",
    "answer", "answered_at", "closed_at", "merged_into_id", "is_public", "supporters_count",
    "rating", "rating_comment", "reopen_count", "tracking_hash", "idempotency_key",
    "created_at", "updated_at",
)
ANSWERS = ("Muammo bartaraf etildi.", "Ishlar bajarildi, nazoratga olindi.",
           "Murojaatingiz koʻrib chiqildi va tegishli choralar koʻrildi.",
           "Taʼmirlash ishlari yakunlandi.", "Tushuntirish berildi.")
REJECTIONS = ("Murojaat vakolatimizga kirmaydi.", "Maʼlumot yetarli emas.")


@dataclass
class Territory:
    """What the generator draws from: mahallas with their weights, routing, executors."""

    mahalla_ids: np.ndarray
    mahalla_district: np.ndarray
    mahalla_region: np.ndarray
    mahalla_lat: np.ndarray
    mahalla_lon: np.ndarray
    mahalla_weight: np.ndarray
    districts: list[tuple[int, int]]  # (district, region) with mahallas, for district queues
    # (category index, mahalla index) → organization id or 0 (mahalla's own queue).
    routing: np.ndarray
    org_speed: dict[int, float]
    executors: dict[int, list[int]]  # organization id → users; -mahalla id → mahalla staff
    service_hours: dict[tuple[str, str], int] = field(default_factory=dict)


def _texts(per_category: int = 40) -> dict[str, list[tuple[str, str]]]:
    """A fixed sample of labelled texts per category with their search keys (folding is slow,
    so it runs once per distinct text, not per row)."""
    raw: dict[str, list[str]] = {c: [] for c in Category.values}
    with CORPUS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = " ".join(row["text"].split()).replace("\\", "/")
            if row["category"] in raw and text:
                raw[row["category"]].append(text)
    by_category: dict[str, list[tuple[str, str]]] = {}
    for category, rows in raw.items():
        step = max(1, len(rows) // per_category)
        sample = rows[::step][:per_category] or [str(Category(category).label)]
        by_category[category] = [(text, search_key(text)) for text in sample]
    return by_category


def _ensure_executors(org_ids: list[int]) -> dict[int, list[int]]:
    """Every organization gets at least three executors (synthetic ones when it has fewer)."""
    executors: dict[int, list[int]] = {}
    for org_id in org_ids:
        staff = list(User.objects.filter(organization_id=org_id, is_active=True,
                                         role__in=[Role.ORG_EXECUTOR, Role.ORG_DISPATCHER])
                     .order_by("pk").values_list("pk", flat=True))
        number = 0
        while len(staff) < 3 and number < 10:
            phone = f"{SYNTHETIC_PHONE_PREFIX}{org_id % 1000:03d}{number:02d}"[:13]
            number += 1
            try:
                with transaction.atomic():
                    user = User.objects.create_user(
                        phone, None, role=Role.ORG_EXECUTOR, organization_id=org_id,
                        full_name=f"Ijrochi {org_id}-{number}")
            except IntegrityError:  # made by an earlier run, for this or another body
                continue
            staff.append(user.pk)
        executors[org_id] = staff
    return executors


def load_territory(rng: np.random.Generator) -> Territory:
    mahallas = list(Mahalla.objects.filter(is_active=True, latitude__isnull=False)
                    .select_related("district").order_by("pk"))
    if not mahallas:
        raise RuntimeError("No mahallas with a map point: run `manage.py seed_demo` first.")
    ids = np.array([m.pk for m in mahallas], dtype=np.int64)
    # Mahallas differ in size: a log-normal weight gives busy and quiet ones.
    weight = rng.lognormal(0.0, 0.5, len(mahallas))
    areas = list(ServiceArea.objects.filter(organization__is_active=True)
                 .values_list("category", "mahalla_id", "district_id", "region_id",
                              "organization_id").order_by("pk"))
    by_mahalla, by_district, by_region = {}, {}, {}
    for category, m_id, d_id, r_id, org_id in areas:
        if m_id:
            by_mahalla.setdefault((category, m_id), org_id)
        elif d_id:
            by_district.setdefault((category, d_id), org_id)
        elif r_id:
            by_region.setdefault((category, r_id), org_id)
    routing = np.zeros((len(Category.values), len(mahallas)), dtype=np.int64)
    for ci, category in enumerate(Category.values):
        for mi, m in enumerate(mahallas):
            routing[ci, mi] = (by_mahalla.get((category, m.pk))
                               or by_district.get((category, m.district_id))
                               or by_region.get((category, m.district.region_id)) or 0)
    org_ids = sorted({int(o) for o in np.unique(routing) if o})
    org_ids += [o for o in Organization.objects.filter(is_active=True, district__in={
        m.district_id for m in mahallas}).values_list("pk", flat=True) if o not in org_ids]
    executors = _ensure_executors(org_ids)
    staff = User.objects.filter(is_active=True, role__in=MAHALLA_STAFF_ROLES,
                                mahalla_id__in=ids.tolist()).values_list("mahalla_id", "pk")
    for m_id, pk in staff:
        executors.setdefault(-m_id, []).append(pk)
    return Territory(
        mahalla_ids=ids,
        mahalla_district=np.array([m.district_id for m in mahallas], dtype=np.int64),
        mahalla_region=np.array([m.district.region_id for m in mahallas], dtype=np.int64),
        mahalla_lat=np.array([float(m.latitude) for m in mahallas]),
        mahalla_lon=np.array([float(m.longitude) for m in mahallas]),
        mahalla_weight=weight / weight.sum(),
        districts=sorted({(m.district_id, m.district.region_id) for m in mahallas}),
        routing=routing,
        org_speed={o: float(rng.lognormal(0.0, 0.4)) for o in org_ids},
        executors=executors,
        service_hours={(c, p): h for c, p, h in
                       ServiceLevel.objects.values_list("category", "priority", "hours")},
    )


def _choice(rng, shares: dict[str, float], n: int) -> np.ndarray:
    keys = np.array(list(shares))
    p = np.array(list(shares.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


class DayModel:
    """How likely each day of the span is, per category: trend × season × weekday."""

    def __init__(self, start: datetime, end: datetime):
        self.start = start.replace(hour=0, minute=0, second=0, microsecond=0)
        days = max(1, math.ceil((end - self.start).total_seconds() / 86400))
        self.days = days
        dates = [self.start + timedelta(days=i) for i in range(days)]
        months = np.array([d.month - 1 for d in dates])
        weekday = np.array([d.weekday() for d in dates])
        base = np.linspace(0.6, 1.4, days)  # more people use the platform each year
        base *= np.where(weekday == 5, 0.65, np.where(weekday == 6, 0.45, 1.0))
        self.cdf = {}
        for category in Category.values:
            season = np.array(SEASON.get(category, (1.0,) * 12))[months]
            weights = base * season
            self.cdf[category] = np.cumsum(weights) / weights.sum()
        # Hours of the day (local time): morning and evening peaks.
        hours = np.array([1, 1, 1, 1, 1, 2, 4, 7, 10, 11, 11, 10, 9, 9, 10, 10, 10, 9, 8, 8,
                          7, 5, 3, 2], dtype=float)
        self.hour_p = hours / hours.sum()

    def sample(self, rng, categories: np.ndarray, end: datetime) -> np.ndarray:
        """Creation moments (seconds since the epoch, UTC) for each category drawn."""
        day = np.empty(len(categories), dtype=np.int64)
        for category in np.unique(categories):
            mask = categories == category
            day[mask] = np.searchsorted(self.cdf[str(category)], rng.random(mask.sum()))
        day = np.minimum(day, self.days - 1)
        hour = rng.choice(24, size=len(categories), p=self.hour_p)
        # Local Tashkent time is UTC+5 all year.
        seconds = (day * 86400 + hour * 3600 + rng.integers(0, 3600, len(categories))
                   - 5 * 3600 + int(self.start.timestamp()))
        return np.minimum(seconds, int(end.timestamp()) - 60)


@dataclass
class Batch:
    columns: dict[str, list]
    size: int


NAT = np.iinfo(np.int64).min


def make_batch(*, rng, territory: Territory, days: DayModel, texts, start_seq: int, n: int,
               now: datetime) -> Batch:
    """One batch of synthetic appeals as column lists (timestamps as epoch seconds or None)."""
    now_s = int(now.timestamp())
    categories = _choice(rng, CATEGORY_SHARE, n)
    kinds = _choice(rng, KIND_SHARE, n)
    priority = _choice(rng, PRIORITY_SHARE, n)
    channel = _choice(rng, CHANNEL_SHARE, n)
    created = days.sample(rng, categories, now)
    codes = list(Category.values)
    cat_index = np.searchsorted(np.array(codes), categories) if codes == sorted(codes) else \
        np.array([codes.index(str(c)) for c in categories])

    m_index = rng.choice(len(territory.mahalla_ids), size=n, p=territory.mahalla_weight)
    mahalla = territory.mahalla_ids[m_index].copy()
    district = territory.mahalla_district[m_index].copy()
    region = territory.mahalla_region[m_index].copy()
    organization = territory.routing[cat_index, m_index]
    # A few appeals have no mahalla: they wait in the district's own queue.
    queue = rng.random(n) < 0.02
    mahalla[queue] = 0

    anonymous = np.where(kinds == "problem_report", rng.random(n) < 0.3, rng.random(n) < 0.02)
    problem = kinds == "problem_report"
    lag = np.where(rng.random(n) < 0.7, 0, rng.exponential(10 * 3600, n)).astype(np.int64)
    registered = created + lag
    extra_study = (~problem) & (rng.random(n) < 0.08)
    legal_days = np.where(kinds == "proposal", 30, np.where(extra_study, 30, 15))
    due = registered + legal_days * 86400
    # Round to the end of the working day (18:00 Tashkent = 13:00 UTC).
    due = (due // 86400) * 86400 + 13 * 3600
    for (category, prio), hours in territory.service_hours.items():
        mask = (categories == category) & (priority == prio)
        due[mask] = np.minimum(due[mask], registered[mask] + hours * 3600)
    extended = (~problem) & (rng.random(n) < 0.04)
    due[extended] += 30 * 86400

    median = np.array([MEDIAN_HOURS.get(str(c), DEFAULT_MEDIAN_HOURS) for c in categories],
                      dtype=float)
    speed = np.array([territory.org_speed.get(int(o), 1.0) for o in organization])
    median = median * speed * np.where(priority == "critical", 0.3,
                                       np.where(priority == "high", 0.6, 1.0))
    hours_taken = rng.lognormal(np.log(median), 0.9)
    answered = registered + (hours_taken * 3600).astype(np.int64)
    never = rng.random(n) < NEVER_ANSWERED_SHARE
    answered[never] = NAT
    done = (answered != NAT) & (answered <= now_s)

    status = np.full(n, "registered", dtype=object)
    status[registered > now_s] = "received"
    age_days = (now_s - created) / 86400
    open_roll = rng.random(n)
    has_org = organization != 0
    status[(~done) & (registered <= now_s) & (open_roll < 0.75)] = "assigned"
    status[(~done) & (registered <= now_s) & (open_roll < 0.45)] = "in_progress"
    status[(~done) & (registered <= now_s) & has_org & (open_roll > 0.95)] = "forwarded"
    rejected = done & (rng.random(n) < TERMINAL_REJECTED_SHARE)
    answered_ok = done & ~rejected
    closes = answered_ok & (rng.random(n) < np.clip(age_days / 30, 0, 0.85))
    status[answered_ok] = "answered"
    status[closes] = "closed"
    status[rejected] = "rejected"
    not_considered = anonymous & ~problem
    status[not_considered] = "not_considered"
    answered[not_considered] = NAT
    done = done & ~not_considered
    answered_ok &= ~not_considered
    closes &= ~not_considered
    rejected &= ~not_considered

    closed_at = np.full(n, NAT, dtype=np.int64)
    close_lag = rng.integers(3600, 10 * 86400, n)
    closed_at[closes] = np.minimum(answered[closes] + close_lag[closes], now_s)
    closed_at[rejected] = answered[rejected]
    answered_at = np.where(answered_ok, answered, NAT)

    on_time = answered_ok & (answered <= due)
    rated = (answered_ok & (rng.random(n) < 0.45)) & ~anonymous
    score = np.where(on_time, 4.4, 3.0) - np.clip((hours_taken - median) / median, 0, 2) * 0.4
    rating = np.clip(np.rint(score + rng.normal(0, 0.9, n)), 1, 5).astype(np.int64)
    reopened = answered_ok & ~anonymous & (rng.random(n) < np.where(rating <= 2, 0.25, 0.04))
    reopen_count = np.where(reopened, np.where(rng.random(n) < 0.15, 2, 1), 0)
    overdue_open = (~done) & (due < now_s) & ~not_considered
    escalated = (overdue_open | (answered_ok & (answered > due))) & (rng.random(n) < 0.6)
    escalated_at = np.where(escalated, due + 3600, NAT)
    escalated_at = np.where(escalated_at > now_s, NAT, escalated_at)

    executor = np.zeros(n, dtype=np.int64)
    assigned = np.isin(status, ["assigned", "in_progress", "answered", "closed"])
    pick = rng.random(n)
    for i in np.flatnonzero(assigned):
        key = int(organization[i]) or -int(mahalla[i])
        people = territory.executors.get(key)
        if people:
            # A skewed pick: some executors carry more of the load.
            executor[i] = people[int(len(people) * pick[i] ** 1.6)]

    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    placed = problem & (mahalla != 0)
    # Inside the mahalla: within about 600 m of its centre.
    lat[placed] = territory.mahalla_lat[m_index[placed]] + rng.normal(0, 0.003, placed.sum())
    lon[placed] = territory.mahalla_lon[m_index[placed]] + rng.normal(0, 0.004, placed.sum())
    is_public = problem & (rng.random(n) < 0.7) & ~np.isin(status, ["rejected"])
    supporters = np.where(problem, rng.geometric(0.5, n) - 1, 0)

    # District queues: the district of a random mahalla, no organization unless one serves it.
    if queue.any():
        picks = rng.integers(0, len(territory.districts), queue.sum())
        district[queue] = [territory.districts[p][0] for p in picks]
        region[queue] = [territory.districts[p][1] for p in picks]
        lat[queue] = np.nan
        lon[queue] = np.nan

    text_rows = []
    text_pick = rng.random(n)
    for category, r in zip(categories, text_pick, strict=True):
        pool = texts[str(category)]
        text_rows.append(pool[int(r * len(pool))])
    answer_pick = rng.integers(0, len(ANSWERS), n)
    updated = np.maximum.reduce([created, registered,
                                 np.where(answered_at == NAT, 0, answered_at),
                                 np.where(closed_at == NAT, 0, closed_at)])
    updated = np.minimum(updated, now_s)

    def nz(values):
        return [int(v) if v else None for v in values]

    def ts(values):
        return [None if v == NAT else int(v) for v in values]

    seqs = range(start_seq, start_seq + n)
    columns = {
        "number": [f"{SYNTHETIC_PREFIX}{s:016d}" for s in seqs],
        "kind": kinds.tolist(),
        "category": categories.tolist(),
        "text": [t for t, _k in text_rows],
        "search_key": [k for _t, k in text_rows],
        "mahalla_id": nz(mahalla),
        "district_id": nz(district),
        "region_id": region.tolist(),
        "latitude": [None if math.isnan(v) else round(float(v), 6) for v in lat],
        "longitude": [None if math.isnan(v) else round(float(v), 6) for v in lon],
        "address": [""] * n,
        "author_id": [None] * n,
        "is_anonymous": anonymous.tolist(),
        "contact": ["none" if a else "in_app" for a in anonymous],
        "consent_at": [None if a else int(c) for a, c in zip(anonymous, created, strict=True)],
        "channel": channel.tolist(),
        "status": status.tolist(),
        "priority": priority.tolist(),
        "organization_id": nz(organization),
        "executor_id": nz(executor),
        "registered_at": [int(r) if s != "received" else None
                          for r, s in zip(registered, status, strict=True)],
        "due_at": [int(d) if s != "received" else None for d, s in zip(due, status, strict=True)],
        "extra_study": extra_study.tolist(),
        "extended": extended.tolist(),
        "escalated_at": ts(escalated_at),
        "reminded_at": [None] * n,
        "answer": [ANSWERS[a] if ok else (REJECTIONS[a % 2] if rj else "")
                   for a, ok, rj in zip(answer_pick, answered_ok, rejected, strict=True)],
        "answered_at": ts(answered_at),
        "closed_at": ts(closed_at),
        "merged_into_id": [None] * n,
        "is_public": is_public.tolist(),
        "supporters_count": supporters.tolist(),
        "rating": [int(r) if ok else None for r, ok in zip(rating, rated, strict=True)],
        "rating_comment": [""] * n,
        "reopen_count": reopen_count.tolist(),
        "tracking_hash": [f"{SYNTHETIC_HASH_PREFIX}{s:016d}" for s in seqs],
        "idempotency_key": [None] * n,
        "created_at": created.tolist(),
        "updated_at": updated.tolist(),
    }
    return Batch(columns=columns, size=n)


_TIMESTAMP_COLUMNS = {"consent_at", "registered_at", "due_at", "escalated_at", "reminded_at",
                      "answered_at", "closed_at", "created_at", "updated_at"}


def _copy_text(batch: Batch) -> bytes:
    """The batch in PostgreSQL's COPY text format."""
    formatted = []
    for name in COLUMNS:
        values = batch.columns[name]
        if name in _TIMESTAMP_COLUMNS:
            arr = np.array([NAT if v is None else v for v in values], dtype="datetime64[s]")
            text = np.datetime_as_string(arr, unit="s")
            formatted.append([r"\N" if v is None else t + "+00"
                              for v, t in zip(values, text, strict=True)])
        elif values and isinstance(values[0], bool):
            formatted.append(["t" if v else "f" for v in values])
        else:
            formatted.append([r"\N" if v is None else str(v) for v in values])
    out = io.StringIO()
    for row in zip(*formatted, strict=True):
        out.write("\t".join(row))
        out.write("\n")
    return out.getvalue().encode("utf-8")


def _copy_session(cursor) -> None:
    """Session settings for a bulk load on PostgreSQL.

    Synthetic rows need no durability guarantee beyond the end of the run. When the role may,
    foreign-key triggers are skipped: every id written was read from the database a moment
    ago (check constraints still apply, they are not triggers).
    """
    cursor.execute("SET LOCAL synchronous_commit = off")
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        cursor.execute("SET LOCAL session_replication_role = replica")


def _write_copy(data: bytes) -> None:
    sql = f"COPY appeals_appeal ({', '.join(COLUMNS)}) FROM STDIN"  # noqa: S608 (fixed names)
    with connection.cursor() as cursor:
        _copy_session(cursor)
        with cursor.connection.cursor().copy(sql) as copy:
            copy.write(data)


def _write_orm(batch: Batch) -> None:
    def moment(v):
        return None if v is None else datetime.fromtimestamp(v, tz=UTC)

    rows = []
    cols = batch.columns
    for i in range(batch.size):
        values = {name: cols[name][i] for name in COLUMNS}
        for name in _TIMESTAMP_COLUMNS:
            values[name] = moment(values[name])
        rows.append(Appeal(**values))
    # updated_at is auto_now, so here it becomes the moment of generation (COPY keeps it).
    Appeal.objects.bulk_create(rows, batch_size=500)


def next_sequence() -> int:
    last = (Appeal.objects.filter(number__startswith=SYNTHETIC_PREFIX)
            .order_by("-number").values_list("number", flat=True).first())
    return int(last[len(SYNTHETIC_PREFIX):]) + 1 if last else 1


def generate(*, count: int, seed: int = 0, batch: int = 50_000, years: float = 3.0,
             now: datetime | None = None,
             progress: Callable[[int], None] | None = None) -> tuple[datetime, datetime]:
    """Write `count` synthetic appeals; returns the span of creation dates they cover."""
    now = now or timezone.now()
    start = now - timedelta(days=int(365 * years))
    rng = np.random.default_rng(seed)
    texts = _texts()
    with transaction.atomic():
        territory = load_territory(rng)
    days = DayModel(start, now)
    use_copy = connection.vendor == "postgresql"
    seq = next_sequence()

    def prepare(start_seq: int, n: int):
        rows = make_batch(rng=rng, territory=territory, days=days, texts=texts,
                          start_seq=start_seq, n=n, now=now)
        return _copy_text(rows) if use_copy else rows

    sizes = [min(batch, count - done) for done in range(0, count, batch)]
    starts = [seq + done for done in range(0, count, batch)]
    written = 0
    # The next batch is prepared in a thread while the database takes the current one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(prepare, int(starts[0]), sizes[0]) if sizes else None
        for i, n in enumerate(sizes):
            prepared = pending.result()
            pending = pool.submit(prepare, int(starts[i + 1]), sizes[i + 1]) \
                if i + 1 < len(sizes) else None
            with transaction.atomic():
                if use_copy:
                    _write_copy(prepared)
                else:
                    _write_orm(prepared)
            written += n
            if progress:
                progress(written)
    return start, now


def purge() -> int:
    """Delete every synthetic appeal (and nothing else)."""
    deleted, _ = Appeal.objects.filter(number__startswith=SYNTHETIC_PREFIX,
                                       tracking_hash__startswith=SYNTHETIC_HASH_PREFIX).delete()
    return deleted
