"""A night shift's ordinary session: asked their name by someone they have not met, the person says it.
Staff lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
@pytest.mark.parametrize(
    "asking",
    ["Evening, I'm Jas, I'm on tonight. What's your name?", "hiya, not met you yet, what do I call you?"],
)
def test_asked_their_name_they_say_it(persona_id: str, asking: str) -> None:
    persona = PERSONAS[persona_id]
    first = persona.profile.name.split()[0]
    for agitation in (10, 40):
        reply = replies([asking], persona, agitation=agitation)[-1]
        assert first in reply, (agitation, reply)


def test_asked_someone_else_s_name_they_do_not_answer_with_their_own() -> None:
    persona = PERSONAS["ignored-for-days"]
    reply = replies(["What's your named nurse called, do you know?"], persona, agitation=30)[-1]
    assert reply.strip(" .") != "Maureen", reply
