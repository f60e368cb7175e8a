"""The offline patient when staff come to do a care task (observations, a blood test, a form, a room check):
their consent asked or the task announced is asked of them and answered as such, the ward's forms by their
names are jargon, what would have to happen first asks what they want, a question about an earlier time meets
the fact of it, and "shall I go, or stay?" is answered as room offered. Staff lines here are written for these
tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band, ReplyKind
from coach.patient.jargon import JARGON_MIN, jargon_in
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "Would you let me check your temperature before supper?",
        "There's a consent form for the dentist here. Are you happy to sign it?",
        "Mr Bell, for the chart, would you be willing to step on the scales?",
        "We're checking everyone's belongings today. Is it alright now?",
        "Right, I'm just going to do your obs while you sit there.",
        "We need to take some bloods from you this afternoon.",
        "Is it alright if I do your NEWS2 score now?",
    ],
)
def test_consent_to_a_care_task_or_the_task_announced_is_asked_of_them(turn: str) -> None:
    assert read_acts(turn, PERSONAS["paranoid"]).requests, turn


@pytest.mark.parametrize(
    "turn",
    [
        "Is it okay if I sit over here for a minute?",  # no care task: where staff will be
        "I need to do the tablet round now. Back at six.",  # a task of the ward's, not one on them
        "I'll bring your tablets at nine. Is that okay?",  # weighs what was just put to them
        "Good news: is it alright if I tell you what the doctor said?",  # news, not NEWS2
    ],
)
def test_a_question_without_a_care_task_on_them_is_not_asked_of_them(turn: str) -> None:
    assert not read_acts(turn, PERSONAS["paranoid"]).requests, turn


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_consent_asked_for_a_care_task_gets_their_answer_to_being_asked(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    [reply] = replies(
        ["Could I take your pulse and blood pressure now, if that's alright?"], persona, agitation=10
    )
    assert reply in persona.listening.acts.instruction.at(Band.calm), reply


def test_the_wards_forms_and_scores_by_their_names_are_jargon() -> None:
    assert jargon_in("I'll Datix it, then it's post-incident obs and a NEWS2 for you.") >= JARGON_MIN
    assert jargon_in("I'll write it up, then check on you in an hour.") == 0


def test_what_would_have_to_happen_first_gets_what_they_want_not_how_they_feel() -> None:
    persona = PERSONAS["ignored-for-days"]
    [reply] = replies(
        ["That's fine. What needs to change before you'd feel up to it?"], persona, agitation=10
    )
    feelings = {
        line
        for topic in persona.listening.topics
        if "feel" in topic.words
        for line in topic.answers.at(Band.calm)
    }
    assert reply not in feelings, reply
    assert any(word in reply.lower() for word in ("letter", "sit down", "read")), reply


def test_a_question_about_an_earlier_time_meets_the_fact_of_it() -> None:
    persona = PERSONAS["patient-conflict"]
    [reply] = replies(["Has there been trouble over the fridge before?"], persona, agitation=10)
    assert "last week" in reply.lower(), reply


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_go_or_stay_is_answered_as_room_offered(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    [reply] = replies(["Do you want me to go, or sit quietly over there?"], persona, agitation=10)
    assert reply in persona.voice[Band.calm].replies[ReplyKind.space_given], reply
