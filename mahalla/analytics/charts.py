"""Server-rendered SVG charts: geometry computed here, drawn by templates/analytics/_chart.html.

Works without JavaScript and needs no library; each chart also has its numbers as a table.
"""

import math
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 220
PAD_LEFT = 44
PAD_BOTTOM = 28
PAD_TOP = 10


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float
    label: str
    series: int


def _tick_step(value: float) -> float:
    """A round step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ, a whole number: the bars are
    counts) so that four steps reach `value`: every tick label is a whole, round number."""
    raw = max(value, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for multiple in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        step = multiple * magnitude
        if raw <= step and step == int(step):
            return int(step)
    return 10 * magnitude


def grouped_bars(labels: list[str], series: list[list[float]]) -> dict:
    """Bars for each label, one per series, with a y axis of five ticks."""
    top = 4 * _tick_step(max((v for s in series for v in s), default=0))
    plot_w = WIDTH - PAD_LEFT - 8
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = plot_w / max(len(labels), 1)
    bar_w = max(slot * 0.8 / max(len(series), 1), 1)
    bars = []
    for i, label in enumerate(labels):
        for s, values in enumerate(series):
            value = values[i]
            h = plot_h * value / top
            bars.append(Bar(x=round(PAD_LEFT + i * slot + slot * 0.1 + s * bar_w, 1),
                            y=round(PAD_TOP + plot_h - h, 1), width=round(bar_w, 1),
                            height=round(h, 1), value=value, label=label, series=s))
    every = max(1, len(labels) // 12)
    ticks_x = [{"x": round(PAD_LEFT + i * slot + slot / 2, 1), "label": label}
               for i, label in enumerate(labels) if i % every == 0]
    ticks_y = [{"y": round(PAD_TOP + plot_h - plot_h * k / 4, 1), "value": top * k / 4}
               for k in range(5)]
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "ticks_x": ticks_x,
            "ticks_y": ticks_y, "axis_x": PAD_LEFT, "axis_y": PAD_TOP + plot_h,
            "label_y": HEIGHT - 8, "right": WIDTH - 8}
