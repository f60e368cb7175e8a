"""The report's pictures as self-contained markup: agitation paths as inline SVG over the BARS bands,
and confusion matrices as shaded HTML tables. Every text that reaches the markup is escaped."""

from __future__ import annotations

from html import escape

from coach.evaluation.results import KeyResult, Transcript
from coach.models import Band

WIDTH, HEIGHT = 360, 170
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 10, 24
BAND_SPANS = [  # (band, from, to, fill): the agitation bands of docs/architecture.md
    (Band.calm, 0, 25, "#e3f4e6"),
    (Band.agitated, 25, 55, "#fdf6d8"),
    (Band.highly_agitated, 55, 80, "#fde5cf"),
    (Band.crisis, 80, 100, "#f9d6d5"),
]
LINE_COLOURS = ("#1f5fa8", "#b4462c", "#4b8b3b", "#7a4ea3", "#a8741f")


def _y(agitation: float) -> float:
    return TOP + (100 - agitation) / 100 * (HEIGHT - TOP - BOTTOM)


def _x(turn: int, turns: int) -> float:
    return LEFT + turn / max(turns, 1) * (WIDTH - LEFT - RIGHT)


def agitation_chart(runs: list[Transcript], label: str) -> str:
    """An SVG line chart of agitation per turn, one line per run, over the shaded bands."""
    turns = max((len(r.steps) for r in runs), default=0)
    parts = [
        f'<svg class="agitation-chart" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title>",
    ]
    for band, low, high, fill in BAND_SPANS:
        y = _y(high)
        parts.append(
            f'<rect x="{LEFT}" y="{y:.1f}" width="{WIDTH - LEFT - RIGHT}" height="{_y(low) - y:.1f}" '
            f'fill="{fill}"><title>{escape(band.label)} ({low}-{high})</title></rect>'
        )
    for tick in (0, 25, 55, 80, 100):
        parts.append(
            f'<text x="{LEFT - 4}" y="{_y(tick) + 3:.1f}" font-size="9" text-anchor="end">{tick}</text>'
        )
    for turn in range(turns + 1):
        x = _x(turn, turns)
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="9" text-anchor="middle">{turn}</text>')
    for index, run in enumerate(runs):
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        points = [(_x(i, turns), _y(a)) for i, a in enumerate(run.path())]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline class="path" points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        for i, ((x, y), band) in enumerate(zip(points, run.bands(), strict=True)):
            tip = escape(f"turn {i}: agitation {run.path()[i]:.0f} ({band.label})")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{tip}</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)


def confusion_table(key: KeyResult) -> str:
    """The confusion matrix of one key: rows the expert label, columns the grade, cells shaded by count."""
    biggest = max((c for row in key.confusion for c in row), default=0) or 1
    head = "".join(f"<th scope='col'>{escape(str(c))}</th>" for c in key.labels)
    rows = []
    for label, row in zip(key.labels, key.confusion, strict=True):
        cells = []
        for graded, count in zip(key.labels, row, strict=True):
            hue = 130 if graded == label else 5
            alpha = 0.08 + 0.72 * count / biggest if count else 0
            style = f"background: hsla({hue}, 60%, 45%, {alpha:.2f})"
            cells.append(f"<td style='{style}'>{count}</td>")
        rows.append(f"<tr><th scope='row'>{escape(str(label))}</th>{''.join(cells)}</tr>")
    caption = f"{key.key}: rows are the expert's label, columns the grade (n={key.n})"
    return (
        f"<table class='confusion' data-key='{escape(key.key)}'><caption>{escape(caption)}</caption>"
        f"<tr><th>label \\ grade</th>{head}</tr>{''.join(rows)}</table>"
    )
