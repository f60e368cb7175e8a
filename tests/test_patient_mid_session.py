"""The middle of an ordinary session: a question put as "can you tell me ...", how they are asked with a
lead-in, a no with a plan for another day, what they like doing, a bodily state asked plainly, a choice with
a condition on one side. Staff lines here are written for these tests, not taken from the persona files or
the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, read_acts
from coach.asking import checks_on_them
from coach.config import RESOURCES
from coach.models import Band
from coach.options import either_or
from coach.personas import load_personas
from coach.wording import fold
from tests.patient_fixtures import no_grade, replies, topic_lines

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "question",
    [
        "Could you tell me what the doctor said this morning?",
        "Can you please tell me how it started?",
        "Go on then, tell us what's gone on, from the start.",
        "Would you explain what you need it for?",
    ],
)
def test_a_question_put_as_can_you_tell_me_asks_for_an_account(question: str) -> None:
    reading = read_acts(question, PERSONAS["fearful"])
    assert reading.questions and reading.questions[-1].open, reading.questions


def test_asked_to_tell_what_a_letter_is_about_they_say_what_it_says_without_a_made_up_yes() -> None:
    reply = replies(["Could you tell me what that letter says, Maureen?"], PERSONAS["ignored-for-days"])[-1]
    assert not reply.startswith("Yes."), reply
    assert any(word in reply.lower() for word in ("£380", "rent", "benefit", "payment plan")), reply


@pytest.mark.parametrize(
    "turn",
    [
        "The consultant will see you after lunch on Monday.",
        "Nice to see you up and about.",
        "Dr Shah is going to see you at ward round.",
    ],
)
def test_someone_else_seeing_them_is_no_goodbye(turn: str) -> None:
    assert Act.closing not in read_acts(turn, PERSONAS["fearful"]).acts


@pytest.mark.parametrize(
    "turn", ["Right, I'll see you later.", "See you tomorrow, Nadia.", "Catch you in a bit."]
)
def test_staff_taking_leave_is_still_a_goodbye(turn: str) -> None:
    assert Act.closing in read_acts(turn, PERSONAS["fearful"]).acts


def test_a_no_with_someone_elses_plan_for_another_day_is_answered_as_a_put_off() -> None:
    turn = (
        "I'm really sorry, you can't go home this evening. The doctors have to agree it, "
        "and the consultant will see you on Thursday at ward round."
    )
    persona = PERSONAS["fearful"]
    reply = replies([turn], persona, agitation=45, grade=no_grade(tone=4))[-1]
    put_off = [
        fold(line).split("{offer}")[-1].strip(" ?") for line in persona.listening.acts.put_off.agitated
    ]
    assert any(part and part in fold(reply) for part in put_off), reply
    assert "today?" not in reply.lower(), reply


def test_a_no_with_an_offer_of_what_staff_will_do_is_answered_as_the_offer() -> None:
    turn = (
        "I can't get the arrears wiped, that's not down to us, but I can help you ring them this afternoon."
    )
    persona = PERSONAS["ignored-for-days"]
    reply = replies([turn], persona, agitation=30, grade=no_grade(tone=4))[-1]
    put_off = {fold(line) for line in persona.listening.acts.put_off.at(Band.for_agitation(30))}
    assert not any(
        fold(reply).startswith(line.split("{offer}")[0]) and "{offer}" not in line for line in put_off
    )
    assert "someone'll come back" not in reply.lower(), reply


@pytest.mark.parametrize(
    ("question", "checks"),
    [
        ("before we start on the form, how are you doing?", True),
        ("how are you doing now, bit better?", True),
        ("you alright, mate?", True),
        ("first free weekend, how are you spending it?", False),
        ("how are you getting on with the letter?", False),
        ("how are you feeling about thursday?", False),
    ],
)
def test_how_they_are_is_read_apart_from_what_else_a_question_asks(question: str, checks: bool) -> None:
    assert checks_on_them(question, PERSONAS["patient-conflict"]) is checks


def test_asked_how_they_are_after_talk_of_the_letter_they_say_how_they_are() -> None:
    persona = PERSONAS["ignored-for-days"]
    turns = [
        "I've read it with you now: £380 and a call by Friday.",
        "Before we phone them, how are you doing? You look shattered.",
    ]
    reply = replies(turns, persona, agitation=10)[-1]
    assert reply in persona.listening.acts.check_in.calm, reply


def test_asked_what_they_like_doing_they_name_a_pastime_before_their_job() -> None:
    persona = PERSONAS["ignored-for-days"]
    lines = topic_lines(persona, "pastimes", Band.calm)
    turn = "We've got a while yet. So what do you like doing on your days at home?"
    # in every session's order of lines, not only one
    said = [replies([turn], persona, agitation=5, session=f"s{n}")[-1] for n in range(8)]
    assert all(reply in lines and "receptionist" not in reply for reply in said), said


def test_a_bodily_state_asked_plainly_is_no_misreading() -> None:
    persona = PERSONAS["withdrawn"]
    reply = replies(["You've missed lunch. Are you hungry at all?"], persona, agitation=20)[-1]
    assert not reply.lower().startswith("hungry? ...no. not really."), reply


@pytest.mark.parametrize(
    ("sentence", "options"),
    [
        (
            "Do you want to read it out to me, or shall I read it and you stop me if I get anything wrong?",
            ("read it out to me", "read it and you stop me"),
        ),
        ("Shall we sit here, or go to the quiet room if you'd rather?", ("sit here", "go to the quiet room")),
    ],
)
def test_a_condition_on_an_option_is_no_part_of_it(sentence: str, options: tuple[str, ...]) -> None:
    assert either_or(sentence) == options


def test_going_over_something_together_is_offered_as_the_doing() -> None:
    reading = read_acts("Can I go through your care plan with you?", PERSONAS["fearful"])
    assert [o.words for o in reading.offers] == ["going through my care plan with me"]
