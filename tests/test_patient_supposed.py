"""A supposition put before a question ("Imagine you're seeing Dr Okafor at ward round. What would you
say?") is the scene the question sets, not what it asks about: the fact that says the supposition back is
no answer. Staff lines here are written for these tests, not taken from the persona files or the
coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "Imagine you're seeing Dr Okafor at ward round. What would you say?",
        "Picture yourself at Thursday's ward round with Dr Okafor. What would you say?",
    ],
)
def test_a_supposition_is_not_said_back_as_the_answer(turn: str) -> None:
    persona = PERSONAS["fearful"]
    reply = first_reply(turn, persona, agitation=25)
    assert "okafor" not in reply.lower(), reply
    # what she would say at ward round: the plan's lines of what she would do next (coach.patient.ahead)
    plan = next(t for t in persona.listening.topics if t.id == "the-plan")
    assert plan.ahead is not None
    assert reply in plan.ahead.at(Band.for_agitation(25)), reply
