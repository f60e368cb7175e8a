"""The offline patient at the end of a scene: a sorry for having to go is a goodbye, not an apology; space
staff say they will give is no promise to hold them to; a goodbye that leaves the next step to the patient
is not held to as a promise to come back; "I'm off home" or "night!" after other words is a goodbye; a
demand taken back ("nobody's going to make you") is room given. Staff lines here are written for these
tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band, ReplyKind
from coach.patient.scene import where_staff_are
from coach.patient.timing import ASKS_WHEN
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def test_a_sorry_for_having_to_go_is_a_goodbye_not_an_apology() -> None:
    acts = read_acts("Sorry Marcus, that's my bleep, I've got to dash.", PERSONAS["paranoid"]).acts
    assert Act.closing in acts and Act.apology not in acts
    assert Act.apology in read_acts("Sorry nobody explained the tablets.", PERSONAS["paranoid"]).acts


def test_having_to_go_is_a_closing_and_telling_them_to_leave_is_not() -> None:
    assert Act.closing in read_acts("I have to head off now.", PERSONAS["withdrawn"]).acts
    assert Act.closing not in read_acts("You have to leave the office now.", PERSONAS["withdrawn"]).acts


def test_stepping_back_is_where_staff_will_be_not_a_promise() -> None:
    assert where_staff_are("you'd step back a bit")
    assert where_staff_are("you'd move over by the window")
    assert not where_staff_are("you'd step in and sort it with the nurse in charge")


def test_a_goodbye_that_leaves_it_to_them_is_not_held_to_as_coming_back() -> None:
    *_, reply = replies(
        ["I'll leave you be for now. I'm here till eight if you need anything."],
        PERSONAS["paranoid"],
        agitation=30,
    )
    assert "coming back" not in reply.lower(), reply


def test_a_tag_about_what_others_did_that_no_fact_holds_gets_a_dont_know() -> None:
    persona = PERSONAS["patient-conflict"]
    [reply] = replies(["Somebody moved the tubs round on Saturday, didn't they?"], persona, agitation=10)
    assert persona.listening.acts.dont_know is not None
    assert reply in persona.listening.acts.dont_know.calm, reply


def test_someone_coming_to_see_them_later_is_no_goodbye() -> None:
    persona = PERSONAS["ignored-for-days"]
    assert Act.closing not in read_acts("The duty doctor will come and see you later.", persona).acts
    assert Act.closing in read_acts("Right, see you later, Maureen.", persona).acts


def test_a_goodbye_after_a_plan_they_cannot_say_back_holds_to_the_plan_as_they_took_it() -> None:
    persona = PERSONAS["ignored-for-days"]
    plan = "A nurse will be back at four o'clock to make the call with you."
    *_, took, bye = replies([plan, "Okay, I'll leave you to it, see you in a bit!"], persona, agitation=30)
    specific = next(o for o in persona.listening.offers if o.id == "specific-time")
    # "a set time when a named person will come back" cannot be said back; their answer to it is said again
    assert bye in specific.answers.at("agitated"), bye
    assert bye != took


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_asked_what_they_think_of_a_plan_said_with_its_time_they_do_not_ask_when(persona_id: str) -> None:
    plan = "Someone from the team will come and see you at half four to go through it."
    for agitation in (10, 30, 60):
        *_, reply = replies([plan, "So what do you reckon?"], PERSONAS[persona_id], agitation=agitation)
        assert not ASKS_WHEN.search(reply.lower()), reply


@pytest.mark.parametrize(
    "turn",
    ["Right, that's me done for today. I'm off home, take it easy.", "All sorted then. Night, Maureen!"],
)
def test_going_home_or_a_goodnight_after_other_words_is_a_goodbye(turn: str) -> None:
    assert Act.closing in read_acts(turn, PERSONAS["ignored-for-days"]).acts


@pytest.mark.parametrize(
    "turn", ["Night staff come on at eight.", "How was last night?", "Did you get a good night's sleep?"]
)
def test_the_night_named_in_passing_is_no_goodbye(turn: str) -> None:
    assert Act.closing not in read_acts(turn, PERSONAS["ignored-for-days"]).acts


@pytest.mark.parametrize(
    "turn", ["Nobody's going to make you come out tonight, Beth.", "We won't force you to eat anything."]
)
def test_a_demand_taken_back_is_room_given(turn: str) -> None:
    persona = PERSONAS["withdrawn"]
    [reply] = replies([turn], persona, agitation=10)
    assert reply in persona.voice[Band.calm].replies[ReplyKind.space_given], reply
