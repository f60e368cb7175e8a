"""Being made fun of: laughter at what they said, their words mimicked back in quotes, or a name put on
them is answered as mockery first, in every persona's voice; a joke at staff's own expense is not. Also
two small readings of the round: a learner's "Is okay?" tag and a knock said aloud. Staff lines here are
written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acted import read_acted
from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "Haha, honestly, you and your worries.",
        "*laughs* Come off it.",
        "Oh here we go again.",
        "You sound like a parrot today.",
        "Right, grumpy pants, what now?",
    ],
)
@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_being_made_fun_of_is_answered_first_as_mockery(persona_id: str, turn: str) -> None:
    persona = PERSONAS[persona_id]
    lines = persona.listening.acts.mocked
    assert lines is not None
    [reply] = replies([turn], persona, agitation=40)
    assert any(line in reply for line in lines.at(Band.agitated)), reply


def test_their_own_words_said_back_in_quotes_are_mimicry() -> None:
    persona = PERSONAS["refused-request"]
    opening = persona.opening.text  # "... Who's taking me to the shop? ..."
    assert "taking me to the shop" in opening
    [reply] = replies(
        ["'Who's taking me to the shop, who's taking me to the shop.' Give it a rest."], persona
    )
    assert any(line in reply for line in persona.listening.acts.mocked.at(Band.agitated)), reply


@pytest.mark.parametrize(
    "turn",
    [
        "Here's a tea. Fair warning, my tea is famously terrible.",
        "I'm not laughing at you, I promise. Tell me more.",
        "My handwriting's a disgrace, so you'd better read this form back to me.",
    ],
)
def test_a_joke_at_staffs_own_expense_or_a_word_about_laughing_is_no_mockery(turn: str) -> None:
    persona = PERSONAS["fearful"]
    [reply] = replies([turn], persona, agitation=40)
    assert reply not in persona.listening.acts.mocked.at(Band.agitated), reply


def test_a_learners_is_okay_tag_asks_them_to_agree_with_what_was_said() -> None:
    reading = read_acts("I put your tray here, by the window. Is okay?", PERSONAS["withdrawn"])
    assert Act.question not in reading.acts, reading.questions


def test_knock_knock_said_aloud_is_a_knock() -> None:
    assert read_acted("Knock knock! It's only me, Sam.").knocked
    assert not read_acted("Who's there? Not a knock-knock joke, I promise.").knocked


@pytest.mark.parametrize(
    "turn",
    ["Here we go, one tea, milk no sugar.", "Typical Monday on here, eh?", "You look like a new woman!"],
)
def test_words_that_only_look_like_mockery_are_not(turn: str) -> None:
    persona = PERSONAS["patient-conflict"]
    [reply] = replies([turn], persona, agitation=40)
    assert reply not in persona.listening.acts.mocked.at(Band.agitated), reply
