"""The offline patient asked to put a number on how bad it is: the number from the persona's own lines,
whatever the scale is called; a scale of how well they are, which every line's number would answer upside
down, is left to the question. Staff lines here are written for these tests, not taken from the persona
files or the coherence suite."""

from __future__ import annotations

import re

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")

_A_NUMBER = re.compile(
    r"\b(?:zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\b", re.IGNORECASE
)


def test_every_persona_gives_a_number_at_every_band() -> None:
    for persona in PERSONAS.values():
        rated = persona.listening.acts.rated
        assert rated is not None, persona.id
        for band in Band:
            assert rated.at(band), (persona.id, band)
            assert all(_A_NUMBER.search(line) for line in rated.at(band)), (persona.id, band)


@pytest.mark.parametrize(
    "turn",
    [
        "Out of ten, how anxious are you feeling right now?",
        "On a scale of 0 to 10, how bad is it?",
        "if u had to put a number on it how stressed r u",
        "Can you rate how worried you are, one to ten? Ten's the worst.",
    ],
)
@pytest.mark.parametrize("persona_id", ["fearful", "withdrawn"])
def test_a_number_asked_on_a_scale_gets_one(persona_id: str, turn: str) -> None:
    persona = PERSONAS[persona_id]
    rated = persona.listening.acts.rated
    assert rated is not None
    reply = first_reply(turn, persona, agitation=30)
    assert reply in rated.at(Band.for_agitation(30)), reply


@pytest.mark.parametrize(
    ("persona_id", "turn"),
    [
        # a scale of how well they are: every line's number would answer it upside down
        ("fearful", "Out of ten, how safe do you feel on the ward?"),
        # a score for something else, not how they feel
        ("refused-request", "Out of ten, how would you rate the food on here?"),
        # a number said in passing asks for none
        ("paranoid", "The pharmacy changed supplier, that's one to ten of their lines."),
    ],
)
def test_no_number_of_how_bad_it_is_where_none_was_asked(persona_id: str, turn: str) -> None:
    persona = PERSONAS[persona_id]
    rated = persona.listening.acts.rated
    assert rated is not None
    reply = first_reply(turn, persona, agitation=30)
    assert reply not in rated.at(Band.for_agitation(30)), reply
