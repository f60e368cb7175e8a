"""The offline patient when staff set a limit on what they do: an order after their name, an order with a
tag, leave to ask, and what they want offered beside what is asked of them. Staff lines here are written
for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize("turn", ["Callum, put the chair down.", "Mate, stop banging the door."])
def test_an_order_after_their_name_or_a_word_for_attention_is_an_order(turn: str) -> None:
    assert Act.instruction in read_acts(turn, PERSONAS["refused-request"]).acts


def test_a_word_before_a_comma_makes_no_order_of_a_statement() -> None:
    assert Act.instruction not in read_acts("Honestly, that is fine.", PERSONAS["refused-request"]).acts


@pytest.mark.parametrize("turn", ["Stop banging the door, will you?", "Keep it down a bit, could you?"])
def test_an_order_with_its_tag_asks_no_question(turn: str) -> None:
    reading = read_acts(turn, PERSONAS["paranoid"])
    assert Act.instruction in reading.acts
    assert not reading.questions


def test_a_statement_with_its_tag_is_still_put_to_them() -> None:
    reading = read_acts("You wouldn't want that, would you?", PERSONAS["paranoid"])
    assert [q.text for q in reading.questions] == ["You wouldn't want that, would you?"]


def test_leave_to_ask_is_no_thing_offered() -> None:
    assert not read_acts("You can ask me anything about the new tablets.", PERSONAS["paranoid"]).offers


def test_what_they_want_offered_beside_what_is_asked_of_them_is_what_they_answer() -> None:
    persona = PERSONAS["paranoid"]
    turn = "Could you come away from the hatch? I will show you the box."
    box = next(o for o in persona.listening.offers if o.id == "see-box")
    reply = first_reply(turn, persona, agitation=40)
    assert reply in box.answers.agitated, reply
