"""The offline patient asked a follow-up that leans on the staff turn before it ("How many years is that
now?" after "what do you do for a living?"): answered about what that turn opened, not about whatever the
follow-up's few words meet; and not when the follow-up weighs an offer or asks after them. Staff lines here
are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.asking import questions_in
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.asked import Asked, asks_for, carries
from coach.personas import load_personas
from tests.patient_fixtures import replies, topic_lines

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("persona_id", "agitation", "opened", "follow_up", "said"),
    [
        # how long, asked of the job: the job's years, not the plan's "how long" nor another fact's
        (
            "patient-conflict",
            10,
            "So what do you do for a living, Dean?",
            "How many years is that now?",
            "twenty",
        ),
        (
            "ignored-for-days",
            20,
            "Were you working before you came in? What was your job?",
            "How many years did you do that for?",
            "twenty-two",
        ),
        # who the thing they want is for
        ("refused-request", 15, "What did you want from the shop?", "Who is that for?", "ellie"),
        # since when, of what staff just told them
        (
            "withdrawn",
            45,
            "Beth, I've been told you haven't left your room since yesterday evening.",
            "Since what time?",
            "last night",
        ),
    ],
)
def test_a_follow_up_is_answered_about_what_the_turn_before_opened(
    persona_id: str, agitation: float, opened: str, follow_up: str, said: str
) -> None:
    reply = replies([opened, follow_up], PERSONAS[persona_id], agitation=agitation)[-1]
    assert said in reply.lower(), reply


def test_what_they_make_of_news_is_their_view_of_it() -> None:
    persona = PERSONAS["patient-conflict"]
    reply = replies(
        ["Ryan reckons the tub didn't have a name on it.", "What do you make of that?"], persona, agitation=15
    )[-1]
    # their side of the name on the tub, not "don't remember"
    assert reply in topic_lines(persona, "name-on-tub", Band.for_agitation(15)), reply


def test_what_they_think_of_an_offer_weighs_the_offer() -> None:
    reply = replies(
        ["You could ring Ellie from the office phone tonight.", "So what do you think?"],
        PERSONAS["refused-request"],
        agitation=15,
    )[-1]
    assert "call" in reply.lower() or "ring" in reply.lower(), reply


def test_a_check_in_after_a_subject_is_still_a_check_in() -> None:
    persona = PERSONAS["patient-conflict"]
    reply = replies(["What do you do for a living, Dean?", "How are you doing now?"], persona, agitation=15)[
        -1
    ]
    work = next(t for t in persona.listening.topics if t.id == "work-and-interests")
    assert reply not in work.answers.every(), reply


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Since what time?", Asked.since),
        ("Since what day, roughly?", Asked.since),
        ("How many years is that?", Asked.number),
    ],
)
def test_what_a_follow_up_asks_for(question: str, asked: Asked) -> None:
    assert asks_for(question) is asked


def test_a_question_after_a_word_or_two_of_interest_is_still_open() -> None:
    (question,) = questions_in("Ah nice, what film was it?", PERSONAS["withdrawn"], [])
    assert question.open


@pytest.mark.parametrize(
    "line", ["Twenty years a chef.", "Nineteen years in that flat.", "Forty-two of them."]
)
def test_a_number_said_in_words_is_a_number(line: str) -> None:
    assert carries(line, Asked.number)
