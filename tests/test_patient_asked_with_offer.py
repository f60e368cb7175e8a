"""The offline patient when staff ask something of them with something in it for them: what the asking is
for, when it is a thing they want, offered with it; their name said without a comma to get their
attention; staff going now; an order to say sorry. Staff lines here are written for these tests, not taken
from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, departs, read_acts
from coach.config import RESOURCES
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


def test_what_the_asking_is_for_is_offered_when_they_want_it() -> None:
    persona = PERSONAS["fearful"]
    turn = "Could you pass me your phone a sec so you can ring Samira tonight without it going flat?"
    assert "ring-samira" in {o.listed.id for o in read_acts(turn, persona).offers if o.listed is not None}
    ring = next(o for o in persona.listening.offers if o.id == "ring-samira")
    assert first_reply(turn, persona, agitation=10) in ring.answers.calm


def test_a_purpose_they_do_not_want_is_not_offered() -> None:
    persona = PERSONAS["paranoid"]
    assert not next(o for o in persona.listening.offers if o.id == "drink").wants
    assert not read_acts("Could you come to the hatch so you can have a drink of water?", persona).offers


def test_a_purpose_that_names_nothing_they_want_offers_nothing() -> None:
    reading = read_acts(
        "Could you sit down on the bed so I can check your blood pressure?", PERSONAS["withdrawn"]
    )
    assert not reading.offers
    assert reading.requests


@pytest.mark.parametrize("turn", ["marcus can you sit down for me", "Marcus please sit down"])
def test_their_name_without_a_comma_is_said_to_them(turn: str) -> None:
    reading = read_acts(turn, PERSONAS["paranoid"])
    assert reading.requests or Act.instruction in reading.acts


def test_their_name_as_the_subject_of_a_sentence_is_kept() -> None:
    assert Act.instruction not in read_acts("Marcus is the one who asked first.", PERSONAS["paranoid"]).acts


@pytest.mark.parametrize(
    ("said", "going"),
    [
        ("i'm going now, i'll leave the water by the door.", True),
        ("right, i'm leaving, okay?", True),
        ("i'm going to get you a cup of tea.", False),
        ("i'm going now to get the box from the clinic.", True),
    ],
)
def test_staff_going_now(said: str, going: bool) -> None:
    assert departs(said) is going


def test_an_order_to_say_sorry_is_an_order() -> None:
    reading = read_acts(
        "Tell you what, say sorry to Ryan now and we'll leave it there.", PERSONAS["patient-conflict"]
    )
    assert Act.instruction in reading.acts


def test_asked_to_do_something_beside_what_they_want_they_go_along_and_take_it_up() -> None:
    persona = PERSONAS["fearful"]
    sketchbook = next(o for o in persona.listening.offers if o.id == "sketchbook")
    reply = first_reply(
        "Could you stop banging on the door, please? I'll fetch your sketchbook.", persona, agitation=30
    )
    along, _, answer = reply.partition(" ")
    assert along in ("Okay.", "Fine.", "Yes.", "Alright.", "Right."), reply
    assert answer in sketchbook.answers.agitated, reply


def test_no_going_along_when_what_is_asked_is_the_thing_offered() -> None:
    persona = PERSONAS["fearful"]
    lounge = next(o for o in persona.listening.offers if o.id == "lounge")
    reply = first_reply("Could you come and sit in the lounge with me? It's quieter.", persona, agitation=30)
    assert reply in lounge.answers.agitated, reply
