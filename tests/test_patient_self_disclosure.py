"""The offline patient when staff say something of themselves (their own life, how the patient seems to
them, a story that loses its thread) or ask for a moment before doing something. Staff lines here are
written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from coach.spelling import plain_words
from tests.patient_fixtures import first_reply, replies, topic_lines

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("persona_id", "turn", "topic"),
    [
        ("refused-request", "My lad's football mad, he's at training every Saturday.", "interests"),
        ("refused-request", "Honestly, I always end up in goal at the Tuesday kickabout.", "interests"),
        ("fearful", "You seem exhausted, love.", "sleep"),
    ],
)
def test_something_of_their_own_or_of_how_they_seem_is_picked_up_by_what_they_say_of_it(
    persona_id: str, turn: str, topic: str
) -> None:
    persona = PERSONAS[persona_id]
    reply = first_reply(turn, persona, agitation=10)
    assert reply in topic_lines(persona, topic, Band.calm), reply


@pytest.mark.parametrize(
    "turn",
    [
        "I'd be gutted too if someone had done that to my football boots.",  # in their place: validation
        "I've rung the football club about your shirt.",  # what staff did in the scene, news
        "My worry is that you've not been to football for weeks.",  # about the patient, not staff
    ],
)
def test_staff_in_their_place_or_at_work_are_not_telling_of_their_own_life(turn: str) -> None:
    persona = PERSONAS["refused-request"]
    reply = first_reply(turn, persona, agitation=10)
    assert reply not in topic_lines(persona, "interests", Band.calm), reply


def test_a_story_of_staffs_own_that_loses_its_thread_is_brought_back_to_what_is_on_their_mind() -> None:
    persona = PERSONAS["fearful"]
    turn = (
        "Ugh, my brother's wedding was like this, everyone talking at once and nobody listening. "
        "Sorry, where was I?"
    )
    reply = first_reply(turn, persona, agitation=30)
    assert reply in persona.listening.acts.question.agitated, reply
    # With their own words before it ("Sorry about that. Where were we?") the thread is theirs to pick up:
    # not brought back to what is on their mind.
    [_, again] = replies(
        ["What happened last night?", "Sorry about that, the phone. Where were we?"],
        persona,
        agitation=30,
    )
    assert again not in persona.listening.acts.question.agitated, again


@pytest.mark.parametrize(
    "turn",
    ["Give me two minutes and I'll fetch the box.", "Just give me a sec, then I'll get the box for you."],
)
def test_a_moment_asked_for_what_staff_will_do_in_it_is_an_offer_not_an_order(turn: str) -> None:
    persona = PERSONAS["paranoid"]
    reading = read_acts(turn, persona)
    assert Act.instruction not in reading.acts
    assert {o.listed.id for o in reading.offers if o.listed} == {"see-box"}
    # an order is still an order, and what an offer's own lead puts with it is part of that offer
    assert Act.instruction in read_acts("Give me that cup and go and sit down.", persona).acts
    offers = read_acts("Why don't you write it down and I'll pass it to the doctor?", persona).offers
    assert [o.words for o in offers] == ["writing it down"]


def test_scots_give_us_is_read() -> None:
    assert plain_words("gies a minute") == "give us a minute"
