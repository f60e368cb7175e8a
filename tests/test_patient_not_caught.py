"""The offline patient asked to say it again, the rest of a word of theirs, or what it meant: what they
said, said again; the words that went with the word; what it meant, from the topic it came from. Not an
answer to the "sorry" around the asking, and their words quoted back to check them are not mimicry. Staff
lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.options import options_of
from coach.personas import load_personas
from tests.patient_fixtures import first_reply, replies, topic_lines

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("persona_id", "turn", "said"),
    [
        (
            "refused-request",
            "Sorry mate, I was miles away. Could you say it again?",
            "who's taking me to the shop?",
        ),
        ("fearful", "Sorry, didn't quite catch that.", "when i can go home?"),
        (
            "fearful",
            "I'm not following you, sorry. Can you tell me again, a bit slower?",
            "when i can go home?",
        ),
        ("refused-request", "Whoa, slow down. Say it slower for me?", "who's taking me to the shop?"),
    ],
)
def test_asked_to_say_it_again_they_say_what_they_asked(persona_id: str, turn: str, said: str) -> None:
    reply = first_reply(turn, PERSONAS[persona_id], agitation=15)
    assert reply.startswith("I said, ") and reply.lower().endswith(said), reply


def test_a_word_of_theirs_asked_about_gets_the_words_that_went_with_it() -> None:
    reply = first_reply(
        "Sorry, I missed the end of that. Lose what?", PERSONAS["ignored-for-days"], agitation=20
    )
    assert reply == "Lose my flat.", reply


def test_what_a_word_of_theirs_meant_comes_from_its_topic() -> None:
    persona = PERSONAS["paranoid"]
    reply = first_reply("Not your tablets? How do you mean?", persona, agitation=30)
    assert reply in topic_lines(persona, "tablets", Band.for_agitation(30)), reply


def test_their_words_quoted_back_to_check_them_are_not_mockery() -> None:
    persona = PERSONAS["withdrawn"]
    mocked = persona.listening.acts.mocked
    assert mocked is not None
    reply = first_reply(
        "Sorry, was that 'can you shut the door'? Shut right to, or open a bit?", persona, agitation=20
    )
    assert reply not in mocked.at(Band.for_agitation(20)), reply


@pytest.mark.parametrize(
    "turn",
    [
        "I know what you mean.",  # no question
        "So what time did I say again?",  # staff asking what they themselves said
    ],
)
def test_turns_that_ask_nothing_of_what_they_said_are_not_answered_so(turn: str) -> None:
    reply = replies(
        ["I'll come back at four and we'll ring them together.", turn], PERSONAS["ignored-for-days"]
    )[-1]
    assert not reply.startswith("I said, "), reply


@pytest.mark.parametrize(
    ("turn", "options"),
    [
        ("Do you want it shut or open?", ("shut", "open")),
        ("Would you like it right shut, or left a bit open?", ("right shut", "left a bit open")),
        ("Do you want that one or this one?", ("that one", "this one")),
    ],
)
def test_an_object_pronoun_is_no_part_of_the_first_option(turn: str, options: tuple[str, ...]) -> None:
    assert options_of(turn) == options
