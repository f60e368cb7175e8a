"""The offline patient when staff listen back: a summary checked, a feeling or their words given back, a
reflection that gets one of their family wrong, and an offer to talk to someone else. Staff lines here are
written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.reflected import reflects
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "Right, you've been waiting for an answer all day and nobody's come back. Have I got that right?",
        "What I'm hearing is that it's the waiting that's worst.",
        "So you haven't slept much and you're worn out.",
        "If I've got this right, it's mostly about not being told anything.",
    ],
)
def test_their_words_given_back_or_a_summary_checked_is_listening_back(turn: str) -> None:
    assert reflects(turn)


@pytest.mark.parametrize(
    "turn",
    [
        "So you can ring her at six.",
        "So you're going to the lounge?",
        "Is that okay with you?",
        "How are you?",
    ],
)
def test_news_an_offer_or_a_plain_question_is_not_listening_back(turn: str) -> None:
    assert not reflects(turn)


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_a_summary_checked_gets_their_confirmation(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    turn = "Let me check I've followed: it's been a long day and the not knowing is hardest. Is that it?"
    [reply] = replies([turn], persona, agitation=10)
    lines = persona.listening.acts.reflected
    assert lines is not None
    assert reply in lines.at(Band.calm), reply


def test_a_reflection_that_gets_their_family_wrong_is_corrected_from_their_facts() -> None:
    persona = PERSONAS["withdrawn"]
    [reply] = replies(
        ["Today's the anniversary of losing your sister, isn't it? I'm so sorry."], persona, agitation=10
    )
    lines = persona.listening.acts.wrong_person
    assert lines is not None
    said = [line.replace("{offer}", "my sister").lower() for line in lines.at(Band.calm)]
    assert any(reply.lower().startswith(line) for line in said), reply
    assert "brother" in reply.lower(), reply


def test_a_reflection_that_names_the_right_one_is_not_corrected() -> None:
    persona = PERSONAS["withdrawn"]
    [reply] = replies(
        ["Today's the anniversary of losing your brother. I'm so sorry."], persona, agitation=10
    )
    assert "my brother?" not in reply.lower(), reply


def test_an_offer_to_speak_to_someone_else_is_an_offer_and_talking_with_staff_is_not() -> None:
    persona = PERSONAS["refused-request"]
    offered = read_acts("Gemma's on the ward phone. Do you want to speak to her?", persona).offers
    assert [o.listed.id for o in offered if o.listed] == ["phone"]
    assert not read_acts("Would you like to talk to me about it?", persona).offers
