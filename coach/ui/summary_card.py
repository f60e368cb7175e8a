"""The end of a session: the guided debrief prompts and the summary card (outcome, averages, agitation
curve, flags, the intention revisited, one strength, one thing to work on, and every turn's grade)."""

from __future__ import annotations

from collections.abc import Mapping

from coach.charts import agitation_svg
from coach.flags import flag_label
from coach.models import Band, Debrief, Grade, Outcome, Turn
from coach.summary import KEY_TITLES, SessionSummary
from coach.ui.feedback import chips_html, grade_chips
from coach.ui.markup import bullet_list, esc

OUTCOME_TEXT = {
    Outcome.de_escalated: ("De-escalated", "The patient reached the calm band and stayed there."),
    Outcome.crisis: ("Crisis", "Agitation reached the crisis band (BARS 7)."),
    Outcome.unresolved: ("Unresolved", "The scenario ended before the patient was calm."),
}
SCALES = {"tone": "/5", "no_brevity": "/5", "options": " of 3", "escalation_risk": "/5 (lower is better)"}


def outcome_banner(outcome: Outcome | None) -> str:
    """The outcome as a heading line; an open session says so."""
    if outcome is None:
        title, text, klass = "Still open", "The scenario has not ended.", "open"
    else:
        (title, text), klass = OUTCOME_TEXT[outcome], outcome.value
    return (
        f'<p class="outcome outcome-{esc(klass)}"><strong>{esc(title)}</strong> <span>{esc(text)}</span></p>'
    )


def debrief_prompts(prompts: list[str], outcome: Outcome | None) -> str:
    """The guided debrief: the outcome and the rubric's questions."""
    return (
        '<div class="debrief-intro"><h3>The scenario has ended</h3>'
        + outcome_banner(outcome)
        + "<p>Not finished with it? Undo your last turn, or go back to an earlier line under "
        "<em>Rewind and compare</em>, until you write your debrief.</p>"
        + "<p>Write your debrief in one go. Cover these questions:</p>"
        + f'<ol class="prompts">{"".join(f"<li>{esc(p)}</li>" for p in prompts)}</ol></div>'
    )


def _averages(summary: SessionSummary) -> str:
    rows = []
    for key, value in summary.averages.items():
        shown = "no turn called for it" if value is None else f"{value:g}{SCALES[key]}"
        rows.append(
            f"<li><span>{esc(KEY_TITLES[key].capitalize())}</span> <strong>{esc(shown)}</strong></li>"
        )
    return f'<ul class="averages">{"".join(rows)}</ul>'


def _flags(flags: Mapping[str, int]) -> str:
    if not flags:
        return "<p>No flags: none of the named bad practices came up.</p>"
    return bullet_list(f"{flag_label(name)} × {count}" for name, count in flags.items())


def _debrief(debrief: Debrief | None, feature_titles: Mapping[str, str]) -> str:
    if debrief is None:
        return "<p>No debrief written.</p>"
    grade = debrief.grade
    covered = "".join(
        f'<li class="{"covered" if ok else "missing"}">'
        f'<span class="mark" aria-hidden="true">{"✓" if ok else "○"}</span> '
        f"{esc(feature_titles.get(key, key))}"
        f'<span class="sr-only">{": covered" if ok else ": not covered"}</span></li>'
        for key, ok in grade.covered.items()
    )
    advice = bullet_list(grade.missing_advice)
    return (
        f"<p>Your debrief covered <strong>{sum(grade.covered.values())} of {len(grade.covered)}</strong> "
        "repair and debrief features.</p>"
        f'<ul class="features">{covered}</ul>' + (f"<h4>To add next time</h4>{advice}" if advice else "")
    )


def _turns(graded: list[tuple[Turn, Grade]]) -> str:
    if not graded:
        return ""
    rows = "".join(
        f"<tr><th scope='row'>{number}</th><td class='said'>{esc(turn.text)}</td>"
        f"<td>{chips_html(grade_chips(grade))}"
        f"{bullet_list(flag_label(f) for f in grade.flags)}</td></tr>"
        for number, (turn, grade) in enumerate(graded, start=1)
    )
    return (
        '<details class="turn-grades"><summary>Every turn and its grade</summary>'
        '<table><thead><tr><th scope="col">#</th><th scope="col">You said</th>'
        f'<th scope="col">Grade</th></tr></thead><tbody>{rows}</tbody></table></details>'
    )


def summary_card(
    summary: SessionSummary,
    persona_title: str,
    graded: list[tuple[Turn, Grade]],
    feature_titles: Mapping[str, str],
) -> str:
    """The summary card of a session."""
    peak = Band.for_agitation(summary.peak_agitation).label
    final = Band.for_agitation(summary.final_agitation).label
    intention = (
        f"<blockquote>{esc(summary.intention)}</blockquote>" if summary.intention else ""
    ) + f"<p>{esc(summary.intention_review)}</p>"
    others = ""
    if summary.abandoned_branches:
        n = summary.abandoned_branches
        others = f'<p class="hint">You also tried {n} other branch{"es" if n > 1 else ""}.</p>'
    return (
        '<div class="summary-card">'
        f'<header><h2 class="eyebrow">Summary · {esc(persona_title)}</h2>'
        + outcome_banner(summary.outcome)
        + f'<p class="facts">{summary.staff_turns} turn{"s" if summary.staff_turns != 1 else ""} · '
        f"peak: {esc(peak)} · at the end: {esc(final)}</p>{others}</header>"
        '<div class="summary-grid">'
        f"<section><h3>Averages</h3>{_averages(summary)}</section>"
        f"<section><h3>Agitation</h3>{agitation_svg(summary.agitation, title='Agitation across the session')}"
        "</section></div>"
        '<div class="summary-grid">'
        f'<section class="strength"><h3>A strength</h3><p>{esc(summary.strength)}</p></section>'
        f'<section class="work-on"><h3>One thing to work on</h3><p>{esc(summary.work_on)}</p></section>'
        "</div>"
        f"<section><h3>Your intention</h3>{intention}</section>"
        f"<section><h3>Flags</h3>{_flags(summary.flags)}</section>"
        f"<section><h3>Debrief</h3>{_debrief(summary.debrief, feature_titles)}</section>"
        + _turns(graded)
        + "</div>"
    )
