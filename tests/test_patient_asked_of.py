"""The offline patient answers what a turn asks of them by its kind: a small doing where they are (sit up
for the cuff, hold out an arm) as that, not as being told to go somewhere; a question for the reason behind
what they want from the persona's own reasons, not the want said again; staff offering to go as room
given; a request to agree with a yes or a no first. The fixture persona tags each line with what it
answers; the persona files are used where the wording of their lines is what a user would notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from patient_fixtures import first_reply

from coach.config import RESOURCES
from coach.datafiles import load_model
from coach.models import Band, Persona, ReplyKind, Speaker, Turn
from coach.patient.asked_of import asks_agreement, asks_purpose, asks_small_doing, offers_to_go
from coach.patient.recognising import is_band_reply
from coach.personas import load_personas
from coach.turn_context import offers_on_the_table

FIXTURE = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)
PERSONAS = load_personas(RESOURCES / "personas")


def reply_to(text: str, persona: Persona = FIXTURE, agitation: float = 40, session: str = "asked-of") -> str:
    return first_reply(text, persona, agitation=agitation, session=session)


@pytest.mark.parametrize(
    "turn",
    [
        "Could you sit up for me a moment so I can get this cuff on?",
        "Would you mind rolling your sleeve up for me?",
        "Stick your left arm out for me, that's it.",
        "Can you take a slow breath in with me?",
    ],
)
def test_a_small_doing_where_they_are_is_answered_as_that(turn: str) -> None:
    assert reply_to(turn).startswith("Act small request")


@pytest.mark.parametrize(
    "turn",
    [
        "Could you walk down to the clinic with me?",
        "Can you get up and come to the nurses' station?",
    ],
)
def test_being_asked_to_go_somewhere_is_not_a_small_doing(turn: str) -> None:
    assert not reply_to(turn).startswith("Act small request")
    assert not asks_small_doing(turn, [turn])


def test_a_small_doing_is_not_refused_as_if_told_to_leave() -> None:
    """Beth, low and in bed, asked to sit up for her obs: her answer is about the obs, never that she is
    staying put (nobody asked her to go anywhere), in any session."""
    beth = PERSONAS["withdrawn"]
    for session in "abcdef":
        reply = reply_to("Could you prop yourself up a sec so I can do your temperature?", beth, 45, session)
        assert reply in beth.listening.acts.small_request.at(Band.agitated)


@pytest.mark.parametrize(
    "turn",
    [
        "Why does that matter so much to you?",
        "What would having it in your hand tell you?",
        "Can I ask, why's it such a big deal today?",
        "What are you worried might happen?",
    ],
)
def test_a_question_for_the_reason_behind_a_want_gets_their_reason(turn: str) -> None:
    assert reply_to(turn).startswith("Act reason")


@pytest.mark.parametrize(
    "turn",
    [
        "Why didn't you come for breakfast?",
        "What's the matter?",
        "What did the doctor tell you this morning?",
        "What's the most important thing about today?",
    ],
)
def test_a_question_about_what_happened_is_not_taken_for_one_about_reasons(turn: str) -> None:
    assert not asks_purpose(turn)


def test_a_reason_answers_a_what_question_without_a_because() -> None:
    marcus = PERSONAS["paranoid"]
    reasons = marcus.listening.acts.reason.at(Band.agitated)
    why = reply_to("Why does seeing the packet matter to you?", marcus, 45)
    what = reply_to("What would seeing the packet tell you?", marcus, 45)
    assert why in reasons
    assert not what.lower().startswith("because")
    assert any(what.lower() in line.lower() for line in reasons)


def test_staff_offering_to_go_is_answered_as_room_given() -> None:
    assert offers_to_go("D'you want me to pop out for a bit?")
    assert not offers_to_go("Shall I get you a cup of tea?")
    assert not offers_to_go("I'll leave you to it.")  # a goodbye, not a question
    reply = reply_to("D'you want me to pop out for a bit?")
    assert reply in FIXTURE.voice[Band.agitated].replies[ReplyKind.space_given]


def test_staff_taking_themselves_off_is_no_thing_offered() -> None:
    """ "I'll get out of your hair" is staff going, not a hair on offer: never said back as a thing ("My
    hair?"), never on the table in the model patient's prompt; asked as a question, it is room given."""
    for going in ("Right, I'll get out of your hair. Shout if you need me.", "I'll get off now, then."):
        assert offers_on_the_table([Turn(speaker=Speaker.staff, text=going)], FIXTURE) == []
        assert "hair" not in reply_to(going).lower()
    reply = reply_to("Shall I get out of your way for a bit?")
    assert reply in FIXTURE.voice[Band.agitated].replies[ReplyKind.space_given]


@pytest.mark.parametrize(
    ("turn", "on_the_table"),
    [
        ("I'll get you a cup of tea.", ["a cup of tea"]),
        ("Shall I get the box from the clinic?", ["the box from the clinic"]),
        ("I'll get your sister on the phone.", ["ringing my sister"]),  # a call, named as one
    ],
)
def test_an_ordinary_offer_to_get_something_stays_on_the_table(turn: str, on_the_table: list[str]) -> None:
    assert offers_on_the_table([Turn(speaker=Speaker.staff, text=turn)], FIXTURE) == on_the_table


def test_asked_to_agree_they_say_yes_or_no_first() -> None:
    """Beth, asked whether staff may sit by the door: the answer opens with it, whichever session."""
    beth = PERSONAS["withdrawn"]
    assert asks_agreement("I'll sit by the door for ten minutes. Would that be alright?")
    for session in "abcdef":
        reply = reply_to("I'll sit by the door for ten minutes. Would that be alright?", beth, 45, session)
        assert reply.lower().lstrip(".").startswith(("yes", "yeah", "no", "okay", "ok", "thanks", "fine"))


def test_how_is_that_after_a_promise_is_answered_as_agreeing_to_it() -> None:
    """ "How's that?" asks them to take up what was just promised, not for a fact its words are near."""
    assert asks_agreement("How's that?")
    reply = reply_to("I'll ring your sister tonight and ask her to bring more in. How's that?")
    assert reply in FIXTURE.voice[Band.agitated].replies[ReplyKind.options]


@pytest.mark.parametrize(
    "turn",
    ["Why's it got to be this afternoon?", "Why do you need to see it before you'll take them?"],
)
def test_why_a_want_cannot_wait_is_a_question_for_their_reason(turn: str) -> None:
    assert asks_purpose(turn)


def test_the_self_harm_question_in_the_words_wards_use_gets_the_answer_to_it() -> None:
    beth = PERSONAS["withdrawn"]
    topic = next(t for t in beth.listening.topics if t.id == "self-harm")
    reply = reply_to("Can I ask, have you had any thoughts of not wanting to be here today?", beth, 45)
    assert reply in topic.answers.at(Band.agitated)


def test_a_polite_request_with_its_reason_is_not_taken_for_an_order() -> None:
    """Asked, not told, and told why: no "don't tell me what to do", no "why?" back, whichever session."""
    nadia = PERSONAS["fearful"]
    turn = "Would you mind walking down to the office with me? It's just so we're out of everyone's way."
    for session in "abcdef":
        reply = reply_to(turn, nadia, 45, session).lower()
        assert "tell me what to do" not in reply
        assert "why" not in reply


def test_an_offer_of_that_is_not_said_back_as_a_thing() -> None:
    """ "Would it help if I showed you that?": "that" points at what was named, so no line says it back."""
    reply = reply_to("I've got the delivery sheet with me. Would it help if I showed you that as well?")
    assert "offer that" not in reply.lower()
    assert not reply.lower().startswith("that?")


def test_a_reason_said_without_its_because_is_still_the_persona_speaking() -> None:
    marcus = PERSONAS["paranoid"]
    what = reply_to("What would seeing the packet tell you?", marcus, 45)
    assert is_band_reply(marcus, Band.agitated, what)


@pytest.mark.parametrize(
    ("persona_id", "turn"),
    [
        ("fearful", "Take a breath for me. What did you see last night?"),
        ("paranoid", "Hold your arm out for the cuff. What happened with the tablets last night?"),
    ],
)
def test_a_small_doing_with_a_question_for_their_account_gets_the_account(persona_id: str, turn: str) -> None:
    """The question is what they answer; the small doing before it is not what they were asked."""
    persona = PERSONAS[persona_id]
    reply = reply_to(turn, persona, agitation=30)
    assert (
        reply not in persona.listening.acts.small_request.every() + persona.listening.acts.instruction.every()
    )
    assert "last night" in reply.lower(), reply
