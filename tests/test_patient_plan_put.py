"""A plan put to them to agree ("... Deal?", "You agree with this?", "Can you do that?") is answered as a
proposal, whatever its words name: yes, no, maybe, or yes with a question. Staff lines here are written for
these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band, ReplyKind
from coach.patient.plan_put import puts_plan
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "Tonight you sleep in the side room and I check on you every hour. Deal?",
        "So: Jo reads it with you at two, and you have a rest till then. Agreed?",
        "You have a shower first, then we go through the forms together. You happy with that?",
        "Once the lounge is empty, you sit by the window and tell me the rest. Can you do that?",
        "plan is, after lunch you call your mum from office and I sit with you. you agree?",
    ],
)
def test_a_plan_laid_out_and_put_to_them_is_read(turn: str) -> None:
    assert puts_plan(turn)


@pytest.mark.parametrize(
    "turn",
    [
        "I'm just going to stand here, okay?",  # a tag on where staff are
        "Deal?",  # nothing laid out
        "I'll leave the tray by the door and go. Is that okay?",  # only what staff will do
        "You look tired. Yes?",  # nothing that will happen
        "Okay if I sit down here for a bit?",  # a proposal of its own, answered as one
    ],
)
def test_other_turns_that_end_in_an_ask_are_not_a_plan_put(turn: str) -> None:
    assert not puts_plan(turn)


@pytest.mark.parametrize(
    ("persona_id", "turn"),
    [
        (
            "fearful",
            "Right, tonight you start off in the side room with the door ajar, and the night nurse looks in "
            "every hour. Deal?",
        ),
        (
            "withdrawn",
            "So you rest now, and after tea you come to the quiet room with just me. You agree with that?",
        ),
        (
            "patient-conflict",
            "Here's the plan: you sit by the window, Jo hears Ryan out in the lounge, then we sort the "
            "curry. Yes?",
        ),
    ],
)
def test_asked_to_agree_to_a_plan_they_answer_whether_they_go_along_with_it(
    persona_id: str, turn: str
) -> None:
    persona = PERSONAS[persona_id]
    reply = replies([turn], persona, agitation=10)[-1]
    assert reply in persona.voice[Band.calm].replies[ReplyKind.options], reply
