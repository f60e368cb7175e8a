"""The offline patient asked about their life outside the ward: what they know and could teach, what they
miss, what they will do first when they are out; and the readings that find what such a question asks.
Staff lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.asked import Asked, asks_for, carries
from coach.personas import load_personas
from tests.patient_fixtures import replies, topic_lines, topic_words

PERSONAS = load_personas(RESOURCES / "personas")
LIFE_TOPICS = ("know-how", "missing-home", "after-discharge")


@pytest.mark.parametrize("topic_id", LIFE_TOPICS)
def test_every_persona_is_asked_about_their_life_outside_in_the_same_words(topic_id: str) -> None:
    words = topic_words(PERSONAS, topic_id)
    assert len(set(words.values())) == 1, words


@pytest.mark.parametrize(
    ("turn", "topic"),
    [
        ("Go on then, teach me how you do it. I'm useless at it.", "know-how"),
        ("I've always fancied having a go myself. Where do I start?", "know-how"),
        ("Out of everything at home, what do you miss most?", "missing-home"),
        ("It must be hard being away. What are you missing most?", "missing-home"),
        ("What's the first thing you'll do once you're back home?", "after-discharge"),
        ("Is there anything you're looking forward to, for after?", "after-discharge"),
    ],
)
@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_a_question_about_their_life_outside_gets_that_answer(persona_id: str, turn: str, topic: str) -> None:
    persona = PERSONAS[persona_id]
    [reply] = replies([turn], persona, agitation=10)
    assert reply in topic_lines(persona, topic, Band.calm), reply


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_asked_to_teach_while_very_upset_they_put_it_off_for_their_need(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    [reply] = replies(["Go on, teach me how you do it."], persona, agitation=66)
    assert reply in topic_lines(persona, "know-how", Band.highly_agitated), reply


def test_a_clause_of_when_before_the_question_does_not_ask_when() -> None:
    assert asks_for("When you're home again, what are you cooking first?") is None
    assert asks_for("Once you're out, where will you go first?") is Asked.place
    assert asks_for("When did it first start?") is Asked.since  # a question of when is still one
    # before a yes/no question the clause is the question's own: "did anyone give you a time?" asks one
    assert asks_for("When they said later, did anyone give you a time?") is Asked.time


def test_a_question_of_which_film_is_answered_by_their_film_not_their_football() -> None:
    persona = PERSONAS["refused-request"]
    [reply] = replies(
        ["When it's your weekend with Ellie, what film are you putting on?"], persona, agitation=10
    )
    assert "film" in reply.lower(), reply


def test_nobody_answers_who_does_a_thing_not_who_someone_is() -> None:
    line = "They'll be wilting now, with nobody to water them."
    assert carries(line, Asked.person, "Who's watering them while you're away?")
    assert not carries("Nobody listens to me.", Asked.person, "Who's your named nurse?")


def test_where_staff_heard_it_is_not_what_the_question_is_about() -> None:
    persona = PERSONAS["ignored-for-days"]
    turn = "Kofi mentioned you've got tomatoes on the go. Who's looking after them now?"
    [question] = read_acts(turn, persona).questions
    assert question.topic is not None and question.topic.id != "kofi-and-jo"
    [reply] = replies([turn], persona, agitation=10)
    assert "tomato" in reply.lower(), reply


@pytest.mark.parametrize("turn", ["How's the footy going? Any good?", "Any luck with the crossword?"])
def test_any_good_and_any_luck_ask_after_something_and_offer_nothing(turn: str) -> None:
    assert not read_acts(turn, PERSONAS["paranoid"]).offers


def test_what_anyone_can_smell_or_hear_from_a_place_is_no_offer() -> None:
    reading = read_acts(
        "I'm from the coast. You can smell the sea from my gran's step.", PERSONAS["withdrawn"]
    )
    assert Act.offer not in reading.acts
    assert read_acts("You can ring your dad from the office.", PERSONAS["withdrawn"]).offers


def test_the_season_is_about_the_team_they_follow() -> None:
    persona = PERSONAS["paranoid"]
    [reply] = replies(["How are your lot getting on this season?"], persona, agitation=10)
    assert "club" in reply.lower() or "football" in reply.lower(), reply
