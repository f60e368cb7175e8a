"""The offline patient told why, or told nothing but the rule: the fault put on them heard as a telling-off,
"them's the rules" asked about, a shift's time and a day to come read for what they are, a seat offered in
words, and the other readings of round 35 (the coherence README). Staff lines here are written for these
tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.put_off import put_off_to
from coach.patient.reason_given import gives_reason, rules_only
from coach.personas import load_personas
from coach.said_aloud import spoken_to_colleague
from coach.siding import tells_off
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "to be honest some of this is on you, you never label anything",
        "well that's your own fault for leaving it there",
        "you brought this on yourself, mate",
        "the delay is partly down to you",
        "is this how you treat people at home?",
        "half the reason it's slow is you keep ringing the bell",
    ],
)
def test_the_fault_put_on_them_is_a_telling_off(turn: str) -> None:
    assert tells_off(turn)


@pytest.mark.parametrize(
    "turn",
    [
        "none of this is your fault",
        "it's not your fault",
        "none of this is on you",
        "whether you go is down to you",
        "i know you keep asking, and that's fair",
    ],
)
def test_taking_the_fault_off_them_is_no_telling_off(turn: str) -> None:
    assert not tells_off(turn)


def test_blamed_they_answer_the_blame() -> None:
    persona = PERSONAS["patient-conflict"]
    [reply] = replies(
        ["Thing is, some of this is on you for not labelling it better."], persona, agitation=35
    )
    assert reply in persona.listening.acts.told_off.at(Band.agitated), reply  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "turn",
    [
        "You can't go in there. Them's the rules.",
        "No, because it's policy.",
        "Because I said so, that's why.",
    ],
)
def test_a_rule_alone_is_no_reason(turn: str) -> None:
    assert rules_only(turn)
    assert not gives_reason(turn)


def test_a_rule_with_its_purpose_is_a_reason() -> None:
    turn = "It's a ward rule, because the clinic room has everyone's medicines in it."
    assert gives_reason(turn) and not rules_only(turn)


def test_told_only_the_rule_they_ask_why() -> None:
    persona = PERSONAS["refused-request"]
    [reply] = replies(["Come away from the exit, Callum. It's the rules."], persona, agitation=60)
    assert "why" in reply.lower(), reply


def test_nah_opening_a_turn_is_nobody_s_name() -> None:
    assert not spoken_to_colleague("Nah, you can't have that, mate.", "Marcus Reid")
    assert spoken_to_colleague("Nadia, can you come here a sec?", "Marcus Reid")


@pytest.mark.parametrize(
    ("turn", "to"),
    [
        ("Hi, I'm Sam, the nurse in charge tonight.", None),
        ("I'm on till nine, so shout if you need me.", None),
        ("It'll have to wait till Friday's meeting.", "till friday"),
        ("The manager can look at it in the morning.", "in the morning"),
    ],
)
def test_a_shift_is_no_time_anything_is_put_off_to(turn: str, to: str | None) -> None:
    found = put_off_to(turn)
    assert (found.to if found else None) == to


@pytest.mark.parametrize("turn", ["Take a seat, and we'll get the card sorted.", "Have a seat if you like."])
def test_a_seat_offered_in_words_is_an_offer_not_an_order(turn: str) -> None:
    reading = read_acts(turn, PERSONAS["refused-request"])
    assert Act.instruction not in reading.acts and Act.question not in reading.acts


def test_what_the_ward_will_get_them_is_offered() -> None:
    reading = read_acts("We'll get you a fresh towel from the linen room.", PERSONAS["withdrawn"])
    assert reading.offers
    assert not read_acts("We'll sit down in a bit and talk.", PERSONAS["withdrawn"]).offers


def test_asked_to_agree_a_yes_in_other_words_opens_the_reply() -> None:
    persona = PERSONAS["withdrawn"]
    [reply] = replies(
        ["Would it be okay if I popped back in an hour, just to see how you are?"], persona, agitation=5
    )
    assert not reply.lower().startswith(("could i", "maybe", "later")), reply
