"""Statistics pages: the officials' dashboard with drill-down and exports, the public
transparency page with its exports. Thin: the figures come from mahalla.analytics.selectors.
"""

from datetime import datetime, time
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mahalla.analytics import charts, exports, labels, selectors
from mahalla.analytics.forms import StatisticsFilterForm
from mahalla.analytics.rollups import TASHKENT, next_month
from mahalla.appeals.models import Appeal
from mahalla.appeals.permissions import visible_appeals
from mahalla.appeals.views.common import map_settings, staff_required
from mahalla.core.models import Role

GROUP_LABELS = {"region": gettext_lazy("By region"), "district": gettext_lazy("By district"),
                "mahalla": gettext_lazy("By mahalla"),
                "organization": gettext_lazy("By organization"),
                "category": gettext_lazy("By category"), "month": gettext_lazy("By month")}
MEASURES = ("received", "resolved", "open", "reopened", "late")
CHILD_LEVEL = {None: "region", "region": "district", "district": "mahalla",
               "mahalla": "category"}


def _today():
    return timezone.localdate()


def _level(user, filters: selectors.Filters) -> str | None:
    """The most specific territory the viewer looks at: a filter, or their own scope."""
    for name in ("mahalla", "district", "region"):
        if getattr(filters, name):
            return name
    if user is not None and user.mahalla_id and user.role not in {
            Role.DISTRICT_OFFICIAL, Role.REGION_OFFICIAL}:
        return "mahalla"
    if user is not None and user.role == Role.DISTRICT_OFFICIAL:
        return "district"
    if user is not None and user.role == Role.REGION_OFFICIAL:
        return "region"
    return None


def _query(filters: selectors.Filters, **extra) -> str:
    params = {"start": f"{filters.start:%Y-%m}", "end": f"{filters.end:%Y-%m}"}
    for name in ("region", "district", "mahalla", "organization"):
        if getattr(filters, name):
            params[name] = getattr(filters, name)
    if filters.category:
        params["category"] = filters.category
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(params)


def _rows(figures: list[selectors.Figures], group: str, filters, *, drill: bool) -> list:
    known = labels.names(group, [f.key for f in figures])
    # One reverse() and one encoded query for the table; each link adds its own two values.
    base = reverse("analytics:drilldown") + "?" + _query(filters)
    rows = []
    for figure in figures:
        if group == "organization" and figure.key is None:
            name = _("Mahalla (own queue)")
        elif group == "mahalla" and figure.key is None:
            name = _("District queue")
        else:
            name = labels.label(group, figure.key, known)
        row = {"figure": figure, "name": name, "key": figure.key}
        if drill and group != "month" and figure.key is not None:
            prefix = f"{base}&{urlencode({group: figure.key})}&measure="
            row["links"] = {m: prefix + m for m in MEASURES}
        rows.append(row)
    return rows


def _trend_chart(trend: list[selectors.Figures]) -> dict:
    names = labels.names("month", [f.key for f in trend])
    return charts.grouped_bars([names.get(f.key, "") for f in trend],
                               [[f.received for f in trend], [f.resolved for f in trend]])


@staff_required
def dashboard(request):
    user = request.user
    today = _today()
    form = StatisticsFilterForm(request.GET or None, user=user, today=today)
    filters = form.filters()
    qs = selectors.monthly(user, filters)
    level = _level(user, filters)
    child = CHILD_LEVEL[level]
    total = selectors.total(qs)
    trend = selectors.breakdown(qs, "month")
    organizations = _rows(selectors.breakdown(qs, "organization"), "organization", filters,
                          drill=True)
    organizations.sort(key=lambda r: (-(r["figure"].on_time_rate or 0),
                                      -r["figure"].received))
    context = {
        "form": form, "filters": filters, "total": total, "child": child,
        "places": _rows(selectors.breakdown(qs, child), child, filters, drill=True),
        "organizations": organizations,
        "categories": _rows(selectors.breakdown(qs, "category"), "category", filters,
                            drill=True) if child != "category" else [],
        "trend": _rows(trend, "month", filters, drill=False),
        "chart": _trend_chart(trend),
        "backlog": [{**b, "link": reverse("analytics:drilldown") + "?" + _query(
            filters, measure="open", age_min=b["low"], age_max=b["high"])}
            for b in selectors.backlog_by_age(user, filters, today)],
        "executors": selectors.executors(user, filters),
        "total_links": {m: reverse("analytics:drilldown") + "?" + _query(filters, measure=m)
                        for m in MEASURES},
        "query": _query(filters),
        "groups": [(g, GROUP_LABELS[g]) for g in selectors.GROUPS],
    }
    return render(request, "analytics/dashboard.html", context)


def _drilldown_queryset(user, filters: selectors.Filters, measure: str, ages):
    start, end = filters.day_range()
    qs = visible_appeals(user).filter(
        created_at__gte=datetime.combine(start, time.min, tzinfo=TASHKENT),
        created_at__lt=datetime.combine(end, time.min, tzinfo=TASHKENT))
    for name in ("region", "district", "mahalla", "organization"):
        if getattr(filters, name):
            qs = qs.filter(**{f"{name}_id": getattr(filters, name)})
    if filters.category:
        qs = qs.filter(category=filters.category)
    resolved = {"status__in": (Appeal.Status.ANSWERED, Appeal.Status.CLOSED),
                "answered_at__isnull": False}
    if measure == "resolved":
        qs = qs.filter(**resolved)
    elif measure == "open":
        qs = qs.filter(status__in=Appeal.OPEN_STATUSES)
    elif measure == "reopened":
        qs = qs.filter(reopen_count__gt=0)
    elif measure == "late":
        from django.db.models import F

        qs = qs.filter(**resolved, answered_at__gt=F("due_at"))
    low, high = ages
    now = timezone.now()
    if low is not None:
        qs = qs.filter(created_at__lte=now - timezone.timedelta(days=low))
    if high is not None:
        qs = qs.filter(created_at__gt=now - timezone.timedelta(days=high + 1))
    return qs


def _int_or_none(value: str | None):
    try:
        return max(0, int(value)) if value not in (None, "") else None
    except ValueError:
        return None


@staff_required
def drilldown(request):
    """The appeals behind a figure, within the viewer's scope."""
    user = request.user
    form = StatisticsFilterForm(request.GET or None, user=user, today=_today())
    filters = form.filters()
    measure = request.GET.get("measure", "received")
    if measure not in MEASURES:
        measure = "received"
    ages = (_int_or_none(request.GET.get("age_min")), _int_or_none(request.GET.get("age_max")))
    qs = (_drilldown_queryset(user, filters, measure, ages)
          .select_related("mahalla", "district", "region", "organization")
          .order_by("-created_at", "-id"))
    page = Paginator(qs, 50, allow_empty_first_page=True).get_page(request.GET.get("page"))
    return render(request, "analytics/drilldown.html", {
        "form": form, "filters": filters, "measure": measure, "page": page,
        "query": _query(filters, measure=measure, age_min=ages[0], age_max=ages[1]),
        "back": reverse("analytics:dashboard") + "?" + _query(filters),
    })


def _group(request) -> str:
    group = request.GET.get("group", "district")
    return group if group in selectors.GROUPS else "district"


@staff_required
def export(request, fmt: str):
    """The officials' table (their scope, no suppression) by the chosen group."""
    if fmt not in exports.FORMATS:
        raise Http404
    form = StatisticsFilterForm(request.GET or None, user=request.user, today=_today())
    filters = form.filters()
    group = _group(request)
    figures = selectors.breakdown(selectors.monthly(request.user, filters), group)
    known = labels.names(group, [f.key for f in figures])
    rows = [{"key": str(f.key) if f.key is not None else "",
             "name": labels.label(group, f.key, known), **f.as_row()} for f in figures]
    return exports.render(rows, fmt, filename=f"statistics-{group}", meta=_meta(filters, group))


def _meta(filters, group: str, public: bool = False) -> dict:
    meta = {"start": f"{filters.start:%Y-%m}", "end": f"{filters.end:%Y-%m}", "group": group,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "cohort": "appeals received in the period, and what became of them"}
    if public:
        meta["suppressed_below"] = selectors.SUPPRESS_BELOW
    return meta


def public_rows(filters: selectors.Filters, group: str,
                figures: list[selectors.Figures] | None = None) -> list[dict]:
    """The public table: every territory, small cells suppressed, names only of places and
    bodies (never of people)."""
    if group not in selectors.GROUPS:
        group = "district"
    if figures is None:
        figures = selectors.breakdown(selectors.monthly(None, filters), group)
    known = labels.names(group, [f.key for f in figures])
    return [{"key": str(f.key) if f.key is not None else "",
             "name": labels.label(group, f.key, known), **f.public_row()} for f in figures]


def public_export(request, fmt: str):
    if fmt not in exports.FORMATS:
        raise Http404
    form = StatisticsFilterForm(request.GET or None, today=_today(), public=True)
    filters = form.filters()
    group = _group(request)
    if group == "mahalla":
        group = "district"
    response = exports.render(public_rows(filters, group), fmt,
                              filename=f"open-data-{group}", meta=_meta(filters, group, True))
    response["Cache-Control"] = "public, max-age=300"
    return response


def transparency(request):
    """The public page: counts, on-time rates and satisfaction by district and body, the
    heat map of problem reports, the trend. No personal data, small cells suppressed."""
    today = _today()
    form = StatisticsFilterForm(request.GET or None, today=today, public=True)
    filters = form.filters()
    qs = selectors.monthly(None, filters)
    total = selectors.total(qs)
    trend = selectors.breakdown(qs, "month")
    cells = selectors.heat_cells(filters.start, filters.end, district=filters.district)
    organizations = public_rows(filters, "organization")
    for row in organizations:
        if not row["key"]:
            row["name"] = _("Mahallas (own queue)")
    response = render(request, "analytics/public.html", {
        "form": form, "filters": filters, "total": total.public_row(),
        "districts": public_rows(filters, "district"),
        "organizations": organizations,
        "categories": public_rows(filters, "category"),
        "trend": public_rows(filters, "month", trend),
        "chart": _trend_chart(trend),
        "cells": cells[:200], "cells_total": len(cells),
        "heat_url": reverse("api-v1:open_data_heatmap") + "?" + _query(filters),
        "query": _query(filters),
        "next_month": next_month,
        **map_settings(),
    })
    response["Cache-Control"] = "public, max-age=300"
    return response
