"""The offline patient asked about their body and the small comforts of a ward day: pain, cold, sleep,
food, and whether something done for them helped. Staff lines here are written for these tests, not taken
from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band, Persona
from coach.personas import load_personas
from tests.patient_fixtures import replies, topic_lines, topic_words

PERSONAS = load_personas(RESOURCES / "personas")


def _topic_ids(persona: Persona) -> set[str]:
    return {t.id for t in persona.listening.topics}


def test_every_persona_is_asked_about_their_body_in_the_same_words() -> None:
    words = topic_words(PERSONAS, "body")
    assert len(set(words.values())) == 1, words


@pytest.mark.parametrize(
    "turn",
    [
        "Are you in any pain at the moment?",
        "You look frozen. Are you warm enough in just that top?",
        "Is your knee sore after banging it on the bench?",
    ],
)
@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_asked_about_their_body_they_say_how_it_is(persona_id: str, turn: str) -> None:
    persona = PERSONAS[persona_id]
    [reply] = replies([turn], persona, agitation=10)
    assert reply in topic_lines(persona, "body", Band.calm), reply


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_asked_how_they_slept_or_whether_they_ate_they_say(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    sleep = next(t for t in ("sleep", "eating-and-sleeping") if t in _topic_ids(persona))
    [slept] = replies(["How've you been sleeping this week?"], persona, agitation=10)
    assert slept in topic_lines(persona, sleep, Band.calm), slept
    eating = next(t for t in ("eating", "appetite", "eating-and-sleeping") if t in _topic_ids(persona))
    [ate] = replies(["Have you had any lunch today?"], persona, agitation=10)
    assert ate in topic_lines(persona, eating, Band.calm), ate


@pytest.mark.parametrize(
    "turn",
    [
        "Did the walk round the garden do you any good?",
        "Has that cup of coffee helped at all?",
        "Feeling any better for it?",
    ],
)
@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_asked_whether_something_done_for_them_helped_they_say_whether_it_did(
    persona_id: str, turn: str
) -> None:
    persona = PERSONAS[persona_id]
    lines = persona.listening.acts.helped
    assert lines is not None
    [reply] = replies([turn], persona, agitation=40)
    assert reply in lines.at(Band.agitated), reply


def test_feeling_better_said_of_something_else_asks_nothing_about_help() -> None:
    persona = PERSONAS["withdrawn"]
    assert persona.listening.acts.helped is not None
    turn = "Sitting in the dark all day won't make you feel any better, will it?"
    [reply] = replies([turn], persona, agitation=40)
    assert reply not in persona.listening.acts.helped.at(Band.agitated), reply
