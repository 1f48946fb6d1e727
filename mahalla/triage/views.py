"""The insights page for officials: the top problems with their trend, clusters of similar
appeals and the 4-week forecast, over the appeals the person may see (through `core.scope`).

The view parses the filters, calls `insights_for` and `forecast_for`, and shapes their rows
for the template (labels, drill-down links, bar heights); the services hold the rules.
"""

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mahalla.appeals.forms import mahalla_choices
from mahalla.appeals.permissions import visible_appeals
from mahalla.appeals.selectors import queue_mahallas
from mahalla.appeals.views.common import staff_required
from mahalla.core.categories import Category
from mahalla.core.models import District
from mahalla.triage.forecast import forecast_for
from mahalla.triage.insights import insights_for

PERIODS = [("week", _("Last 7 days")), ("month", _("Last 30 days"))]
# The word is what people read; the arrow repeats it for the eye (not colour alone).
TRENDS = {"rising": (_("Rising"), "↑"), "falling": (_("Falling"), "↓"),
          "steady": (_("Steady"), "→")}
METHODS = {"seasonal": _("Seasonal: the same weeks last year"),
           "smoothing": _("Recent level (exponential smoothing)")}
MEMBER_LINKS = 12  # appeal numbers listed under a cluster; the rest are counted
MAX_FORECAST_ROWS = 60  # the series with the most appeals expected, when there are more
BAR_WIDTH, BAR_GAP, BAR_HEIGHT = 10, 4, 24


class InsightsFilterForm(forms.Form):
    """Territory and period; the choices hold only what the person may see."""

    district = forms.ChoiceField(label=_("District"), required=False)
    mahalla = forms.ChoiceField(label=_("Mahalla"), required=False)
    period = forms.ChoiceField(label=_("Period"), required=False, choices=PERIODS)

    def __init__(self, *args, districts=(), mahallas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts")),
                                           *[(d.soato, d.name) for d in districts]]
        self.fields["mahalla"].choices = mahalla_choices(mahallas, _("All mahallas"))


def _districts(user):
    """Districts that appear among the appeals `user` may see, for the filter."""
    return District.objects.filter(pk__in=visible_appeals(user).values("district"))


def _label(category: str) -> str:
    return dict(Category.choices).get(category, category)


def _problems(rows: list[dict], mahalla) -> list[dict]:
    """Each category with its trend in words and a link to its open appeals in the queue."""
    queue = reverse("appeals:queue")
    out = []
    for row in rows:
        params = {"category": row["category"]}
        if mahalla is not None:
            params["mahalla"] = mahalla.code
        params["status"] = "open"
        word, arrow = TRENDS[row["trend"]]
        out.append({**row, "label": _label(row["category"]), "trend_word": word,
                    "arrow": arrow, "queue_url": f"{queue}?{urlencode(params)}"})
    return out


def _clusters(clusters: list[dict]) -> list[dict]:
    return [{**c, "label": _label(c.get("category", "")), "shown": c["numbers"][:MEMBER_LINKS],
             "more": max(len(c["numbers"]) - MEMBER_LINKS, 0)} for c in clusters]


def bars(values: list[float]) -> list[dict]:
    """Whole-pixel bars of a small SVG chart, scaled to the largest value of the row."""
    top = max(values, default=0) or 1
    out = []
    for i, value in enumerate(values):
        height = max(round(value / top * BAR_HEIGHT), 1 if value > 0 else 0)
        out.append({"x": i * (BAR_WIDTH + BAR_GAP), "y": BAR_HEIGHT - height,
                    "height": height})
    return out


def _forecast(rows: list[dict]) -> dict:
    """Rows grouped by district (one <tbody> each), the busiest series first."""
    hidden = max(len(rows) - MAX_FORECAST_ROWS, 0)
    if hidden:
        rows = sorted(rows, key=lambda r: -sum(r["forecast"]))[:MAX_FORECAST_ROWS]
    names = District.objects.in_bulk({r["district_id"] for r in rows if r["district_id"]})
    groups: dict = {}
    for row in rows:
        district = names.get(row["district_id"])
        groups.setdefault(district, []).append({
            "label": _label(row["category"]), "values": row["forecast"],
            "bars": bars(row["forecast"]), "mae": row["backtest"]["mae"],
            "mape": row["backtest"]["mape"], "method": METHODS.get(row["model"], "")})
    ordered = sorted(groups.items(), key=lambda kv: kv[0].name if kv[0] else "")
    for __, series in ordered:
        series.sort(key=lambda r: (-sum(r["values"]), r["label"]))
    weeks = [date.fromisoformat(w) for w in rows[0]["weeks"]] if rows else []
    return {"weeks": weeks, "hidden": hidden,
            "groups": [{"district": d, "rows": series} for d, series in ordered],
            "chart_width": len(weeks) * (BAR_WIDTH + BAR_GAP) - BAR_GAP,
            "chart_height": BAR_HEIGHT, "bar_width": BAR_WIDTH}


@staff_required
def insights_page(request):
    """Top problems, clusters and forecast; a bad filter value is shown and then ignored."""
    user = request.user
    districts, mahallas = list(_districts(user)), list(queue_mahallas(user))
    form = InsightsFilterForm(request.GET, districts=districts, mahallas=mahallas)
    form.is_valid()
    data = form.cleaned_data
    district = next((d for d in districts if d.soato == data.get("district")), None)
    mahalla = next((m for m in mahallas if m.code == data.get("mahalla")), None)
    period = data.get("period") or "week"
    found = insights_for(user, mahalla_id=mahalla.pk if mahalla else None,
                         district_id=district.pk if district else None)
    # The forecast is per district: a chosen mahalla narrows it to the mahalla's district.
    forecast_district = district.pk if district else (mahalla.district_id if mahalla else None)
    rows = forecast_for(user, district_id=forecast_district)
    return render(request, "triage/insights.html", {
        "form": form, "period": period, "district": district, "mahalla": mahalla,
        "problems": _problems(found[period], mahalla), "clusters": _clusters(found["clusters"]),
        "forecast": _forecast(rows), "now": timezone.now()})
