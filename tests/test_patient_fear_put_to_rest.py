"""Being told that something they fear is not happening ("nobody's going to lock you in", "your visits are
still on") gets the persona's `acts.reassured` line for it (coach/patient/reassured.py), and a bare "No, it
doesn't." before it answers their worry rather than turning anything down. Staff lines here are written for
these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.reacting import sounds_like_a_no
from coach.patient.reassured import reassures
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")
AGITATION = 40  # agitated, every persona


def _reassured_lines(persona_id: str) -> list[str]:
    lines = PERSONAS[persona_id].listening.acts.reassured
    assert lines is not None
    return lines.at(Band.for_agitation(AGITATION))


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_a_plain_reassurance_gets_the_persona_answer_to_it(persona_id: str) -> None:
    said = replies(["Nobody is going to lock you in anywhere."], PERSONAS[persona_id], agitation=40)
    # before: the band's line for how the turn landed ("Yes. Thank you. Something's changed ...")
    assert said[-1] in _reassured_lines(persona_id), said


@pytest.mark.parametrize(
    "staff",
    [
        "You won't be moved to another ward over this.",
        "Your visits are still on for Sunday, nobody has cancelled them.",
        "We're not going to section you for longer because of last night.",
        "It won't count against you, what happened at breakfast.",
    ],
)
def test_reassurance_in_other_words_is_read_as_one(staff: str) -> None:
    assert reassures(staff)


@pytest.mark.parametrize(
    "staff",
    [
        # a condition on their conduct makes it leverage
        "Nobody will hold you, as long as you do what you're told.",
        # a no, not a fear put to rest
        "It's not happening today, there's nobody to take you.",
        "Nobody's taking you to the shop this afternoon.",
        "I'm not taking you to the garden now.",
        # bad news, not a comfort
        "Nobody's sent the form off yet.",
    ],
)
def test_no_and_leverage_are_not_reassurance(staff: str) -> None:
    assert not reassures(staff)


def test_a_no_that_answers_their_worry_turns_nothing_down() -> None:
    persona = PERSONAS["refused-request"]
    worry = "No, it doesn't. Your visits are still on for Sunday."
    assert not sounds_like_a_no(worry, read_acts(worry, persona))
    refusal = "No, you can't have visits this Sunday."
    assert sounds_like_a_no(refusal, read_acts(refusal, persona))


def test_news_with_a_word_of_comfort_is_answered_as_the_news() -> None:
    persona = PERSONAS["paranoid"]
    said = replies(
        [
            "The pharmacist rang back this morning. The new tablets come from a different maker, "
            "same medicine. It's not a punishment."
        ],
        persona,
        agitation=AGITATION,
    )
    assert said[-1] not in _reassured_lines("paranoid"), said
