"""Weekly volume forecast with its backtest error."""

from datetime import datetime, timedelta

import numpy as np
from django.utils import timezone

from mahalla.triage.forecast import (
    SEASON,
    backtest,
    forecast_series,
    forecast_volume,
    predict,
    synthetic_history,
    weekly_counts,
)

NOW = timezone.make_aware(datetime(2026, 3, 11, 12, 0))  # a Wednesday


def test_weekly_counts_use_complete_weeks_before_this_one():
    monday = timezone.localtime(NOW).replace(hour=0, minute=0) - timedelta(days=2)
    moments = [monday - timedelta(days=1), monday - timedelta(days=8),
               monday - timedelta(days=8), monday + timedelta(hours=3)]
    assert list(weekly_counts(moments, end=NOW, weeks=3)) == [0, 2, 1]


def test_a_seasonal_series_is_forecast_from_last_year():
    history = synthetic_history(weeks=2 * SEASON, seed=3)
    heating = history["heating"]
    forecast = predict(heating, 4)
    year_ago = heating[SEASON:SEASON + 4]
    assert len(forecast) == 4
    assert abs(forecast.mean() - year_ago.mean()) < 4
    errors = backtest(heating)
    assert errors["mae"] is not None and errors["mae"] < 4
    assert errors["mape"] is not None


def test_seasonal_model_beats_a_flat_level_on_seasonal_data():
    heating = synthetic_history(weeks=2 * SEASON + 20, seed=5)["heating"]
    seasonal = backtest(heating, origins=20)["mae"]
    flat = np.mean([abs(heating[i:i + 4] - heating[i - 8:i].mean()).mean()
                    for i in range(len(heating) - 24, len(heating) - 4)])
    assert seasonal < flat


def test_short_history_falls_back_to_smoothing():
    result = forecast_series(np.array([3, 4, 5, 4, 3, 4, 5, 4.0]))
    assert result["model"] == "smoothing"
    assert len(result["forecast"]) == 4 and all(3 <= v <= 5 for v in result["forecast"])


def test_forecast_volume_groups_by_district_and_category():
    records = [(NOW - timedelta(weeks=w), 1, "water") for w in range(1, 30)]
    records += [(NOW - timedelta(weeks=w), 2, "gas") for w in range(1, 30, 2)]
    rows = forecast_volume(records, now=NOW)
    assert [(r["district_id"], r["category"]) for r in rows] == [(1, "water"), (2, "gas")]
    assert rows[0]["forecast"] == [1.0] * 4
    assert len(rows[0]["weeks"]) == 4 and rows[0]["backtest"]["mae"] == 0
