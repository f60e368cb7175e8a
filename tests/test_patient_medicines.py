"""The offline patient asked about their regular medicines, and pressed with a medicine they turned down.
Staff lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.asking import topic_of
from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from coach.wording import fold
from tests.patient_fixtures import replies, topic_lines, topic_words

PERSONAS = load_personas(RESOURCES / "personas")
# The paranoid persona's own `tablets` topic is the medicine they are there about.
WITH_MEDICINES = sorted(p for p in PERSONAS if p != "paranoid")


def test_every_persona_is_asked_about_their_medicines_in_the_same_words() -> None:
    words = topic_words({p: PERSONAS[p] for p in WITH_MEDICINES}, "medicines")
    assert len(set(words.values())) == 1, words
    assert all(
        next(t for t in PERSONAS[p].listening.topics if t.id == "medicines").by_words_only for p in words
    )


@pytest.mark.parametrize(
    "turn",
    [
        "Are the tablets suiting you alright?",
        "How are you getting on with your medication?",
        "Any side effects from the new tablets?",
        "Have you had your meds this morning?",
    ],
)
@pytest.mark.parametrize("persona_id", WITH_MEDICINES)
def test_a_question_about_their_medicines_gets_that_answer(persona_id: str, turn: str) -> None:
    persona = PERSONAS[persona_id]
    [reply] = replies([turn], persona, agitation=10)
    assert reply in topic_lines(persona, "medicines", Band.calm), reply


def test_a_topic_found_by_its_words_only_is_not_guessed_from_its_lines() -> None:
    # the medicines lines say "out", "door", "every day": a question that shares them names no medicine
    topics = PERSONAS["refused-request"].listening.topics
    found = topic_of(fold("what time were you meant to be heading out the door every day?"), topics)
    assert found is None or found.id != "medicines"


def test_asked_how_their_hands_are_they_answer_about_their_body() -> None:
    persona = PERSONAS["refused-request"]
    turn = "How are your hands today? They looked a bit unsteady when you were drawing."
    [reply] = replies([turn], persona, agitation=10)
    assert reply in topic_lines(persona, "body", Band.calm), reply


def test_what_they_should_take_is_offered() -> None:
    reading = read_acts("You really should take the lorazepam, Dean.", PERSONAS["patient-conflict"])
    assert [o.listed.id for o in reading.offers if o.listed] == ["medication"]


def test_a_medicine_pressed_again_after_a_no_is_heard_as_said_again() -> None:
    persona = PERSONAS["patient-conflict"]
    _, again = replies(
        [
            "Do you want a lorazepam to help you settle, Dean?",
            "You should take the lorazepam, mate, honestly.",
        ],
        persona,
        agitation=45,
    )
    assert again in persona.listening.acts.repeated.at(Band.agitated), again  # type: ignore[union-attr]


def test_asked_again_because_it_was_not_heard_is_not_pressing() -> None:
    persona = PERSONAS["patient-conflict"]
    _, again = replies(
        [
            "Do you want a lorazepam to help you settle, Dean?",
            "Sorry, didn't catch that. A lorazepam, to settle you?",
        ],
        persona,
        agitation=45,
    )
    assert again not in persona.listening.acts.repeated.at(Band.agitated), again  # type: ignore[union-attr]
