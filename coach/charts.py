"""The agitation chart: agitation across turns as an inline SVG over the BARS bands (Band.floor).

One drawing for every place that shows it: the trainee's app and summary card, the branch table
(compact), the session report and its PDF (coach.trainer.exports), and the eval report (one line per run). For
trainees the y axis is drawn as bands, not numbers: they read the patient's state as a nurse would, by
band and cues; the eval report, for developers, shows the numbers. Every chart carries a text
alternative, and every text that reaches the markup is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from coach.models import Band

BAND_FILLS = {
    Band.calm: "#e3f1ec",
    Band.agitated: "#f7f0dc",
    Band.highly_agitated: "#f8e6d8",
    Band.crisis: "#f5dcdc",
}
SHORT_BAND_NAMES = {
    Band.calm: "Calm",
    Band.agitated: "Agitated",
    Band.highly_agitated: "Highly agitated",
    Band.crisis: "Crisis",
}
LINE_COLOURS = ("#1d4f5e", "#b4462c", "#4b8b3b", "#7a4ea3", "#a8741f")
MAX_TURN_LABELS = 10


def describe(values: Sequence[float]) -> str:
    """A text alternative: the band at each patient turn."""
    if not values:
        return "No patient turns yet."
    bands = [SHORT_BAND_NAMES[Band.for_agitation(v)] for v in values]
    return f"Agitation across {len(values)} patient turns: " + ", ".join(bands) + "."


def agitation_svg(values: Sequence[float], *, title: str = "Agitation", compact: bool = False) -> str:
    """A trainee's chart of one agitation line, bands on the y axis and the bands at each turn as its text
    alternative. `compact` draws a sparkline without labels (for the branch table)."""
    return _chart([list(values)], title=title, label=describe(values), compact=compact, numbers=False)


def agitation_runs_svg(runs: Sequence[Sequence[float]], label: str) -> str:
    """A developer's chart of several runs' agitation, one line each: numbers on the y axis and a tooltip
    with the number at every point (the eval report)."""
    return _chart([list(r) for r in runs], title=label, label=label, compact=False, numbers=True)


def _chart(series: list[list[float]], *, title: str, label: str, compact: bool, numbers: bool) -> str:
    longest = max((len(s) for s in series), default=0)
    if compact:
        width, height, (left, right, top, bottom) = 120, 34, (2, 2, 2, 2)
    elif numbers:
        width, height, (left, right, top, bottom) = 360, 170, (34, 10, 10, 24)
    else:
        width, height, (left, right, top, bottom) = 340, 150, (92, 10, 8, 22)
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(agitation: float) -> float:
        return top + (100 - agitation) / 100 * plot_h

    def x(index: int) -> float:
        if longest < 2:
            return left + plot_w / 2
        return left + index / (longest - 1) * plot_w

    size = f' width="{width}" height="{height}"' if numbers else ""
    parts = [
        f'<svg class="agitation-chart{" compact" if compact else ""}" viewBox="0 0 {width} {height}"{size} '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
    ]
    for band in Band:
        low, high = band.floor, band.ceiling
        tip = f"<title>{escape(band.label)} ({low:g}-{high:g})</title>" if numbers else ""
        parts.append(
            f'<rect x="{left}" y="{y(high):.1f}" width="{plot_w}" height="{y(low) - y(high):.1f}" '
            f'fill="{BAND_FILLS[band]}">{tip}</rect>'
        )
        if not compact and not numbers:
            parts.append(
                f'<text x="{left - 6}" y="{(y(low) + y(high)) / 2 + 4:.1f}" text-anchor="end" '
                f'font-size="11" fill="currentColor">{escape(SHORT_BAND_NAMES[band])}</text>'
            )
    if numbers:
        for tick in [*(band.floor for band in Band), 100.0]:
            parts.append(
                f'<text x="{left - 4}" y="{y(tick) + 3:.1f}" font-size="9" text-anchor="end" '
                f'fill="currentColor">{tick:g}</text>'
            )
    for index, values in enumerate(series):
        parts += _line(
            values, LINE_COLOURS[index % len(LINE_COLOURS)], x, y, compact=compact, numbers=numbers
        )
    if not compact and longest:
        step = max(1, math.ceil(longest / MAX_TURN_LABELS))
        for i in range(0, longest, step):
            turn = str(i) if numbers or i else "start"
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 6}" text-anchor="middle" font-size="10" '
                f'fill="currentColor">{turn}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _line(
    values: list[float],
    colour: str,
    x: Callable[[int], float],
    y: Callable[[float], float],
    *,
    compact: bool,
    numbers: bool,
) -> list[str]:
    """One agitation line with its points: the last point of a trainee's chart drawn larger."""
    if not values:
        return []
    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    out = [
        f'<polyline class="path" points="{points}" fill="none" stroke="{colour}" '
        f'stroke-width="{1.6 if compact else 2.2}" stroke-linejoin="round" stroke-linecap="round"/>'
    ]
    if compact:
        return out
    for i, v in enumerate(values):
        radius = 4.5 if i == len(values) - 1 and not numbers else 3
        band = Band.for_agitation(v)
        tip = f"<title>{escape(f'turn {i}: agitation {v:.0f} ({band.label})')}</title>" if numbers else ""
        out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{radius}" fill="{colour}">{tip}</circle>')
    return out
