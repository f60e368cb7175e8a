"""The offline patient when staff promise more than they can know or give room in words: a promise made
sure with "trust me" doubted, staying by the door heard as room given. Staff lines here are written for
these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "Believe me, the council will drop it, you won't lose a penny.",
        "I'll get it all sorted for you, trust me.",
    ],
)
def test_a_promise_made_sure_with_trust_me_is_doubted(turn: str) -> None:
    persona = PERSONAS["ignored-for-days"]
    too_sure = persona.listening.acts.too_sure
    assert too_sure is not None
    reply = first_reply(turn, persona, agitation=15)
    assert any(line in reply for line in too_sure.calm), reply


@pytest.mark.parametrize("persona_id", ["fearful", "paranoid"])
def test_staying_by_the_door_said_in_words_is_room_given(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    reply = first_reply("I wait here by door, okay?", persona, agitation=40)  # a learner's English
    assert reply in persona.listening.reactions.step_back.agitated, reply
