"""The agitation chart: an inline SVG of agitation across the patient's turns over the four BARS bands.

The y axis is drawn as bands, not numbers: trainees read the patient's state as a nurse would, by band
and cues. The SVG carries a text alternative naming the band at each turn.
"""

from __future__ import annotations

import math

from coach.models import Band
from coach.ui.markup import esc

BAND_SPANS: tuple[tuple[Band, float, float], ...] = (
    (Band.calm, 0.0, 25.0),
    (Band.agitated, 25.0, 55.0),
    (Band.highly_agitated, 55.0, 80.0),
    (Band.crisis, 80.0, 100.0),
)
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
LINE = "#1d4f5e"
MAX_TURN_LABELS = 10


def describe(values: list[float]) -> str:
    """A text alternative: the band at each patient turn."""
    if not values:
        return "No patient turns yet."
    bands = [SHORT_BAND_NAMES[Band.for_agitation(v)] for v in values]
    return f"Agitation across {len(values)} patient turns: " + ", ".join(bands) + "."


def agitation_svg(values: list[float], *, compact: bool = False, title: str = "Agitation") -> str:
    """The chart as an SVG string. `compact` draws a sparkline without labels (for the branch table)."""
    width, height = (120, 34) if compact else (340, 150)
    left, right, top, bottom = (2, 2, 2, 2) if compact else (92, 10, 8, 22)
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(agitation: float) -> float:
        return top + (100 - agitation) / 100 * plot_h

    def x(index: int) -> float:
        if len(values) < 2:
            return left + plot_w / 2
        return left + index / (len(values) - 1) * plot_w

    parts = [
        f'<svg class="agitation-chart{" compact" if compact else ""}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{esc(describe(values))}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
    ]
    for band, low, high in BAND_SPANS:
        parts.append(
            f'<rect x="{left}" y="{y(high):.1f}" width="{plot_w}" height="{y(low) - y(high):.1f}" '
            f'fill="{BAND_FILLS[band]}"/>'
        )
        if not compact:
            parts.append(
                f'<text x="{left - 6}" y="{(y(low) + y(high)) / 2 + 4:.1f}" text-anchor="end" '
                f'font-size="11" fill="currentColor">{esc(SHORT_BAND_NAMES[band])}</text>'
            )
    if values:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        stroke = 1.6 if compact else 2.2
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="{stroke}" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        if not compact:
            for i, v in enumerate(values):
                radius = 4.5 if i == len(values) - 1 else 3
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{radius}" fill="{LINE}"/>')
            step = max(1, math.ceil(len(values) / MAX_TURN_LABELS))
            for i in range(0, len(values), step):
                label = "start" if i == 0 else str(i)
                parts.append(
                    f'<text x="{x(i):.1f}" y="{height - 6}" text-anchor="middle" font-size="10" '
                    f'fill="currentColor">{label}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)
