"""Round 69's dev notes, read by kind: a hand held up to colleagues is a gesture, not a hand on the
patient; what staff say back of the patient's own asking, and "I'll let you know what she says", put no
plan back to them to correct; "take care" ending a turn is a goodbye; "what happens this morning is just
talking" says what will be; leave to keep what is theirs ("you can keep your coat on") is a fear put to
rest, not a thing offered; and what they did, told back ("you calmed down and came in to talk"), is not the
calm-down command. Staff lines here are written for these tests, not taken from the persona files or the
coherence suite."""

from __future__ import annotations

import pytest

from coach.acted import read_acted
from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.grading.rules.reading import read_turn
from coach.models import Band, Flag
from coach.patient.reassured import reassures
from coach.patient.wrong_in_scene import person_put_back_wrong
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "acted", ["*holds a hand up to the others at the door*", "*holds up one hand to the two by the hatch*"]
)
def test_a_hand_held_up_to_colleagues_is_no_hand_on_them(acted: str) -> None:
    seen = read_acted(acted, "Dean Walsh")
    assert not seen.touch
    assert seen.open_hands


def test_a_hand_held_is_still_a_touch() -> None:
    assert read_acted("*holds his hand*", "Dean Walsh").touch


def test_their_own_asking_said_back_puts_no_plan_back_to_them() -> None:
    earlier = ["You want to know whether the consultant will see you about skipping your meals."]
    latest = "I can't say yet. I'll tell the ward manager about the meals, and let you know what she says."
    assert person_put_back_wrong(latest, earlier, "Beth") is None


def test_word_passed_on_about_someone_else_is_still_put_back() -> None:
    earlier = ["Kemi, the nurse in charge, will go through your rights with you after lunch."]
    latest = "So I hear the doctor is going through your rights with you?"
    assert person_put_back_wrong(latest, earlier, "Nadia") is not None


@pytest.mark.parametrize("ending", ["Take care, Beth.", "Right. Take care of yourself."])
def test_take_care_ending_a_turn_is_a_goodbye(ending: str) -> None:
    said = f"I'll let the night staff know you'd like the door left shut. {ending}"
    assert Act.closing in read_acts(said, PERSONAS["withdrawn"]).acts


def test_taking_care_of_a_thing_is_no_goodbye() -> None:
    assert Act.closing not in read_acts("We'll take care of the form for you.", PERSONAS["withdrawn"]).acts


def test_what_happens_next_said_as_a_statement_asks_nothing() -> None:
    reading = read_acts("What happens after lunch is just a chat with the doctor.", PERSONAS["fearful"])
    assert not reading.questions


def test_leave_to_keep_what_is_theirs_is_a_fear_put_to_rest() -> None:
    persona = PERSONAS["fearful"]
    turn = "You can hang on to your phone the whole time, it stays with you."
    assert reassures(turn)
    assert not read_acts(turn, persona).offers
    lines = persona.listening.acts.reassured
    assert lines is not None
    said = replies([turn], persona, agitation=40)
    # before: "Um, my phone ...? I don't know. I'm not sure I could face it right now." (a thing to face)
    assert said[-1] in lines.at(Band.agitated), said


def test_what_they_did_told_back_is_not_the_command() -> None:
    told = read_turn("I'll tell the doctor you calmed down on your own and came to find me.")
    assert not told.of(Flag.calm_down)
    assert not read_turn("Things have calmed down on the ward now.").of(Flag.calm_down)
    for asked in ("Once you've calmed down we can talk.", "Have you calmed down yet?"):
        assert read_turn(asked).of(Flag.calm_down), asked
