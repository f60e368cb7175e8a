"""The offline patient when one staff turn carries several things: the heart of it answered, not a side
detail. Staff going now, words for a colleague in the middle of the turn, a need met beside something
smaller, and the offers and questions that were put in a trainee's own shape or dialect. Staff lines here
are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band, Grade, Persona, ReplyKind, Scores
from coach.personas import load_personas
from coach.spelling import standard_spelling
from tests.patient_fixtures import first_reply, replies

PERSONAS = load_personas(RESOURCES / "personas")

# The grader decides whether a turn meets the need; these tests hold that part of its grade fixed.
NEED_MET = Grade(
    scores=Scores(tone=4, no_brevity=None, options=0, escalation_risk=2),
    refusal=False,
    grader="test",
    meets_need=True,
)


def _need_met_lines(persona: Persona, band: Band) -> list[str]:
    return persona.voice[band].replies[ReplyKind.need_met]


def test_staff_going_now_is_answered_before_what_comes_with_it() -> None:
    persona = PERSONAS["fearful"]
    turn = "Sorry pet, I've got to go and help on the other ward, but I'll bring your pencils when I'm back."
    reply = first_reply(turn, persona, agitation=40)
    assert reply in persona.listening.acts.closing.agitated, reply


def test_going_with_someone_else_named_in_their_place_is_no_goodbye() -> None:
    persona = PERSONAS["fearful"]
    reply = first_reply(
        "I have to go now, love. This is Dev, he's going to stay with you.", persona, agitation=40
    )
    assert reply not in persona.listening.acts.closing.agitated, reply


def test_the_need_met_before_going_is_the_news_of_the_turn() -> None:
    persona = PERSONAS["ignored-for-days"]
    turn = (
        "Jo's going to ring the housing association with you this afternoon. "
        "I've got to go and do the obs now, but I'll be back at three."
    )
    reply = first_reply(turn, persona, agitation=40, grade=NEED_MET)
    assert reply in _need_met_lines(persona, Band.agitated), reply


def test_called_away_now_and_coming_back_is_going() -> None:
    reading = read_acts(
        "I need to do the two o'clock meds now, but I'll be back at half two.", PERSONAS["withdrawn"]
    )
    assert Act.closing in reading.acts


def test_words_to_a_colleague_after_a_break_off_ask_the_patient_nothing() -> None:
    persona = PERSONAS["withdrawn"]
    turn = (
        "Hang on a sec. Priya, could you take these cups back to the kitchen? Thanks. "
        "Sorry Beth. Did you manage any sleep?"
    )
    assert first_reply(turn, persona, agitation=40) == first_reply(
        "Did you manage any sleep?", persona, agitation=40
    )


def test_a_sorry_that_meets_the_need_comes_before_a_question_tacked_on() -> None:
    persona = PERSONAS["paranoid"]
    turn = "I'm sorry about last night, walking off on you wasn't right. Did you get any sleep?"
    reply = first_reply(turn, persona, agitation=10, grade=NEED_MET)
    assert reply in persona.listening.acts.apology.calm, reply


def test_a_sorry_for_something_else_leaves_the_question_to_be_answered() -> None:
    persona = PERSONAS["paranoid"]
    turn = "Sorry about my writing, it's a mess. Did you get any sleep?"
    reply = first_reply(turn, persona, agitation=10, grade=NEED_MET)
    assert reply not in persona.listening.acts.apology.calm, reply


def test_a_promise_kept_that_meets_the_need_is_the_news_not_the_thing_brought_beside_it() -> None:
    persona = PERSONAS["fearful"]
    said = replies(
        [
            "I'll ring Samira at nine and let her know how you are.",
            "I've rung Samira, like I said I would. She's coming in at two. "
            "I've brought your pencils up too.",
        ],
        persona,
        agitation=40,
        grade=NEED_MET,
    )
    assert said[-1] in _need_met_lines(persona, Band.agitated), said


@pytest.mark.parametrize(
    ("persona_id", "turn", "offer_id"),
    [
        ("refused-request", "Would you want to phone Ellie after tea?", "phone"),
        ("paranoid", "I've got the packet here if you'd like a look at it.", "see-box"),
    ],
)
def test_offers_in_a_trainees_own_shape_name_the_listed_offer(
    persona_id: str, turn: str, offer_id: str
) -> None:
    persona = PERSONAS[persona_id]
    assert offer_id in {o.id for o in persona.listening.offers}
    assert offer_id in {o.listed.id for o in read_acts(turn, persona).offers if o.listed is not None}


def test_what_the_thing_they_want_is_in_aid_of_gets_the_reason() -> None:
    persona = PERSONAS["refused-request"]
    reply = first_reply("What's the trip in aid of, then?", persona, agitation=20)
    assert reply.removeprefix("Because ") in " ".join(persona.listening.acts.reason.calm), reply


def test_course_you_sides_with_them() -> None:
    reading = read_acts("Course you're fed up, nobody's said a word to you about why.", PERSONAS["paranoid"])
    assert Act.validation in reading.acts


def test_scots_and_yorkshire_spellings_are_read_as_the_standard_words() -> None:
    said = standard_spelling(
        "D'ye want a walk roond the garden wi' me? I'm gonnae dae the meds. I've brought t'paper."
    )
    assert (
        said
        == "do you want a walk round the garden with me? I'm going to do the meds. I've brought the paper."
    )
