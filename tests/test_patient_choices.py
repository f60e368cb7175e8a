"""Choices put to the patient and taken away: an option said in a clause is said back in its first words;
a choice of when is between the times; "whether ... or ... is up to you" is a choice; "when would you
rather?" after the options asks which; what they asked for earlier is the option they take; too much
offered at once to someone upset is not weighed; something offered earlier and taken back is answered as
a loss. Staff lines here are written for these tests, not taken from the persona files or the coherence
suite."""

from __future__ import annotations

import re

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.options import options_of
from coach.patient.choosing import pick
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("turn", "options"),
    [
        (
            "We could go through it straight away, in the office, or at three once the round's finished. "
            "When would you rather?",
            ("straight away", "at three once the round's finished"),
        ),
        (
            "Whether you speak to the doctor yourself or I pass it on is up to you.",
            ("speak to the doctor yourself", "i pass it on"),
        ),
        (
            "Would you sooner have a cup of tea or a glass of water?",
            ("have a cup of tea", "a glass of water"),
        ),
    ],
)
def test_the_options_of_a_choice_are_read_in_the_forms_staff_put_them(
    turn: str, options: tuple[str, ...]
) -> None:
    assert options_of(turn) == options


def test_a_question_that_only_asks_which_has_no_topic_of_its_own() -> None:
    reading = read_acts(
        "I can ring the housing office with you now, or after tea when it's quieter. Which suits?",
        PERSONAS["ignored-for-days"],
    )
    assert Act.choice in reading.acts
    assert Act.question not in reading.acts, reading.questions


def test_an_option_put_with_a_clause_of_when_is_said_back_in_its_first_words() -> None:
    taken = pick(["stay with you while you make the call", "wait outside"], PERSONAS["withdrawn"])
    assert taken.words in {"stay with me", "wait outside"}, taken


def test_what_they_asked_for_earlier_is_the_option_they_take() -> None:
    persona = PERSONAS["withdrawn"]
    assert "shut the door" in persona.opening.text.lower()
    [reply] = replies(["Do you want the door open or shut?"], persona, agitation=30)
    assert "shut" in reply.lower() and "open" not in reply.lower(), reply


@pytest.mark.parametrize("agitation", [40, 60])
def test_too_much_offered_at_once_to_someone_upset_is_not_weighed(agitation: float) -> None:
    persona = PERSONAS["withdrawn"]
    turn = (
        "Right, so you could have a sandwich, or a tea, or come and do a jigsaw, or watch a film, or I could "
        "phone your dad for you."
    )
    [reply] = replies([turn], persona, agitation=agitation)
    band = Band.for_agitation(agitation)
    neither = [line for line in persona.listening.acts.choice.at(band) if "{offer}" not in line]
    assert reply in neither, reply


def test_calm_they_still_pick_from_a_long_list() -> None:
    persona = PERSONAS["withdrawn"]
    turn = "You could have a sandwich, or a tea, or do a jigsaw, or watch a film, or I could phone your dad."
    [reply] = replies([turn], persona, agitation=10)
    neither = [line for line in persona.listening.acts.choice.at(Band.calm) if "{offer}" not in line]
    assert reply not in neither, reply


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_something_offered_earlier_and_taken_back_is_answered_as_a_loss(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    lines = persona.listening.acts.taken_back
    assert lines is not None
    offered, taken_back = replies(
        [
            "Would you like a walk round the garden with me in a bit?",
            "Sorry, I've just been told the garden's locked all afternoon, so we can't go out there "
            "after all.",
        ],
        persona,
        agitation=40,
    )
    assert any(_filled(line).fullmatch(taken_back) for line in lines.at(Band.agitated)), (offered, taken_back)


def _filled(line: str) -> re.Pattern[str]:
    """`line` as a pattern in which {offer} stands for any words."""
    return re.compile(".+".join(map(re.escape, line.split("{offer}"))), re.IGNORECASE)


def test_news_with_actually_that_takes_nothing_back_is_no_loss() -> None:
    persona = PERSONAS["fearful"]
    _, reply = replies(
        ["Would you like a cup of tea?", "Actually, your sister rang and she's coming in at two."],
        persona,
        agitation=40,
    )
    assert reply not in persona.listening.acts.taken_back.at(Band.agitated), reply


def test_a_correction_with_actually_and_a_not_takes_nothing_back() -> None:
    persona = PERSONAS["fearful"]
    _, reply = replies(
        [
            "Would you like a cup of tea?",
            "Actually, I'm not sure that's right about the visiting times. I'll check.",
        ],
        persona,
        agitation=40,
    )
    lines = persona.listening.acts.taken_back
    assert lines is not None
    assert not any(_filled(line).fullmatch(reply) for line in lines.at(Band.agitated)), reply


@pytest.mark.parametrize(
    ("promise", "going_back"),
    [
        (
            "I'll get the art box out for you after lunch, I promise.",
            "Thinking about it, I can't get the art box out today, it's locked away.",
        ),
        (
            "I'll walk you round the garden at three myself.",
            "Oh wait, I won't be able to take you round the garden, I'm on the drugs round.",
        ),
    ],
)
def test_a_promise_gone_back_on_is_answered_as_a_loss(promise: str, going_back: str) -> None:
    persona = PERSONAS["patient-conflict"]
    lines = persona.listening.acts.taken_back
    assert lines is not None
    _, reply = replies([promise, going_back], persona, agitation=40)
    assert any(_filled(line).search(reply) for line in lines.at(Band.agitated)), reply


def test_actually_inside_a_question_takes_nothing_back() -> None:
    persona = PERSONAS["refused-request"]
    lines = persona.listening.acts.taken_back
    assert lines is not None
    _, reply = replies(
        [
            "I'll post your card before the last post.",
            "Have you actually taken that in, or shall I say it again?",
        ],
        persona,
        agitation=30,
    )
    assert not any(_filled(line).search(reply) for line in lines.at(Band.agitated)), reply
