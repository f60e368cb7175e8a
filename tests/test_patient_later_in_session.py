"""The second half of an ordinary session: "tell me again, when ...?" asks its own question, a hand held
open brings no one in, and a goodbye that leaves what was asked for to someone else is heard as a put-off.
Staff lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

from coach.acted import read_acted
from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from coach.wording import fold
from tests.patient_fixtures import no_grade, replies

PERSONAS = load_personas(RESOURCES / "personas")


def test_tell_me_again_with_a_question_of_its_own_is_that_question() -> None:
    persona = PERSONAS["ignored-for-days"]
    turns = ["Let's sit down with it.", "Just so I've got it right, tell me again, when did you first ask?"]
    reply = replies(turns, persona, agitation=10)[-1]
    assert not reply.startswith("I said,"), reply
    assert "friday" in reply.lower(), reply


def test_a_hand_held_open_brings_no_one_in() -> None:
    acted = read_acted("Here it is. *holds the box up, other hand open*", "Marcus")
    assert (acted.arrived, acted.handed_over) == (0, False)


def _put_off_lines(persona_id: str, agitation: float) -> set[str]:
    lines = PERSONAS[persona_id].listening.acts.put_off
    assert lines is not None
    return {fold(line).split("{offer}")[-1].strip(" ?") for line in lines.at(Band.for_agitation(agitation))}


def test_going_and_leaving_it_to_someone_else_is_heard_as_a_put_off() -> None:
    turn = "right I have to run, someone will come back later and finish it with you"
    reply = replies([turn], PERSONAS["ignored-for-days"], agitation=15, grade=no_grade())[-1]
    assert any(part and part in fold(reply) for part in _put_off_lines("ignored-for-days", 15)), reply


def test_going_and_coming_back_yourself_is_a_goodbye() -> None:
    turn = "I have to go to handover now, I'll be back at half nine."
    reply = replies([turn], PERSONAS["fearful"], agitation=15, grade=no_grade())[-1]
    assert not any(part and part in fold(reply) for part in _put_off_lines("fearful", 15)), reply
