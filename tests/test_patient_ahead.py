"""Asked what they would do, say or hope next, or in a supposed case, the offline patient answers from the
topic's `ahead` lines (what has happened, or what they want now, is no answer to it); a topic that is itself
about what comes next answers from its own lines. Staff lines here are written for these tests, not taken
from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.patient.ahead import asks_ahead
from coach.personas import load_personas
from tests.patient_fixtures import first_reply, topic_lines

PERSONAS = load_personas(RESOURCES / "personas")


def ahead_lines(persona_id: str, topic_id: str, band: Band) -> list[str]:
    topic = next(t for t in PERSONAS[persona_id].listening.topics if t.id == topic_id)
    assert topic.ahead is not None, topic_id
    return topic.ahead.at(band)


@pytest.mark.parametrize(
    ("persona_id", "agitation", "turn", "topic_id"),
    [
        ("refused-request", 20, "Supposing Ellie rang you tonight, what would you tell her?", "ellie"),
        ("paranoid", 30, "If Leon came to visit at the weekend, what would you want to talk about?", "leon"),
        ("fearful", 55, "If Samira was here right now, what would you say to her?", "samira"),
        ("patient-conflict", 20, "What would you say to Bernie when she rings?", "bernie"),
        ("withdrawn", 20, "What are you going to tell your dad on Sunday?", "dad"),
        ("ignored-for-days", 30, "What will you say to Kofi when he's back?", "kofi-and-jo"),
    ],
)
def test_what_they_would_do_next_is_answered_ahead(
    persona_id: str, agitation: float, turn: str, topic_id: str
) -> None:
    reply = first_reply(turn, PERSONAS[persona_id], agitation=agitation)
    assert reply in ahead_lines(persona_id, topic_id, Band.for_agitation(agitation)), reply


@pytest.mark.parametrize(
    "question",
    [
        "what wd you tell your sister if she rang now",  # typed short
        "Tomorrow at ward round, what you would ask the doctor?",  # the order of another tongue
        "Next Saturday, what's the first thing you both will do?",
        "Where'd you head first once you're out?",
        "And if the box says they're the same, then what?",
        "What are you hoping for from the phone call?",
    ],
)
def test_what_they_would_do_next_is_read_in_many_forms(question: str) -> None:
    assert asks_ahead(question)


@pytest.mark.parametrize(
    "question",
    [
        "How would you feel if Samira came in tonight?",  # a feeling
        "What would you like to drink?",  # a taste, an offer's kind
        "What happened in the dining room?",  # what has happened
        "What would you have done if you'd been on the drugs round?",  # what they would have done
        "What would help right now?",  # their want
    ],
)
def test_a_question_not_about_what_comes_next_is_not_read_so(question: str) -> None:
    assert not asks_ahead(question)


def test_a_feeling_asked_in_a_supposed_case_is_their_feeling() -> None:
    reply = first_reply("How would you feel if Samira came in tonight?", PERSONAS["fearful"], agitation=20)
    assert reply in topic_lines(PERSONAS["fearful"], "feelings", Band.calm), reply


@pytest.mark.parametrize("persona_id", ["fearful", "withdrawn"])
def test_a_topic_about_what_comes_next_answers_from_its_own_lines(persona_id: str) -> None:
    """What they will do once out of hospital is what that topic's answers say; it has no ahead lines."""
    reply = first_reply(
        "What's the first thing you'll do when you leave here?", PERSONAS[persona_id], agitation=20
    )
    assert reply in topic_lines(PERSONAS[persona_id], "after-discharge", Band.calm), reply


def test_ahead_lines_are_not_the_topic_answers_again() -> None:
    for persona in PERSONAS.values():
        for topic in persona.listening.topics:
            if topic.ahead is not None:
                assert not set(topic.ahead.every()) & set(topic.answers.every()), (persona.id, topic.id)


def test_a_line_on_a_case_nobody_supposed_comes_after_the_others() -> None:
    """Asked what he would do with the afternoon, no line about a case of its own ("If I got to the
    shop, ...") while another line answers without one."""
    persona = PERSONAS["refused-request"]
    for agitation in (20, 45, 70):
        for session in SESSIONS:
            reply = first_reply(
                "What would you do with the rest of the afternoon?",
                persona,
                agitation=agitation,
                session=session,
            )
            assert not reply.lower().startswith(("if ", "once ", "hoping for?")), (agitation, session, reply)


SESSIONS = [f"session-{n}" for n in range(12)]
