"""Questions put to the offline patient in the forms trainees use: a statement with a tag to confirm, an
either-or of fact, "what would help you?", a name asked for, a habit, words typed as texts, and words said
to a colleague in the patient's hearing. Staff lines here are written for these tests, not taken from the
persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acted import read_acted
from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band, ReplyKind
from coach.options import either_or
from coach.patient.facts import so_or_not
from coach.personas import load_personas
from coach.spelling import standard_spelling
from tests.patient_fixtures import replies, topic_lines

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize("agitation", [30, 60])
def test_a_statement_put_to_them_with_a_tag_is_confirmed_from_their_facts(agitation: float) -> None:
    [reply] = replies(
        ["Dr Okafor's seeing you at ward round on Thursday, isn't he?"],
        PERSONAS["fearful"],
        agitation=agitation,
    )
    assert reply.lower().startswith("yes"), reply
    assert "okafor" in reply.lower(), reply


def test_a_tagged_statement_their_facts_deny_gets_a_no() -> None:
    [reply] = replies(["You've managed a bit of sleep, haven't you?"], PERSONAS["fearful"], agitation=30)
    assert reply.startswith("No."), reply
    assert "not slept" in reply, reply


def test_an_instruction_with_a_tag_is_not_confirmed_as_a_fact() -> None:
    [reply] = replies(["Take your tablets for me, yeah?"], PERSONAS["paranoid"], agitation=30)
    assert not reply.startswith(("Yes.", "No.")), reply


def test_a_word_that_means_a_lack_does_not_turn_a_confirmation_into_a_no() -> None:
    fact = "The arrears built up after my benefits were paused when I missed an appointment."
    assert so_or_not(fact, "you missed an appointment and your benefits got paused?") == "Yes."
    assert so_or_not("I have not slept since the restraint.", "you have slept?") == "No."
    assert so_or_not(fact, "you like the garden?") is None


def test_an_either_or_of_fact_is_answered_with_the_option_their_facts_hold() -> None:
    assert either_or("Were your usual ones yellow or blue?") == ("yellow", "blue")
    # a doing offered keeps its words: only a question's verb and subject are left out
    assert either_or("Do you want to chat in here, or go somewhere quieter?")[0] == "chat in here"
    # an "or" inside "anything" asks yes or no
    assert either_or("Have you managed to eat or drink anything since lunch?") == ()
    [reply] = replies(["Were your usual ones yellow or blue?"], PERSONAS["paranoid"], agitation=30)
    assert "yellow" in reply.lower() and "blue" not in reply.lower(), reply


def test_texting_spellings_are_read_as_the_words() -> None:
    assert standard_spelling("wot wud help u rite now? tell me n i'll try") == (
        "what would help you right now? tell me and i'll try"
    )
    assert standard_spelling("is this 4 ur mum") == "is this for your mum"
    assert standard_spelling("at 4 u said") == "at 4 you said"  # a time, not "for"


def test_can_not_said_without_a_question_mark_asks_nothing() -> None:
    reading = read_acts("Can't remember which, sorry", PERSONAS["paranoid"])
    assert not reading.questions


@pytest.mark.parametrize("turn", ["What would help you most right now?", "wot wud help u most rite now?"])
def test_what_would_help_them_is_answered_with_what_they_want(turn: str) -> None:
    [reply] = replies([turn], PERSONAS["fearful"], agitation=40)
    assert reply in topic_lines(PERSONAS["fearful"], "going-home", Band.agitated), reply


def test_a_name_they_were_never_told_is_not_known() -> None:
    [reply] = replies(
        ["Do you happen to know the support worker's name, from last night?"],
        PERSONAS["paranoid"],
        agitation=30,
    )
    assert reply in PERSONAS["paranoid"].listening.acts.dont_know.at(Band.agitated), reply


def test_a_name_their_facts_hold_is_said() -> None:
    [reply] = replies(["What's the ward pharmacist called?"], PERSONAS["paranoid"], agitation=30)
    assert "Anita" in reply, reply


def test_a_question_about_what_they_usually_do_meets_the_fact_of_their_habit() -> None:
    [reply] = replies(["When do you normally ring your daughter?"], PERSONAS["refused-request"], agitation=30)
    assert "Wednesday" in reply, reply


def test_a_request_to_a_colleague_is_not_taken_as_asked_of_the_patient() -> None:
    persona = PERSONAS["patient-conflict"]
    [reply] = replies(
        ["Kemi, would you walk Ryan round to the lounge and stay with him?"], persona, agitation=45
    )
    overheard = [
        *topic_lines(PERSONAS["patient-conflict"], "ryan", Band.agitated),
        *persona.voice[Band.agitated].replies[ReplyKind.neutral],
    ]
    assert reply in overheard, reply


def test_a_question_to_a_colleague_is_picked_up_by_the_patient_who_overheard_it() -> None:
    [reply] = replies(["Jo, has anybody phoned Nadia's sister today?"], PERSONAS["fearful"], agitation=40)
    assert reply in topic_lines(PERSONAS["fearful"], "samira", Band.agitated), reply


def test_asking_who_their_named_nurse_is_hands_nobody_over() -> None:
    assert not read_acted("Who's your named nurse this week?", "Maureen").handed_over


def test_a_check_in_with_a_word_for_them_is_a_check_in() -> None:
    assert read_acts("You alright, love?", PERSONAS["withdrawn"]).has(Act.check_in)


def test_what_they_would_need_asked_inside_another_question_is_what_they_want() -> None:
    [reply] = replies(
        ["Could I ask what you'd need to see before you'd feel okay about tonight?"],
        PERSONAS["paranoid"],
        agitation=30,
    )
    assert "box" in reply.lower(), reply


@pytest.mark.parametrize(
    "question",
    [
        "Sorry, what's the trip out for, Callum?",
        "Why do you need to get to the shop so badly?",
        "What were you hoping to go to the shop for?",
    ],
)
def test_a_question_about_what_a_trip_is_for_is_about_what_they_want(question: str) -> None:
    [asked] = read_acts(question, PERSONAS["refused-request"]).questions
    assert asked.topic is not None and asked.topic.id == "request", asked.topic


def test_a_question_about_the_trip_itself_is_still_about_the_trip() -> None:
    [asked] = read_acts("What happened with the shop trip yesterday?", PERSONAS["refused-request"]).questions
    assert asked.topic is not None and asked.topic.id == "leave", asked.topic


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_asked_what_kept_them_awake_is_asked_about_sleep(persona_id: str) -> None:
    [asked] = read_acts("You look worn out. What's been keeping you awake?", PERSONAS[persona_id]).questions
    assert asked.topic is not None and "sleep" in asked.topic.id, asked.topic
