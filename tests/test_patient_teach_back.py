"""Teach-back: asked to say back in their own words what staff explained or agreed earlier in the scene, the
offline patient says it back from the staff turn that said it, turned round to their side; a detail of it
put back to them wrong is put right from what was said; a plan put back to them to check is a check, not
the same news again. Staff lines here are written for these tests, not taken from the persona files or the
coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band
from coach.patient.held_to import saying_back
from coach.patient.teach_back import asks_teach_back, turned_round
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("said", "back"),
    [
        (
            "The consultant will see you on Friday afternoon.",
            "The consultant will see me on Friday afternoon",
        ),
        ("I'll sit with you while you fill in the form.", "You'll sit with me while I fill in the form"),
        ("Okay, so you can use my phone after lunch.", "I can use your phone after lunch"),
        ("Read the first page and tell me which bits worry you.", "I read the first page and tell you which"),
        ("You're staying with us until Monday, I'm sorry.", "I'm staying with you until Monday"),
        ("Here's what we've agreed: Pat brings your coat at six.", "Pat brings my coat at six"),
        ("Kim's back on Tuesday, isn't she?", "Kim's back on Tuesday"),
        ("I'll meet you at 4:30, and you can bring it.", "You'll meet me at 4:30, and I can bring it"),
    ],
)
def test_staff_words_are_turned_round_to_the_patient_side(said: str, back: str) -> None:
    assert (turned_round(said, "Alex") or "").startswith(back)


@pytest.mark.parametrize(
    "said", ["Hiya Alex, I'm Jordan.", "I'm so sorry.", "Shall we go to the lounge?", "Right, Alex, okay."]
)
def test_greetings_sorries_and_questions_are_nothing_to_say_back(said: str) -> None:
    assert turned_round(said, "Alex") is None


@pytest.mark.parametrize(
    "question",
    [
        "Just so I know I've explained it right, can you tell me in your own words what happens now?",
        "Go on, say it back to me.",
        "What did we just agree?",
        "whats the plan then",
        "Before you go in, tell me what you're checking for.",
        "Remind me what we said about the phone?",
    ],
)
def test_teach_back_asks_are_read(question: str) -> None:
    assert asks_teach_back(question)


@pytest.mark.parametrize(
    "question",
    [
        "Can you talk me through what happened at lunch?",  # their account, not the plan
        "If she said sorry, what would you say back?",  # what they would say
        "What do you make of the plan?",
        "Does that make sense?",  # whether it went in (coach.patient.understood)
    ],
)
def test_other_questions_are_not_teach_back(question: str) -> None:
    assert not asks_teach_back(question)


@pytest.mark.parametrize(
    ("persona_id", "plan", "ask", "must"),
    [
        (
            "fearful",
            "The consultant will see you on Friday afternoon, and that's when leave gets talked about.",
            "So I know I explained it properly, what happens on Friday, in your own words?",
            ["consultant will see me on friday afternoon"],
        ),
        (
            "paranoid",
            "Hold the box up to the light, then read the batch number on the side to me.",
            "Before you start, tell me what you're checking, so we do it the same way.",
            ["i hold the box up to the light"],
        ),
        (
            "refused-request",
            "I'm sorry, there's no escort today. I'll ring the office at three and ask about tomorrow.",
            "Go on, say it back to me so we've got the same plan.",
            ["you'll ring the office at three"],
        ),
    ],
)
def test_asked_to_say_back_the_plan_they_say_it_back(
    persona_id: str, plan: str, ask: str, must: list[str]
) -> None:
    persona = PERSONAS[persona_id]
    reply = replies([plan, ask], persona, agitation=20)[-1]
    assert all(part in reply.lower() for part in must), reply
    frames = saying_back(persona.listening.acts.held_to.at(Band.for_agitation(20)))
    assert any(reply.lower().startswith(f.split("{offer}")[0].lower()) for f in frames), reply


def test_a_plan_given_in_the_same_turn_is_said_back() -> None:
    turn = "Your nurse Kim will bring the forms at four. Can you say that back to me?"
    reply = replies([turn], PERSONAS["ignored-for-days"], agitation=20)[-1]
    assert "kim will bring the forms at four" in reply.lower(), reply


def test_what_a_colleague_said_is_said_back_as_theirs() -> None:
    persona = PERSONAS["withdrawn"]
    earlier = "Hi, I'm Robin. I'll bring you a sandwich at one and then leave you in peace."
    handover = "Hello, I'm Jess, I've taken over from Robin."
    reply = replies([earlier, handover, "What did Robin tell you was happening?"], persona, agitation=20)[-1]
    assert reply.startswith("Robin said they'll bring me a sandwich at one"), reply


def test_what_is_said_back_passes_the_reply_guards() -> None:
    # another name and age put to them is not said back as theirs, whatever the turn asks
    persona = PERSONAS["withdrawn"]
    turn = "Your name is Laura, you're 52, and you'll see the doctor at two. Say that back to me."
    reply = replies([turn], persona, agitation=20)[-1]
    assert "laura" not in reply.lower() and "52" not in reply, reply


def test_with_nothing_planned_earlier_there_is_nothing_to_say_back() -> None:
    persona = PERSONAS["fearful"]
    reply = replies(["Hello, I'm Jordan.", "What did we just agree?"], persona, agitation=20)[-1]
    assert not reply.lower().startswith(("you said", "you mentioned", "earlier you")), reply


@pytest.mark.parametrize(
    ("persona_id", "plan", "summary", "right"),
    [
        (
            "patient-conflict",
            "Bernie's coming in on Thursday, and I'll speak to her then.",
            "So I'll have a word with Bernie when she's in on Monday, yeah?",
            "thursday",
        ),
        (
            "refused-request",
            "You can ring Ellie on the ward phone on Friday evening.",
            "So, you're ringing her on Tuesday, that right?",
            "friday",
        ),
    ],
)
def test_a_detail_put_back_wrong_is_put_right_from_the_scene(
    persona_id: str, plan: str, summary: str, right: str
) -> None:
    persona = PERSONAS[persona_id]
    corrected = persona.listening.acts.corrected
    assert corrected is not None
    reply = replies([plan, summary], persona, agitation=20)[-1]
    assert right in reply.lower() and "you said" in reply.lower(), reply


@pytest.mark.parametrize(
    "own_correction",
    [
        "Sorry, I got that wrong: Bernie's in on Wednesday, not Thursday. I'll speak to her then.",
        "My mistake, Bernie comes in on Wednesday, and I'll catch her then.",
    ],
)
def test_staff_putting_their_own_detail_right_is_not_corrected_back(own_correction: str) -> None:
    persona = PERSONAS["patient-conflict"]
    plan = "Bernie's coming in on Thursday, and I'll speak to her then."
    reply = replies([plan, own_correction], persona, agitation=20)[-1]
    assert "you said" not in reply.lower(), reply


def test_a_title_shared_is_not_the_same_thing() -> None:
    # "Dr" names no one: another doctor at another time is no wrong detail of what was said
    persona = PERSONAS["fearful"]
    plan = "Dr Okafor will see you at ward round on Thursday."
    reply = replies(
        [plan, "Dr Patel, the duty doctor, is on the ward on Saturday, yeah?"], persona, agitation=20
    )[-1]
    assert "you said" not in reply.lower(), reply


def test_a_time_said_before_is_not_corrected_whatever_it_is_said_with() -> None:
    persona = PERSONAS["refused-request"]
    plan = "I'll post Ellie's card before half five, and you can ring her at half six."
    again = "So we're on: the card in the box before half five, me posting it, Ellie's call at half six."
    reply = replies([plan, again], persona, agitation=10)[-1]
    assert "you said" not in reply.lower(), reply


def test_a_different_time_for_something_else_is_not_corrected() -> None:
    persona = PERSONAS["refused-request"]
    reply = replies(
        ["I'll come back at four with the card.", "The doctor is free at two, by the way."],
        persona,
        agitation=20,
    )[-1]
    assert "you said" not in reply.lower(), reply


def test_the_plan_put_back_to_check_is_answered_as_a_check_not_a_repeat() -> None:
    persona = PERSONAS["fearful"]
    understood, repeated = persona.listening.acts.understood, persona.listening.acts.repeated
    assert understood is not None
    plan = (
        "Here's the plan: a hot drink in the lounge now, and at eleven I'll go through the leaflet with you."
    )
    reply = replies(
        [plan, "So, a hot drink in the lounge now, and the leaflet at eleven. Have I got that right?"],
        persona,
        agitation=20,
    )[-1]
    assert reply in understood.at(Band.calm), reply
    assert reply not in repeated.at(Band.calm)


@pytest.mark.parametrize(
    ("earlier", "put_back", "wrong"),
    [
        (
            "I've asked Sam, the nurse in charge, to go through the appeal form with you at eleven.",
            "So the consultant's doing the appeal form with you, is that right?",
            "consultant",
        ),
        (
            "I'll ring your sister on the ward phone at seven so you can talk to her.",
            "I hear we're ringing your dad on the ward phone tonight?",
            "dad",
        ),
    ],
)
def test_who_was_to_do_it_put_back_wrong_is_put_right(earlier: str, put_back: str, wrong: str) -> None:
    persona = PERSONAS["refused-request"]
    reply = replies([earlier, put_back], persona, agitation=20)[-1]
    assert (
        reply.lower().startswith(("the " + wrong, "your " + wrong, wrong)) and "you said" in reply.lower()
    ), reply


@pytest.mark.parametrize(
    "turn",
    [
        "I've asked the pharmacist to come up and look at the form too.",  # someone new brought in
        "So Sam's doing the appeal form with you at eleven, is that right?",  # the same person
        "Sam, the nurse in charge, will do the appeal form with you, yeah?",  # a tag puts nothing back
        "So, son, the appeal form's at eleven with Sam?",  # "son" said to him is nobody's son
    ],
)
def test_a_person_brought_in_or_named_right_is_not_corrected(turn: str) -> None:
    persona = PERSONAS["refused-request"]
    earlier = "I've asked Sam, the nurse in charge, to go through the appeal form with you at eleven."
    reply = replies([earlier, turn], persona, agitation=20)[-1]
    assert "you said" not in reply.lower(), reply


def test_asked_who_staff_said_a_name_said_in_passing_is_said_back() -> None:
    persona = PERSONAS["ignored-for-days"]
    earlier = [
        "I'll sit with you for the whole call.",
        "Ravi, the charge nurse, is covering my bay so I'm free.",
    ]
    reply = replies([*earlier, "Sorry, who did I say was covering me?"], persona, agitation=20)[-1]
    assert "ravi" in reply.lower(), reply
