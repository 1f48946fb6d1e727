"""Horizontal bar charts as inline SVG, drawn on the server: no JavaScript, no outside assets.

Each chart is an image with a title and a description read by screen readers; the page shows
the same numbers in a table beside it. Colours come from the stylesheet (classes), since the
CSP forbids inline styles.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 220
BAR_WIDTH = 300
COUNT_WIDTH = 80


def _shorten(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(*, title: str, bars: list[dict], chart_id: str) -> SafeString:
    """An SVG of `bars` ([{"label", "count"}]) with percentages of the total."""
    total = sum(b["count"] for b in bars)
    peak = max((b["count"] for b in bars), default=0) or 1
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH
    summary = "; ".join(
        _("%(label)s: %(count)d (%(percent)d%%)") % {
            "label": b["label"], "count": b["count"],
            "percent": round(b["count"] * 100 / total) if total else 0}
        for b in bars)
    parts = [format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        width, height, chart_id, chart_id, chart_id, title, chart_id, summary)]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(bar["count"] * BAR_WIDTH / peak)
        percent = round(bar["count"] * 100 / total) if total else 0
        parts.append(format_html(
            '<g aria-hidden="true">'
            '<text class="chart-label" x="0" y="{}">{}</text>'
            '<rect class="chart-track" x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
            '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
            '<text class="chart-count" x="{}" y="{}">{} · {}%</text></g>',
            y + BAR_HEIGHT * 0.68, _shorten(str(bar["label"])),
            LABEL_WIDTH, y, BAR_WIDTH, BAR_HEIGHT,
            LABEL_WIDTH, y, length, BAR_HEIGHT,
            LABEL_WIDTH + BAR_WIDTH + 8, y + BAR_HEIGHT * 0.68, bar["count"], percent))
    parts.append(mark_safe("</svg>"))  # noqa: S308 (a constant)
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (parts are escaped above)

