"""Helped to slow down with their body or senses (breathing with staff, feet on the floor, naming what they
can hear), or asked how their body feels, the offline patient takes it up or pushes it away from the
persona's `acts.grounding` lines, or says what they feel from `acts.body_now`; a turn that asks something
else besides is answered for that. Staff lines here are written for these tests, not taken from the persona
files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


def test_every_persona_has_both_blocks_at_every_band() -> None:
    for persona in PERSONAS.values():
        acts = persona.listening.acts
        assert acts.grounding is not None and acts.body_now is not None, persona.id
        assert all(acts.grounding.at(band) and acts.body_now.at(band) for band in Band), persona.id


@pytest.mark.parametrize(
    ("persona_id", "agitation", "turn", "block"),
    [
        # help to slow down, taken up or pushed away
        (
            "paranoid",
            30,
            "Let's try breathing together, nice and slow. In for four, out for six.",
            "grounding",
        ),
        ("withdrawn", 15, "Could you press your feet into the floor for me, just for a moment?", "grounding"),
        ("patient-conflict", 25, "Unclench your fists for me, Dean, and drop your shoulders.", "grounding"),
        ("fearful", 65, "Take a slow breath with me. That's it.", "grounding"),
        # how their body feels now
        ("ignored-for-days", 35, "Where do you feel all this in your body right now?", "body_now"),
        ("refused-request", 40, "Any tension in you right now, mate? Where are you holding it?", "body_now"),
        ("withdrawn", 10, "How is your body feeling at the moment, Beth?", "body_now"),
    ],
)
def test_help_to_slow_down_or_a_question_about_the_body_gets_its_lines(
    persona_id: str, agitation: float, turn: str, block: str
) -> None:
    lines = getattr(PERSONAS[persona_id].listening.acts, block)
    assert lines is not None
    reply = first_reply(turn, PERSONAS[persona_id], agitation=agitation)
    assert reply in lines.at(Band.for_agitation(agitation)), reply


def test_asked_what_they_can_hear_they_get_a_line_that_hears() -> None:
    persona = PERSONAS["fearful"]
    for session in [f"session-{n}" for n in range(8)]:
        reply = first_reply(
            "Tell me three things you can hear at the moment.", persona, agitation=30, session=session
        )
        assert "hear" in reply.lower(), (session, reply)


@pytest.mark.parametrize(
    ("persona_id", "agitation", "turn"),
    [
        ("fearful", 30, "Take a breath. What did you see last night?"),  # asks for the account
        (
            "withdrawn",
            70,
            "I'm just going to breathe slowly here, you don't have to do anything.",
        ),  # asks nothing
    ],
)
def test_a_turn_that_asks_something_else_or_nothing_is_not_grounding(
    persona_id: str, agitation: float, turn: str
) -> None:
    acts = PERSONAS[persona_id].listening.acts
    assert acts.grounding is not None and acts.body_now is not None
    reply = first_reply(turn, PERSONAS[persona_id], agitation=agitation)
    assert reply not in acts.grounding.every() + acts.body_now.every(), reply
