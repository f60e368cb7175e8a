"""The offline patient hearing staff answer them: a time or day got wrong is corrected from what they
know, and a yes before "you can" grants it.
Staff lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.correcting import corrections
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def test_a_wrong_day_is_corrected_with_the_fact_that_holds_the_right_one() -> None:
    [reply] = replies(["Dr Okafor will see you at ward round on Tuesday."], PERSONAS["fearful"], agitation=10)
    assert reply.startswith("Tuesday?"), reply
    assert "Thursday" in reply, reply


def test_a_wrong_time_said_alone_is_corrected_from_the_sentence_before_it() -> None:
    [reply] = replies(["The last post? Eight o'clock."], PERSONAS["refused-request"], agitation=10)
    assert "half past five" in reply, reply
    assert reply.lower().startswith("eight o'clock?"), reply


@pytest.mark.parametrize(
    "turn",
    [
        "Dr Okafor will see you at ward round on Thursday.",  # right
        "Samira could come in on Saturday instead, if the team agree.",  # another thing, to come
        "I'll bring you a tea at four.",  # a time for something the facts do not hold
    ],
)
def test_a_time_that_is_right_or_of_something_else_is_not_corrected(turn: str) -> None:
    assert not list(corrections(turn, PERSONAS["fearful"], Band.calm))


def test_a_day_in_the_past_is_no_wrong_day_for_a_plan() -> None:
    # "Bernie brought a tub ... on Sunday evening": a visit on Wednesday is a plan, not a mistake.
    turn = "Bernie could bring another tub in on Wednesday."
    assert not list(corrections(turn, PERSONAS["patient-conflict"], Band.calm))


@pytest.mark.parametrize("turn", ["Yes, of course you can ring Samira.", "yep ofc u can ring samira"])
def test_a_yes_before_you_can_grants_what_they_asked(turn: str) -> None:
    offers = read_acts(turn, PERSONAS["fearful"]).offers
    assert [o.listed.id for o in offers if o.listed] == ["ring-samira"]
