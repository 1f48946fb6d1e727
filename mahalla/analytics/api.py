"""/api/v1/open-data: aggregates of appeals for anyone, with small cells suppressed.

Every count from 1 to 4 is replaced by null (and the row marked "suppressed"), and so is every
rate or average computed from fewer than 5 appeals, so that no figure can point at a person.
Periods are whole months ("YYYY-MM"); figures describe the appeals received in the period.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from mahalla.analytics import selectors
from mahalla.analytics.models import HeatCell
from mahalla.analytics.views import public_rows
from mahalla.core.exceptions import DomainError

router = Router(tags=["open data"], auth=None)
GROUPS = ("region", "district", "organization", "category", "month")


class Period(Schema):
    start: str | None = None
    end: str | None = None
    district: int | None = None
    category: str | None = None


class SummaryQuery(Period):
    group: str = "district"


class Row(Schema):
    key: str
    name: str
    received: int | None
    resolved: int | None
    on_time: int | None
    open: int | None
    rejected: int | None
    reopened: int | None
    ratings: int | None
    on_time_rate: float | None
    reopen_rate: float | None
    satisfaction: float | None
    median_hours: float | None
    p90_hours: float | None
    suppressed: bool


class Summary(Schema):
    start: str
    end: str
    group: str
    suppressed_below: int
    rows: list[Row]


class Cell(Schema):
    latitude: float
    longitude: float
    reports: int


class Heatmap(Schema):
    start: str
    end: str
    cell_degrees: float
    suppressed_below: int
    cells: list[Cell]


class Error(Schema):
    error: str
    field: str | None = None


def _month(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError) as error:
        raise DomainError(_("Enter a month as YYYY-MM."), field=field) from error


def _filters(query: Period) -> selectors.Filters:
    start, end = selectors.default_period(timezone.localdate())
    start = _month(query.start, "start") or start
    end = _month(query.end, "end") or end
    if start > end:
        raise DomainError(_("The last month comes before the first."), field="end")
    if (end.year - start.year) * 12 + end.month - start.month >= 120:
        raise DomainError(_("Choose at most ten years."), field="start")
    from mahalla.core.categories import Category

    if query.category and query.category not in Category.values:
        raise DomainError(_("Choose a category."), field="category")
    return selectors.Filters(start=start, end=end, district=query.district,
                             category=query.category or "")


@router.get("/summary", response={200: Summary, 400: Error}, url_name="open_data_summary")
def summary(request, query: Query[SummaryQuery]):
    """Received, resolved, on-time rate, median and 90th-percentile time, reopen rate and
    satisfaction by region, district, organization, category or month."""
    if query.group not in GROUPS:
        raise DomainError(_("Choose one of: region, district, organization, category, month."),
                          field="group")
    filters = _filters(query)
    return {"start": f"{filters.start:%Y-%m}", "end": f"{filters.end:%Y-%m}",
            "group": query.group, "suppressed_below": selectors.SUPPRESS_BELOW,
            "rows": public_rows(filters, query.group)}


@router.get("/heatmap", response={200: Heatmap, 400: Error}, url_name="open_data_heatmap")
def heatmap(request, query: Query[Period]):
    """Problem reports per map square; squares with fewer than 5 reports are left out."""
    filters = _filters(query)
    return {"start": f"{filters.start:%Y-%m}", "end": f"{filters.end:%Y-%m}",
            "cell_degrees": HeatCell.CELL_DEGREES,
            "suppressed_below": selectors.SUPPRESS_BELOW,
            "cells": selectors.heat_cells(filters.start, filters.end,
                                          district=filters.district)}
