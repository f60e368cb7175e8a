"""Asked what staff said they would do, the offline patient says it back, as an answer: not asked after
as if it were offered again ("Is that still on?"), all of it when more than one thing was promised, and a
listed offer in the words the turn used; a goodbye that sets the time is not met with "is that still
happening?"; "what I can do is ..." after a no is the offer it makes; and a fact written in parts is said
only as far as it answers; being heard is not thanked as help offered. Staff lines here are written for
these tests."""

from __future__ import annotations

import re

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band, Grade, PatientState, Persona, Scores, Speaker, Turn
from coach.patient.asked import Asked
from coach.patient.base import PatientContext
from coach.patient.facts import fact_said
from coach.patient.offline import OfflinePatient
from coach.patient.recognising import is_band_reply
from coach.personas import load_personas
from coach.stance import Stance

PERSONAS = load_personas(RESOURCES / "personas")
PATIENT = OfflinePatient()


def replies(persona: Persona, *lines: str, agitation: float = 20, meets_need: bool = False) -> list[str]:
    """The patient's replies to staff `lines`, the state held at `agitation`; every turn meets the need
    when `meets_need`."""
    history = [Turn(speaker=Speaker.patient, text=persona.opening.text)]
    state = PatientState(agitation=agitation, band=Band.for_agitation(agitation), peak=agitation)
    grade = Grade(
        scores=Scores(tone=4, no_brevity=None, options=0, escalation_risk=2),
        refusal=False,
        grader="test",
        meets_need=meets_need,
    )
    out = []
    for text in lines:
        history.append(Turn(speaker=Speaker.staff, text=text, stance=Stance()))
        ctx = PatientContext(
            session_id="back", persona=persona, state=state, history=history, grade=grade, stance=Stance()
        )
        reply = PATIENT.reply(ctx).text
        history.append(Turn(speaker=Speaker.patient, text=reply, state=state))
        out.append(reply)
    return out


@pytest.mark.parametrize(
    ("persona", "promise", "question", "thing"),
    [
        (
            "ignored-for-days",
            "I'll photocopy your letter before lunch.",
            "Sorry, what did I tell you I'd do?",
            "photocopy",
        ),
        ("refused-request", "I'll ring Gemma at five.", "Go on then, what time did I say I'd ring?", "five"),
        ("withdrawn", "I'll bring you some toast at eleven.", "Which was it I said I'd fetch?", "toast"),
        (
            "fearful",
            "I'll bring you a blanket from the linen cupboard.",
            "Remind me, what am I getting?",
            "blanket",
        ),
    ],
)
def test_asked_what_staff_said_the_patient_says_it_back_without_asking_after_it(
    persona: str, promise: str, question: str, thing: str
) -> None:
    *_, reply = replies(PERSONAS[persona], promise, "How are you getting on with the food here?", question)
    assert thing in reply.lower()
    assert "?" not in reply and "still" not in reply.lower()


def test_asked_what_they_were_promised_the_patient_says_back_every_promise() -> None:
    *_, reply = replies(
        PERSONAS["patient-conflict"],
        "I'll have a word with the nurse in charge about the fridge.",
        "And I'll talk to Ryan on his own after that.",
        "So what have I said I'll do for you, then?",
    )
    assert "nurse in charge" in reply and "Ryan" in reply
    assert is_band_reply(PERSONAS["patient-conflict"], Band.calm, reply)  # in the file's own frame
    assert "after that" not in reply  # "after that" meant after the turn before; said back it means nothing


def test_a_listed_offer_is_said_back_in_the_words_the_turn_used() -> None:
    *_, reply = replies(
        PERSONAS["ignored-for-days"],
        "The social worker's on today and I've asked her to pop by at three.",
        "Hang on, the phone's going.",
        "Who did I say was coming?",
    )
    assert "social worker" in reply and "coming to help" not in reply


def test_a_goodbye_that_sets_the_time_is_not_asked_whether_the_plan_still_stands() -> None:
    maureen = PERSONAS["ignored-for-days"]
    *_, reply = replies(
        maureen,
        "I'm going to help you sort the letter out today.",
        "Right, I've put it on the board: three o'clock, you and me and the letter. See you then.",
    )
    assert "still" not in reply.lower() and "help me" not in reply.lower()


@pytest.mark.parametrize(
    "turn",
    [
        "I can't let you go home today. What I can do is ring your sister now.",
        "Going home isn't up to me. What we could do, though, is phone your sister.",
    ],
)
def test_what_i_can_do_after_a_no_is_an_offer_and_is_answered_as_one(turn: str) -> None:
    nadia = PERSONAS["fearful"]
    reading = read_acts(turn, nadia)
    assert Act.question not in reading.acts
    assert [o.listed.id for o in reading.offers if o.listed] == ["ring-samira"]
    (reply,) = replies(nadia, turn, agitation=40)
    listed = next(o for o in nadia.listening.offers if o.id == "ring-samira")
    assert reply in listed.answers.at(Band.agitated)


def test_a_fact_in_parts_is_said_only_as_far_as_it_answers() -> None:
    fact = "My brother is my next of kin; the shop shuts at nine."
    assert fact_said(fact, "Who's your next of kin?", Asked.person) == "My brother is my next of kin."
    assert fact_said(fact, "What time does the shop shut?", Asked.clock) == fact
    nadia = PERSONAS["fearful"]
    (reply,) = replies(nadia, "Who do we ring as your next of kin?", agitation=40)
    assert "Samira" in reply and "pm" not in reply
    assert is_band_reply(nadia, Band.agitated, reply)


@pytest.mark.parametrize(
    "turn",
    [
        "That must've been bloody terrifying, seeing that from your doorway.",
        "Anybody'd be rattled after a night like that.",
    ],
)
def test_being_heard_in_plain_words_is_read_as_validation(turn: str) -> None:
    assert Act.validation in read_acts(turn, PERSONAS["fearful"]).acts


def test_a_need_met_by_being_heard_is_not_thanked_as_help_offered() -> None:
    callum = PERSONAS["refused-request"]
    turn = "It's not really about the shop, is it. It's Ellie knowing her dad remembered her."
    (reply,) = replies(callum, turn, agitation=40, meets_need=True)
    assert not re.search(r"\b(?:could work|you'd|you'll|sorted)\b", reply.lower())
