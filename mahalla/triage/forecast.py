"""Appeal volume for the next 4 weeks per category and district, with its backtest error.

Weekly buckets. With at least a year and a quarter of history the model is a seasonal
naive forecast scaled to the current level: next week looks like the same week last year
(averaged with its neighbours) times the ratio of the last 8 weeks to the same 8 weeks a year
before. With less history it falls back to exponential smoothing (a flat forecast of the
level). The error shown beside each forecast is a rolling-origin backtest of the same model
over the last 8 origins: MAE in appeals per week, and MAPE over weeks with appeals.
"""

from collections import defaultdict
from datetime import datetime, timedelta

import numpy as np
from django.utils import timezone

SEASON = 52
HORIZON = 4
LEVEL_WEEKS = 8
BACKTEST_ORIGINS = 8
SMOOTHING = 0.3


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 local time of the moment's week."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def weekly_counts(moments, *, end: datetime, weeks: int) -> np.ndarray:
    """Appeals per week for the `weeks` complete weeks before the week of `end`."""
    last = week_start(end)
    first = last - timedelta(weeks=weeks)
    counts = np.zeros(weeks)
    for moment in moments:
        start = week_start(moment)
        if first <= start < last:
            counts[(start - first).days // 7] += 1
    return counts


def predict(history: np.ndarray, horizon: int = HORIZON) -> np.ndarray:
    """The next `horizon` weekly values after `history` (oldest first)."""
    history = np.asarray(history, dtype=float)
    n = len(history)
    if n == 0:
        return np.zeros(horizon)
    if n >= SEASON + LEVEL_WEEKS:
        recent = history[-LEVEL_WEEKS:].mean()
        year_ago = history[n - SEASON - LEVEL_WEEKS:n - SEASON].mean()
        ratio = 1.0 if year_ago == 0 else float(np.clip(recent / year_ago, 0.5, 2.0))
        out = []
        for h in range(horizon):
            i = n - SEASON + h
            window = history[max(i - 1, 0):min(i + 2, n)]
            out.append(window.mean() * ratio if recent or year_ago else 0.0)
        return np.maximum(np.array(out), 0.0)
    level = history[0]
    for value in history[1:]:
        level = SMOOTHING * value + (1 - SMOOTHING) * level
    return np.full(horizon, max(level, 0.0))


def backtest(history: np.ndarray, horizon: int = HORIZON,
             origins: int = BACKTEST_ORIGINS) -> dict:
    """MAE and MAPE of `predict` from each of the last `origins` cut points."""
    history = np.asarray(history, dtype=float)
    errors, percentages = [], []
    for origin in range(len(history) - horizon - origins + 1, len(history) - horizon + 1):
        if origin < 4:
            continue
        forecast = predict(history[:origin], horizon)
        actual = history[origin:origin + horizon]
        errors.extend(np.abs(forecast - actual))
        nonzero = actual > 0
        percentages.extend(np.abs(forecast[nonzero] - actual[nonzero]) / actual[nonzero])
    return {"mae": round(float(np.mean(errors)), 2) if errors else None,
            "mape": round(float(np.mean(percentages)) * 100, 1) if percentages else None}


def forecast_series(history: np.ndarray, horizon: int = HORIZON) -> dict:
    return {"forecast": [round(float(v), 1) for v in predict(history, horizon)],
            "backtest": backtest(history, horizon),
            "model": "seasonal" if len(history) >= SEASON + LEVEL_WEEKS else "smoothing"}


def forecast_volume(records, *, now=None, weeks_of_history: int = 2 * SEASON,
                    horizon: int = HORIZON) -> list[dict]:
    """Forecast per (district, category) from (created_at, district_id, category) records."""
    now = now or timezone.now()
    grouped: dict[tuple, list] = defaultdict(list)
    for created_at, district_id, category in records:
        grouped[(district_id, category)].append(created_at)
    first_week = week_start(now)
    out = []
    for (district_id, category), moments in sorted(grouped.items(), key=lambda kv: str(kv[0])):
        history = weekly_counts(moments, end=now, weeks=weeks_of_history)
        # Leading empty weeks (before the platform had data) are not zero demand.
        nonzero = np.flatnonzero(history)
        if len(nonzero) == 0:
            continue
        history = history[nonzero[0]:]
        row = {"district_id": district_id, "category": category,
               "weeks": [(first_week + timedelta(weeks=h)).date().isoformat()
                         for h in range(horizon)]}
        row.update(forecast_series(history, horizon))
        out.append(row)
    return out


def forecast_for(user, *, district_id: int | None = None, now=None) -> list[dict]:
    """`forecast_volume` over the appeals `user` may see (optionally one district)."""
    from mahalla.appeals.permissions import visible_appeals

    appeals = visible_appeals(user).filter(merged_into__isnull=True)
    if district_id is not None:
        appeals = appeals.filter(district_id=district_id)
    now = now or timezone.now()
    since = now - timedelta(weeks=2 * SEASON + 1)
    records = appeals.filter(created_at__gte=since).values_list(
        "created_at", "district_id", "category")
    return forecast_volume(records, now=now)


def synthetic_history(*, weeks: int = 2 * SEASON, seed: int = 1) -> dict[str, np.ndarray]:
    """Weekly counts with the seasons of a mahalla's year: heating and gas in winter, water
    and waste in summer, the rest flat with noise. For demos, tests and the benchmark."""
    rng = np.random.default_rng(seed)
    week_of_year = np.arange(weeks) % SEASON
    winter = np.cos(2 * np.pi * week_of_year / SEASON)  # +1 in January, -1 in July
    shapes = {"heating": 6 + 5 * winter, "gas": 5 + 3 * winter, "water": 6 - 3 * winter,
              "waste": 4 - 1.5 * winter, "roads": np.full(weeks, 4.0)}
    return {category: rng.poisson(np.maximum(shape, 0.2)).astype(float)
            for category, shape in shapes.items()}
