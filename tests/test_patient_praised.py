"""The offline patient praised or thanked, with nothing else asked or offered: taken as this person in this
state would, from the persona's `acts.praised` lines; a question, an offer or an order with the praise is
what they answer. Staff lines here are written for these tests, not taken from the persona files or the
coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


def test_every_persona_takes_praise_at_every_band() -> None:
    for persona in PERSONAS.values():
        praised = persona.listening.acts.praised
        assert praised is not None, persona.id
        assert all(praised.at(band) for band in Band), persona.id


@pytest.mark.parametrize(
    ("persona_id", "agitation", "turn"),
    [
        ("refused-request", 15, "You've been dead patient with us today, Callum. Cheers for that."),
        ("withdrawn", 20, "Thanks for letting me in, Beth."),
        ("paranoid", 25, "Well done for asking, Marcus. Good on you."),
        ("ignored-for-days", 60, "You've handled this really well, Maureen."),
    ],
)
def test_praise_or_thanks_alone_is_taken(persona_id: str, agitation: float, turn: str) -> None:
    persona = PERSONAS[persona_id]
    praised = persona.listening.acts.praised
    assert praised is not None
    assert first_reply(turn, persona, agitation=agitation) in praised.at(Band.for_agitation(agitation))


@pytest.mark.parametrize(
    ("persona_id", "turn"),
    [
        ("fearful", "Thank you for talking to me. What would help right now?"),  # asked
        ("patient-conflict", "Nice one for walking away. I need you to go to your room now though."),  # told
        ("refused-request", "Cheers for waiting. Would you like a brew while I find someone?"),  # offered
    ],
)
def test_praise_with_something_else_is_answered_for_the_rest(persona_id: str, turn: str) -> None:
    persona = PERSONAS[persona_id]
    praised = persona.listening.acts.praised
    assert praised is not None
    assert first_reply(turn, persona, agitation=20) not in praised.at(Band.for_agitation(20))


def test_thanks_for_nothing_is_no_thanks() -> None:
    persona = PERSONAS["patient-conflict"]
    praised = persona.listening.acts.praised
    assert praised is not None
    reply = first_reply("Well, thanks for nothing, Dean.", persona, agitation=30)
    assert reply not in praised.at(Band.for_agitation(30)), reply
