"""Asked whether they took in what was explained or agreed ("does that make sense?", "have I got that
right?"), the offline patient says whether they got it from the persona's `acts.understood` lines; a turn
that asks something else, or refuses, is answered for that. Staff lines here are written for these tests,
not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.understood import understood_answers
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")
EXPLAINED = "The social worker is in at two, and she can sit down with you then."


def test_every_persona_has_the_block_at_every_band() -> None:
    for persona in PERSONAS.values():
        understood = persona.listening.acts.understood
        assert understood is not None and all(understood.at(band) for band in Band), persona.id


@pytest.mark.parametrize(
    ("persona_id", "agitation", "check"),
    [
        ("ignored-for-days", 20, "Does all that make sense, love?"),
        ("refused-request", 30, "Have you actually taken in what I just said?"),
        ("paranoid", 15, "Got all that, Marcus?"),
        ("withdrawn", 25, "Is that clear enough?"),
    ],
)
def test_a_check_that_they_took_it_in_gets_their_answer(
    persona_id: str, agitation: float, check: str
) -> None:
    persona = PERSONAS[persona_id]
    understood = persona.listening.acts.understood
    assert understood is not None
    reply = replies([EXPLAINED, check], persona, agitation=agitation)[-1]
    assert reply in understood.at(Band.for_agitation(agitation)), reply


@pytest.mark.parametrize(
    "turn",
    [
        "Did you hear them shouting last night?",  # asks what they heard, not whether they took it in
        "What do you make of that?",  # their view
        "Have you got your phone on you?",
    ],
)
def test_other_questions_are_not_checks(turn: str) -> None:
    persona = PERSONAS["fearful"]
    understood = persona.listening.acts.understood
    assert understood is not None
    reply = replies([EXPLAINED, turn], persona, agitation=20)[-1]
    assert reply not in [line for band in Band for line in understood.at(band)], reply


def test_a_persona_without_the_block_answers_as_before() -> None:
    persona = PERSONAS["fearful"]
    blank = persona.model_copy(
        update={
            "listening": persona.listening.model_copy(
                update={"acts": persona.listening.acts.model_copy(update={"understood": None})}
            )
        }
    )
    now = read_acts("Does that make sense?", blank)
    assert list(understood_answers("Does that make sense?", now, blank, Band.calm)) == []
