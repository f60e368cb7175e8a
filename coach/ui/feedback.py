"""Live feedback: a staff turn's grade as readable chips with its evidence, flags and a better line, and
the agitation indicator (band and observable cues, never the number)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coach.charts import SHORT_BAND_NAMES
from coach.flags import declared_flags, flag_advice, flag_label
from coach.models import Band, Evidence, Grade, PatientState
from coach.summary import KEY_TITLES
from coach.turn_pushes import RISK_WORDS, TONE_WORDS
from coach.ui.markup import bullet_list, esc

Quality = Literal["good", "fair", "poor", "none"]

# Short forms of the rubric's no_brevity anchors (rubrics/staff-turn.yaml), for a chip.
BREVITY_WORDS = {
    5: "brief and calm, with a reason",
    4: "clear and calm, could be shorter",
    3: "clear but wordy",
    2: "curt, hedged or evasive",
    1: "defensive or lecturing",
}
BAND_ORDER = (Band.calm, Band.agitated, Band.highly_agitated, Band.crisis)
TREND_POINTS = 2.0  # smaller moves read as "about the same": a nurse would not see them


@dataclass(frozen=True)
class Chip:
    """One rubric key of a grade, as shown to the trainee."""

    label: str
    value: str
    meaning: str
    quality: Quality


def _band_quality(score: int, good: set[int], fair: set[int]) -> Quality:
    return "good" if score in good else "fair" if score in fair else "poor"


def grade_chips(grade: Grade) -> list[Chip]:
    """The five rubric keys of a grade, in rubric order."""
    s = grade.scores
    if s.no_brevity is None:
        brevity = Chip("Brevity of no", "n/a", "", "none")
    else:
        brevity = Chip(
            "Brevity of no",
            f"{s.no_brevity}/5",
            BREVITY_WORDS[s.no_brevity],
            _band_quality(s.no_brevity, {4, 5}, {3}),
        )
    options_meaning = "none offered" if s.options == 0 else f"choice{'s' if s.options > 1 else ''} offered"
    return [
        Chip("Tone", f"{s.tone}/5", TONE_WORDS[s.tone], _band_quality(s.tone, {4, 5}, {3})),
        Chip(
            "Refusal",
            "yes" if grade.refusal else "no",
            "a 'no' moment: declined, limited or bad news" if grade.refusal else "",
            "none",
        ),
        brevity,
        Chip(
            "Options",
            "3+" if s.options >= 3 else str(s.options),
            options_meaning,
            "none" if s.options == 0 else _band_quality(s.options, {2, 3}, {1}),
        ),
        Chip(
            "Escalation risk",
            f"{s.escalation_risk}/5",
            RISK_WORDS[s.escalation_risk],
            _band_quality(s.escalation_risk, {1, 2}, {3}),
        ),
    ]


def chips_html(chips: list[Chip]) -> str:
    items = "".join(
        f'<li class="chip q-{chip.quality}"><span class="chip-label">{esc(chip.label)}:</span> '
        f'<strong class="chip-value">{esc(chip.value)}</strong>'
        + (f' <span class="chip-meaning">{esc(chip.meaning)}</span>' if chip.meaning else "")
        + "</li>"
        for chip in chips
    )
    return f'<ul class="chips" aria-label="Scores">{items}</ul>'


def _evidence_key(key: str) -> str:
    if key in KEY_TITLES:
        return KEY_TITLES[key].capitalize()
    if key in declared_flags():
        return flag_label(key)
    return key.replace("_", " ").capitalize()


def flags_html(flags: list[str]) -> str:
    """Flags with what to try instead; empty string when there are none."""
    if not flags:
        return ""
    items = "".join(
        f'<li><span class="flag-name">{esc(flag_label(flag))}</span> {esc(flag_advice(flag))}</li>'
        for flag in flags
    )
    return f'<div class="flags"><h4>Flags</h4><ul>{items}</ul></div>'


# A trainee reads the why of each score and flag, not every rule that fired: the first piece of
# evidence per key and every flag's are shown; the rest fold away.
FIRST_KEYS = ("tone", "refusal", "no_brevity", "options", "escalation_risk")


def _split_evidence(grade: Grade) -> tuple[list[Evidence], list[Evidence]]:
    flags = set(grade.flags)
    first: list[Evidence] = []
    rest: list[Evidence] = []
    seen: set[str] = set()
    for e in grade.evidence:
        if e.key in flags or (e.key in FIRST_KEYS and e.key not in seen):
            first.append(e)
            seen.add(e.key)
        else:
            rest.append(e)
    return first, rest


def _evidence_item(e: Evidence) -> str:
    return (
        f'<li><span class="evidence-key">{esc(_evidence_key(e.key))}</span> '
        f'<q>{esc(e.quote)}</q> <span class="evidence-why">{esc(e.why)}</span></li>'
    )


def grade_panel(grade: Grade | None, *, scores_hidden: bool, turn_number: int = 0) -> str:
    """Feedback on the latest staff turn: chips, flags, evidence and a suggested better line."""
    if grade is None:
        return (
            '<div class="feedback empty"><h3>Feedback</h3>'
            "<p>Feedback on each of your turns appears here.</p></div>"
        )
    if scores_hidden:
        return (
            '<div class="feedback hidden-scores"><h3>Feedback</h3>'
            "<p>Scores are hidden while you practise (low-anxiety mode). You will see the grade of "
            "every turn in the summary at the end.</p></div>"
        )
    first, rest = _split_evidence(grade)
    evidence = "".join(_evidence_item(e) for e in first)
    if rest:
        evidence += (
            f'<li class="more"><details><summary>All the evidence ({len(first) + len(rest)})</summary><ul>'
            + "".join(_evidence_item(e) for e in rest)
            + "</ul></details></li>"
        )
    suggestion = ""
    if grade.suggestion:
        suggestion = (
            f'<div class="suggestion"><h4>A better line</h4><p><q>{esc(grade.suggestion)}</q></p></div>'
        )
    heading = f"Your turn {turn_number}" if turn_number else "Your last turn"
    return (
        f'<div class="feedback"><h3>Feedback: {esc(heading)}</h3>'
        + chips_html(grade_chips(grade))
        + flags_html(grade.flags)
        + (f'<div class="evidence"><h4>Why</h4><ul>{evidence}</ul></div>' if evidence else "")
        + suggestion
        + "</div>"
    )


def _trend(state: PatientState, previous: PatientState | None) -> str:
    if previous is None:
        return ""
    change = state.agitation - previous.agitation
    if change > TREND_POINTS:
        return "rising"
    if change < -TREND_POINTS:
        return "settling"
    return "about the same"


def agitation_indicator(state: PatientState | None, previous: PatientState | None = None) -> str:
    """The patient's band on a four-step meter and the cues a nurse would see."""
    if state is None:
        return '<div class="agitation"><p>No patient state yet.</p></div>'
    segments = "".join(
        f'<span class="seg seg-{band.value}{" current" if band is state.band else ""}">'
        f"{esc(SHORT_BAND_NAMES[band])}</span>"
        for band in BAND_ORDER
    )
    trend = _trend(state, previous)
    trend_html = f' <span class="trend trend-{trend.replace(" ", "-")}">{esc(trend)}</span>' if trend else ""
    # Not a live region: the turn summary (below) announces the band and cues with the grade.
    return (
        f'<div class="agitation band-{state.band.value}">'
        "<h3>How the patient is</h3>"
        f'<div class="band-meter" aria-hidden="true">{segments}</div>'
        f'<p class="band-now"><strong>{esc(state.band.label)}</strong>{trend_html}</p>'
        '<p class="cues-title">What you notice</p>' + bullet_list(state.cues, "cues") + "</div>"
    )


def turn_summary(
    grade: Grade | None,
    state: PatientState | None,
    previous: PatientState | None,
    *,
    scores_hidden: bool,
    turn_number: int,
) -> str:
    """The latest turn in two lines beside the message box: the grade's chips (or that scores are hidden)
    and how the patient is now, with the band's cues. Shown on narrow screens, where the full feedback
    panel sits far below; at every width it is the live region a screen reader announces after a turn."""
    if grade is None or state is None:
        return ""
    if scores_hidden:
        graded = "<p>Scores are hidden until the end (low-anxiety mode).</p>"
    else:
        chips = [chip for chip in grade_chips(grade) if chip.quality != "none" or chip.label == "Options"]
        flags = "".join(f'<li class="chip q-poor">{esc(flag_label(flag))}</li>' for flag in grade.flags)
        graded = chips_html(chips).replace("</ul>", flags + "</ul>", 1)
    trend = _trend(state, previous)
    return (
        f'<div class="turn-summary band-{state.band.value}" role="status" aria-live="polite">'
        f"<h3>Your turn {turn_number}</h3>{graded}"
        f'<p class="band-now"><strong>{esc(state.band.label)}</strong>'
        + (f" ({esc(trend)})" if trend else "")
        + f": {esc('; '.join(state.cues))}</p>"
        '<p class="more-feedback"><a href="#feedback">All the feedback on this turn</a></p></div>'
    )
