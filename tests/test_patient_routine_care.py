"""Round 67's pass (routine care while talking): a question asked again in other words is the first
question; "are you into X?" is about X; laughter at a story of staff's own people is theirs; asking to come
in while keeping back is answered as the asking. Staff lines here are written for these tests, not taken
from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from coach.wording import fold
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def _mocked(persona_id: str, band: Band) -> list[str]:
    lines = PERSONAS[persona_id].listening.acts.mocked
    assert lines is not None
    return list(lines.at(band))


def test_a_why_asked_again_in_other_words_gets_the_reason() -> None:
    turn = "Help me get it. The shop today, why does it matter so much? What was it you were going to do?"
    reply = replies([turn], PERSONAS["refused-request"], agitation=35)[-1]
    assert any(w in fold(reply) for w in ("card", "ellie", "birthday", "daughter")), reply


def test_are_you_into_a_thing_is_about_that_thing() -> None:
    reply = replies(
        ["You've got binoculars there. Are you into birds at all?"], PERSONAS["withdrawn"], agitation=10
    )[-1]
    assert any(w in fold(reply) for w in ("tom", "bird", "estuary", "binocular")), reply


def test_what_are_you_into_still_asks_what_they_like() -> None:
    reply = replies(["What are you into, when you're feeling well?"], PERSONAS["withdrawn"], agitation=10)[-1]
    assert any(w in fold(reply) for w in ("library", "cat", "film", "jigsaw", "book", "quiet")), reply


def test_laughing_at_a_story_of_staff_s_own_people_is_not_laughing_at_them() -> None:
    turn = "My brother tried to bake bread last weekend, it came out like a brick lol"
    reply = replies([turn], PERSONAS["fearful"], agitation=10)[-1]
    assert reply not in _mocked("fearful", Band.calm), reply


@pytest.mark.parametrize("turn", ["Home, home, home, that's all you say lol", "lol you and that bus pass"])
def test_laughing_at_them_is_still_heard_so(turn: str) -> None:
    reply = replies([turn], PERSONAS["fearful"], agitation=10)[-1]
    assert reply in _mocked("fearful", Band.calm), reply


def test_asking_to_come_in_while_keeping_back_is_answered_as_the_asking() -> None:
    persona = PERSONAS["withdrawn"]
    reply = replies(["Can I come in for a minute? I'll stay by the door."], persona, agitation=10)[-1]
    assert reply not in persona.listening.reactions.step_back.at(Band.calm), reply
