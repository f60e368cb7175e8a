"""The offline patient when the talk is not one-to-one: talked about in front of them, words to a colleague
then words to them by name, a colleague asked to fetch a thing, a nurse on later presented, their questions
invited, and the small readings round 22 of the coherence suite asked for (a trailing "or...?", a thing put
as a question of its own, a text contraction before an option). Staff lines here are written for these
tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acted import read_acted
from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.choosing import pick
from coach.patient.talked_about import talked_about
from coach.personas import load_personas
from coach.said_aloud import turned_back
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("persona_id", "turn"),
    [
        (
            "withdrawn",
            "shes had nothing since breakfast and she wont look at anyone. put her down as declining",
        ),
        (
            "paranoid",
            "Kemi, he's not having them again. Write it up, he can see the doctor tomorrow if he wants.",
        ),
        ("refused-request", "Sam, hes wound up about his leave. Stay with him while I ring the office."),
    ],
)
def test_talk_about_them_in_front_of_them_is_heard_as_such(persona_id: str, turn: str) -> None:
    persona = PERSONAS[persona_id]
    assert talked_about(turn, persona)
    [reply] = replies([turn], persona, agitation=10)
    lines = persona.listening.acts.talked_about
    assert lines is not None
    assert reply in lines.at(Band.calm), reply


@pytest.mark.parametrize(
    ("persona_id", "turn", "before"),
    [
        ("fearful", "She rang at lunch. She can ring you again at six, she said.", ""),  # "you" is them
        ("fearful", "Your sister's coming. She'll be here at two and she's bringing her car.", ""),
        ("patient-conflict", "He's in his room now and he's staying there.", "HE ate it! Him!"),  # Ryan
        ("withdrawn", "She's on her break.", ""),  # one mention: anyone
    ],
)
def test_someone_else_in_the_same_pronoun_is_not_them(persona_id: str, turn: str, before: str) -> None:
    assert not talked_about(turn, PERSONAS[persona_id], before)


def test_words_to_a_colleague_then_to_them_by_name_are_answered_for_what_was_said_to_them() -> None:
    persona = PERSONAS["paranoid"]
    turn = "Gill, could you hold the fort at the hatch? Ta. Marcus, is there anything you'd like to ask me?"
    [reply] = replies([turn], persona, agitation=10)
    [asked] = replies(["Is there anything you'd like to ask me?"], persona, agitation=10)
    assert reply == asked


def test_their_questions_invited_get_what_they_want() -> None:
    persona = PERSONAS["paranoid"]
    [reply] = replies(["Any questions for me before I go back out?"], persona, agitation=10)
    assert "box" in reply.lower(), reply


@pytest.mark.parametrize(
    ("turn", "calls"),
    [
        ("Priya, can you grab a couple of blankets from the linen cupboard?", False),
        ("Priya, can you get the nurse in charge?", True),
        ("Priya, can you come here a sec?", True),
    ],
)
def test_a_colleague_asked_to_fetch_a_thing_calls_nobody(turn: str, calls: bool) -> None:
    assert read_acted(turn, "Beth Lowry").called is calls


def test_a_nurse_on_later_is_presented_not_taking_over() -> None:
    assert not read_acted("This is Ola, she's the nurse on tonight.", "Beth Lowry").handed_over
    assert read_acted("This is Ola, she's your nurse for the rest of the day.", "Beth Lowry").handed_over


def test_a_trailing_or_leads_no_offer() -> None:
    assert not read_acts("Is the telly too loud for you in here, or...?", PERSONAS["withdrawn"]).offers


def test_a_listed_thing_put_as_a_question_of_its_own_is_offered_unless_refused_next() -> None:
    persona = PERSONAS["fearful"]
    assert [o.listed.id for o in read_acts("Lounge, where it's calmer?", persona).offers if o.listed] == [
        "lounge"
    ]
    assert not read_acts("The lounge? No, not now.", persona).offers


def test_a_text_contraction_is_not_said_back_as_part_of_the_option() -> None:
    persona = PERSONAS["fearful"]
    turn = "Do you want to talk to her now or shall I tell her youll ring her back from the lounge after tea?"
    taken = pick(read_acts(turn, persona).options, persona)
    assert taken.words == "ring her", taken.words


@pytest.mark.parametrize(
    ("turn", "name", "back"),
    [
        (
            "Sam, can you grab the post? Ta. Cal, it'll be here in a sec.",
            "Callum Reid",
            "Cal, it'll be here in a sec.",
        ),
        ("Priya, can you come here? Mark, you too.", "Marcus Bell", None),  # Mark is not Marcus
        ("Priya, can you come here a sec?", "Marcus Bell", None),
    ],
)
def test_the_words_said_to_them_after_a_colleague_start_at_their_name(
    turn: str, name: str, back: str | None
) -> None:
    assert turned_back(turn, name) == back
