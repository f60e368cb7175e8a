"""The offline patient reassured, well or badly: a promise surer than anyone could be is doubted, and
staff coming back as promised to ask how they are get an answer to how they are. Staff lines here are
written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "Trust me, you'll definitely be back home by the weekend.",
        "I'll sort it all out tonight, guaranteed.",
        "Don't fret, it'll all be fine, honestly.",
        "First thing tomorrow, I promise.",
        "You have my word, it will all be sorted by Friday.",
    ],
)
@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_a_promise_surer_than_anyone_could_be_is_doubted(persona_id: str, turn: str) -> None:
    persona = PERSONAS[persona_id]
    lines = persona.listening.acts.too_sure
    assert lines is not None
    [reply] = replies([turn], persona, agitation=40)
    assert reply in lines.at(Band.agitated), reply


@pytest.mark.parametrize(
    "turn",
    [
        "I'll come back at eight and check on you.",
        "Your sister rang: she says she'll definitely be in at two.",
        "I promise I'll be back in ten minutes.",
    ],
)
def test_a_plain_promise_or_someone_elses_word_passed_on_is_not_doubted(turn: str) -> None:
    persona = PERSONAS["fearful"]
    assert persona.listening.acts.too_sure is not None
    [reply] = replies([turn], persona, agitation=40)
    assert reply not in persona.listening.acts.too_sure.at(Band.agitated), reply


def test_asked_whether_tonight_is_still_bothering_them_is_a_check_in() -> None:
    assert Act.check_in in read_acts("Is any of it still bothering you?", PERSONAS["withdrawn"]).acts


def test_back_as_promised_asking_how_they_are_gets_how_they_are() -> None:
    persona = PERSONAS["patient-conflict"]
    said = replies(
        [
            "I'll ask Sam to keep Ryan in the lounge. Grab a brew and I'll be back with you in ten minutes.",
            "*comes back* Ten minutes, like I said. Is it still getting to you?",
        ],
        persona,
        agitation=10,
    )
    assert said[-1] in persona.listening.acts.check_in.at(Band.calm), said
