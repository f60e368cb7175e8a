"""A bare question ("Do you know who she was?") is about what the turn said before it, not about what a
question after it asks: "Did you see her properly?" shares a word with the fact that she will see her
consultant, which says nothing of who the restrained woman was. Staff lines here are written for these
tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("turn", "agitation"),
    [
        ("Do you know who that was? Did you see her properly?", 65),
        ("Do you know who she was? Will you see her again?", 65),
        ("Do you know who she was? Did you see her properly?", 40),
    ],
)
def test_a_bare_who_is_not_answered_by_the_words_of_the_question_after_it(
    turn: str, agitation: float
) -> None:
    persona = PERSONAS["fearful"]
    reply = first_reply(turn, persona, agitation=agitation)
    assert "okafor" not in reply.lower(), reply
    assert reply in persona.listening.acts.dont_know.at(Band.for_agitation(agitation)), reply
