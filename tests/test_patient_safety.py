"""The offline patient asked what a ward has to ask about risk: self-harm, hurting anyone else, feeling
safe, alcohol and drugs, who keeps them going. Staff lines here are written for these tests, not taken
from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.patient.safety import RISK_TOPICS, risk_answers
from coach.personas import load_personas
from coach.stance import Action, Stance
from tests.patient_fixtures import replies, topic_lines, topic_words

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_every_persona_answers_each_question_about_risk(persona_id: str) -> None:
    ids = {t.id for t in PERSONAS[persona_id].listening.topics}
    assert set(RISK_TOPICS) <= ids


@pytest.mark.parametrize("topic_id", RISK_TOPICS)
def test_a_risk_topic_is_asked_in_the_same_words_of_every_persona(topic_id: str) -> None:
    words = topic_words(PERSONAS, topic_id)
    assert len(set(words.values())) == 1, words


@pytest.mark.parametrize(
    ("turn", "topic"),
    [
        ("Can I check, do you ever get thoughts of hurting anybody else?", "harm-to-others"),
        ("Is anyone on the ward making you feel unsafe?", "safe-here"),
        ("Have you been drinking at all, or taken anything that wasn't prescribed?", "substances"),
        ("Who do you turn to when things get on top of you?", "keeps-going"),
        ("With everything that's gone on this week, how safe would you say you feel on here?", "safe-here"),
        ("Looking back on it, what should we have done different earlier?", "what-helps"),
        ("Next time things get on top of you, how do you want us to handle it?", "what-helps"),
    ],
)
@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_a_question_about_risk_gets_that_answer(persona_id: str, turn: str, topic: str) -> None:
    persona = PERSONAS[persona_id]
    [reply] = replies([turn], persona, agitation=10)
    assert reply in topic_lines(persona, topic, Band.calm), reply


def test_a_risk_question_is_about_the_risk_whatever_else_it_names() -> None:
    persona = PERSONAS["refused-request"]
    turn = "When you're this wound up and frustrated, do you ever feel like hurting yourself?"
    [pool] = risk_answers(turn, persona, Band.agitated)
    assert pool.name == "topic:self-harm"


def test_in_crisis_a_question_about_hurting_someone_is_still_answered() -> None:
    persona = PERSONAS["patient-conflict"]
    [reply] = replies(["Dean, are you going to hurt anyone right now?"], persona, agitation=90)
    assert reply in topic_lines(persona, "harm-to-others", Band.crisis), reply


@pytest.mark.parametrize(
    "turn",
    [
        "Are you going to hurt yourself tonight?",
        "Are you thinking of hurting yourself, or anyone else?",
        "Any thoughts of hurting yourself?",
    ],
)
def test_self_harm_named_is_answered_before_hurting_anyone_else(turn: str) -> None:
    [pool] = risk_answers(turn, PERSONAS["withdrawn"], Band.calm)
    assert pool.name == "topic:self-harm"


def test_a_question_put_indirectly_is_asked() -> None:
    persona = PERSONAS["paranoid"]
    turn = "I have to ask everyone whether they've had any alcohol today."
    [pool] = risk_answers(turn, persona, Band.calm)
    assert pool.name == "topic:substances"


@pytest.mark.parametrize(
    "turn",
    [
        "Could you let me past? I've got the drugs trolley.",
        "Would a call with your family get you through to the weekend?",
        "Would you like a drink?",
        "Did it hurt when you fell?",
        "We'll keep an eye on you tonight.",
    ],
)
@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_words_near_a_risk_question_ask_none(persona_id: str, turn: str) -> None:
    assert not list(risk_answers(turn, PERSONAS[persona_id], Band.calm))


def test_in_crisis_a_risk_question_is_answered_before_a_colleague_being_called() -> None:
    # Asked about risk, they answer it, whatever else the turn did: the call is not the one shout.
    persona = PERSONAS["patient-conflict"]
    turn = "I'm getting Sam over. Dean, are you thinking of hurting anyone?"
    [reply] = replies([(turn, Stance(actions=[Action.call_support]))], persona, agitation=90)
    assert reply in topic_lines(persona, "harm-to-others", Band.crisis), reply
    assert persona.listening.reactions.call_support is not None
