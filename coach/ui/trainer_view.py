"""HTML for the trainer tab beyond the session report: the cohort view with a small chart per key, and
machine-trainer agreement by period. Every name and label is escaped (coach.ui.markup.esc)."""

from __future__ import annotations

from coach.models import SCORE_KEYS
from coach.summary import KEY_TITLES
from coach.trainer.cohort import CohortReport, KeyTrend, TraineeProgress
from coach.trainer.trainer_labels import PeriodAgreement
from coach.ui.markup import esc

SCALES = {"tone": (1, 5), "no_brevity": (1, 5), "options": (0, 3), "escalation_risk": (1, 5)}
ARROWS = {
    "improving": "▲ improving",
    "worsening": "▼ worsening",
    "steady": "● steady",
    "too few sessions": "–",
}
TRAINER_CSS = """
.cohort table,.agreement table{border-collapse:collapse;margin:.4rem 0 1rem}
.cohort th,.cohort td,.agreement th,.agreement td{border-bottom:1px solid #d5dadf;padding:.25rem .6rem;
text-align:left}
.cohort .improving{color:#1f6b45}.cohort .worsening{color:#a33b20}.cohort h3{margin-top:1.4rem}
.cohort svg.spark{width:140px;height:34px}
.trainer-notice{padding:.45rem .7rem;border-radius:6px;background:#eef3f6;color:#1f2a30}
.trainer-notice.error{background:#fbeaea;border:1px solid #c9463d;color:#7a1f19;font-weight:600}
.trainer-notice.info{background:#fff4ec;border:1px solid #b5541c;font-weight:600}
"""


def sparkline(values: list[float], low: float, high: float, label: str) -> str:
    """A tiny line of session averages on the key's own scale (higher drawn higher)."""
    width, height, pad = 140, 34, 3

    def x(i: int) -> float:
        return pad + (i / (len(values) - 1) if len(values) > 1 else 0.5) * (width - 2 * pad)

    def y(v: float) -> float:
        return pad + (high - v) / (high - low) * (height - 2 * pad)

    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    dots = "".join(
        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2" fill="#1d4f5e"/>' for i, v in enumerate(values)
    )
    return (
        f'<svg class="spark" viewBox="0 0 {width} {height}" role="img" aria-label="{esc(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><rect width="{width}" height="{height}" fill="#f4f6f8"/>'
        f'<polyline points="{points}" fill="none" stroke="#1d4f5e" stroke-width="1.6"/>{dots}</svg>'
    )


def _trend_row(progress: TraineeProgress, trend: KeyTrend) -> str:
    values = [value for p in progress.sessions if (value := p.averages[trend.key]) is not None]
    low, high = SCALES[trend.key]
    title = KEY_TITLES[trend.key] + (" (lower is better)" if trend.key == "escalation_risk" else "")
    chart = ""
    if values:
        described = ", ".join(f"{v:g}" for v in values)
        chart = sparkline(values, low, high, f"{title} by session: {described}")
    average = "-" if trend.average is None else f"{trend.average:g}"
    return (
        f"<tr><td>{esc(title)}</td><td>{average}</td><td>{chart}</td>"
        f'<td class="{esc(trend.direction)}">{esc(ARROWS[trend.direction])}</td></tr>'
    )


def _trainee(progress: TraineeProgress) -> str:
    rows = "".join(_trend_row(progress, t) for t in progress.trends)
    flags = (
        ", ".join(f"{esc(flag)} (in {n} sessions)" for flag, n in progress.recurring_flags.items()) or "none"
    )
    outcomes = "".join(
        f"<tr><td>{esc(persona)}</td><td>{esc(', '.join(f'{o} {n}' for o, n in counts.items()))}</td></tr>"
        for persona, counts in progress.outcomes_by_persona.items()
    )
    first, last = progress.sessions[0].started_at, progress.sessions[-1].started_at
    return (
        f'<section class="trainee"><h3>{esc(progress.trainee)}</h3>'
        f"<p>{len(progress.sessions)} sessions, {first:%Y-%m-%d} to {last:%Y-%m-%d}.</p>"
        "<table><tr><th>Key</th><th>Average</th><th>By session</th><th>Trend</th></tr>"
        f"{rows}</table><p><b>Recurring flags:</b> {flags}</p>"
        f"<table><tr><th>Persona</th><th>Outcomes</th></tr>{outcomes}</table></section>"
    )


def cohort_html(report: CohortReport) -> str:
    """Per trainee: sessions, per-key averages with a chart and trend, recurring flags, outcomes."""
    if not report.trainees:
        return '<div class="cohort"><p>No sessions match: nothing to show yet.</p></div>'
    return '<div class="cohort">' + "".join(_trainee(p) for p in report.trainees) + "</div>"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def agreement_html(periods: list[PeriodAgreement]) -> str:
    """Exact agreement per key and period between the machine grade and trainers' labels."""
    if not periods:
        note = "No reviewed turns yet: confirm or override grades to measure agreement."
        return f'<div class="agreement"><p>{note}</p></div>'
    head = "".join(f"<th>{esc(KEY_TITLES[k])}</th>" for k in SCORE_KEYS)
    rows = "".join(
        f"<tr><td>{p.start:%Y-%m-%d}</td><td>{p.agreement.n}</td>"
        + "".join(f"<td>{_share(getattr(p.agreement, k).exact)}</td>" for k in SCORE_KEYS)
        + f"<td>{_share(p.agreement.refusal.exact)}</td></tr>"
        for p in periods
    )
    return (
        '<div class="agreement"><table><tr><th>From</th><th>Reviewed turns</th>'
        f"{head}<th>refusal</th></tr>{rows}</table>"
        "<p>Share of reviewed turns where the machine grade equals the trainer's label.</p></div>"
    )
