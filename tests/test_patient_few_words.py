"""Staff who say almost nothing: a nod, an "Mm." or a "take your time" hands the turn back, and the person
carries on with what they were telling (the next thing of that topic, not the same thing again and not a
question nobody asked); given room after news, they say what they want; a chair pulled out for them is a
seat offered, answered as an offer. Staff lines here are written for these tests, not taken from the
persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.patient.guards import is_too_long
from coach.personas import load_personas
from tests.patient_fixtures import replies, topic_lines

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "continuer",
    ["*nods*", "Mm-hm.", "Go on, pet.", "*waits, saying nothing*", "What happened next?"],
)
@pytest.mark.parametrize("session", ["s1", "s2", "s3"])
def test_a_continuer_gets_the_next_thing_of_the_topic_they_were_telling(continuer: str, session: str) -> None:
    first, carried = replies(
        ["Can I ask what the binoculars are for?", continuer],
        PERSONAS["withdrawn"],
        agitation=30,
        session=session,
    )
    lines = topic_lines(PERSONAS["withdrawn"], "binoculars", Band.agitated)
    assert first in lines, first
    assert carried in lines and carried != first, carried
    assert "?" not in carried, carried


@pytest.mark.parametrize("session", ["s1", "s2", "s3"])
def test_carrying_on_goes_to_the_line_after_the_one_they_said(session: str) -> None:
    first, carried = replies(
        ["What are the binoculars about?", "*nods*"], PERSONAS["withdrawn"], agitation=20, session=session
    )
    lines = topic_lines(PERSONAS["withdrawn"], "binoculars", Band.calm)
    assert first in lines, first
    assert carried == lines[(lines.index(first) + 1) % len(lines)], (first, carried)


@pytest.mark.parametrize("session", ["test", "b"])
def test_a_word_of_theirs_said_back_as_a_question_is_confirmed_before_they_go_on(session: str) -> None:
    first, checked = replies(
        ["What were you told yesterday?", "Definitely?"],
        PERSONAS["refused-request"],
        agitation=45,
        session=session,
    )
    assert "definitely" in first.lower(), first
    assert checked.startswith("Yes, definitely. "), checked
    assert checked.removeprefix("Yes, definitely. ") in " ".join(
        topic_lines(PERSONAS["refused-request"], "leave", Band.agitated)
    ), checked
    assert not is_too_long(checked), checked


@pytest.mark.parametrize("session", ["s1", "s2", "s3", "s4"])
def test_room_given_after_news_they_did_not_ask_about_is_used_for_what_they_want(session: str) -> None:
    _, carried = replies(
        [
            "Callum, I'm sorry, there's nobody free to go out with you this afternoon.",
            "*stays put next to him* No rush.",
        ],
        PERSONAS["refused-request"],
        agitation=45,
        session=session,
    )
    lines = topic_lines(PERSONAS["refused-request"], "request", Band.agitated)
    assert carried in lines, carried
    assert not carried.startswith("What do I want?"), carried


def test_a_word_of_theirs_said_back_as_the_first_thing_staff_say_is_no_cue_to_say_what_they_want() -> None:
    [reply] = replies(["Fine?"], PERSONAS["withdrawn"], agitation=30)
    assert reply not in topic_lines(PERSONAS["withdrawn"], "request", Band.agitated), reply


@pytest.mark.parametrize(
    "acted", ["*pulls a chair out from the table for him*", "*points him to the bench by the window*"]
)
def test_a_seat_offered_without_a_word_is_answered_as_an_offer_in_the_trainees_word(acted: str) -> None:
    persona = PERSONAS["patient-conflict"]
    [reply] = replies([acted], persona, agitation=45)
    seat = "chair" if "chair" in acted else "bench"
    offered = [
        line.format(offer=f"a {seat}") for line in persona.listening.acts.unknown_offer.at(Band.agitated)
    ]
    assert reply.lower() in {line.lower() for line in offered}, reply


def test_a_seat_offered_to_someone_whose_file_lists_sitting_down_gets_that_answer() -> None:
    persona = PERSONAS["fearful"]
    [reply] = replies(["*draws a chair out for her, away from the door*"], persona, agitation=45)
    sit_down = next(o for o in persona.listening.offers if o.id == "sit-down")
    assert reply in sit_down.answers.at(Band.agitated), reply
