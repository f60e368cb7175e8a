"""Scenario choice and briefing: the persona cards and the notes a trainee reads before starting.

The briefing shows what a nurse would know walking onto the ward (the ward context and the care plan),
never the unmet need or the persona's private facts: finding those is the exercise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from coach.models import Persona
from coach.ui.markup import bullet_list, esc

DIFFICULTY_ORDER = {"introductory": 0, "intermediate": 1, "advanced": 2}
DIFFICULTY_LABELS = {"introductory": "Introductory", "intermediate": "Intermediate", "advanced": "Advanced"}


def in_teaching_order(personas: Mapping[str, Persona]) -> list[Persona]:
    """Personas from the easiest to the hardest, then by title."""
    return sorted(personas.values(), key=lambda p: (DIFFICULTY_ORDER[p.difficulty], p.title))


def who(persona: Persona) -> str:
    profile = persona.profile
    return f"{profile.name}, {profile.age} ({profile.pronouns})"


def difficulty_badge(persona: Persona) -> str:
    label = DIFFICULTY_LABELS[persona.difficulty]
    return f'<span class="badge difficulty-{esc(persona.difficulty)}">{esc(label)}</span>'


def persona_card(persona: Persona) -> str:
    """One scenario card: title, difficulty, who the person is and what is happening."""
    return (
        f'<article class="persona-card" aria-labelledby="card-{esc(persona.id)}">'
        f'<div class="card-top">{difficulty_badge(persona)}</div>'
        f'<h3 id="card-{esc(persona.id)}">{esc(persona.title)}</h3>'
        f'<p class="who">{esc(who(persona))}</p>'
        f'<p class="situation">{esc(persona.ward.situation)}</p>'
        "</article>"
    )


def _section(title: str, body: str, css_class: str = "") -> str:
    klass = f' class="{esc(css_class)}"' if css_class else ""
    return f"<section{klass}><h3>{esc(title)}</h3>{body}</section>"


def _care_plan(persona: Persona) -> str:
    plan = persona.care_plan
    parts: Iterable[tuple[str, list[str], str]] = (
        ("Triggers", plan.triggers, "plan-triggers"),
        ("Early signs", plan.early_signs, "plan-signs"),
        ("What helps", plan.what_helps, "plan-helps"),
        ("What to avoid", plan.what_to_avoid, "plan-avoid"),
    )
    return "".join(
        f'<div class="plan-box {klass}"><h4>{esc(title)}</h4>{bullet_list(items)}</div>'
        for title, items, klass in parts
    )


def briefing(persona: Persona) -> str:
    """The briefing for one scenario: who, the ward context, the request, and the care-plan notes."""
    ward = persona.ward
    profile = persona.profile
    other = ""
    if persona.other_party is not None:
        other = _section(
            "Also present",
            f"<p><strong>{esc(persona.other_party.name)}</strong>: "
            f"{esc(persona.other_party.description)}</p>",
        )
    request = ""
    if persona.request:
        request = _section("What they are asking for", f"<p>{esc(persona.request)}</p>")
    return (
        '<div class="briefing">'
        f'<header class="briefing-head">{difficulty_badge(persona)}'
        f"<h2>{esc(persona.title)}</h2>"
        f'<p class="who">{esc(who(persona))}</p></header>'
        + _section("On the ward", f"<p>{esc(ward.setting)}</p>")
        + _section("Admission", f"<p>{esc(ward.admission)}</p>")
        + _section("Right now", f"<p>{esc(ward.situation)}</p>")
        + request
        + other
        + _section(
            f"About {profile.first_name}",
            f"<p>{esc(profile.background)}</p>"
            f'<p class="interests"><strong>Interests:</strong> {esc("; ".join(profile.interests))}</p>',
        )
        + _section("Care-plan notes", f'<div class="care-plan">{_care_plan(persona)}</div>', "plan")
        + "</div>"
    )
