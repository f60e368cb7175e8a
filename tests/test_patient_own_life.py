"""Plain questions about their own life and things: a short question that follows what the same turn said
("Someone said you play Sunday league. What position?") is about that; "out there" says where, not what;
"Any kids?" asks, it offers nothing. Staff lines here are written for these tests, not taken from the
persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.asked import about
from coach.personas import load_personas
from coach.wording import fold, stems
from tests.patient_fixtures import replies, topic_lines

PERSONAS = load_personas(RESOURCES / "personas")


def test_where_pointed_at_is_not_what_a_question_is_about() -> None:
    assert about("So what have you got growing out there?") == stems("got growing")


def test_d_you_is_no_word_of_what_is_asked() -> None:
    assert stems(fold("Which kind d'you like?")) == stems("kind")


@pytest.mark.parametrize(
    "turn", ["Have you got family nearby? Any kids?", "Any grandkids?", "Any brothers or sisters?"]
)
def test_asked_who_they_have_nothing_is_offered(turn: str) -> None:
    assert read_acts(turn, PERSONAS["ignored-for-days"]).offers == []


@pytest.mark.parametrize(
    ("persona_id", "topic_id", "turn", "holds"),
    [
        (
            "ignored-for-days",
            "pastimes",
            "I hear there's a balcony at yours. What do you grow out there?",
            "tomato",
        ),
        ("refused-request", "interests", "One of the lads says you play on Sundays. What position?", "goal"),
        ("paranoid", "interests", "Bit of a crossword fan, are you? Which kind?", "cryptic"),
    ],
)
def test_a_short_question_after_what_the_turn_said_is_answered_about_it(
    persona_id: str, topic_id: str, turn: str, holds: str
) -> None:
    persona = PERSONAS[persona_id]
    lines = topic_lines(persona, topic_id, Band.calm)
    # in every session's order of the topic's lines, not only one
    said = [replies([turn], persona, agitation=5, session=f"s{n}")[-1] for n in range(6)]
    assert all(reply in lines and holds in reply.lower() for reply in said), said
