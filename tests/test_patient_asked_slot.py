"""A question for one particular thing (what kind of, what it was done with, a postcode or a phone
number) gets that thing from the persona's facts or lines, or an honest "don't know" or "can't remember";
never a nearby fact said as if it were the answer. Staff lines here are written for these tests."""

from __future__ import annotations

from coach.config import RESOURCES
from coach.models import Band
from coach.patient.asked import Asked, asks_for, carries
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


def test_the_slot_a_question_asks_for_is_read_from_its_words() -> None:
    assert asks_for("Which sort of biscuits does he like?") is Asked.kind
    assert asks_for("What did you fix the note on with?") is Asked.means
    assert asks_for("Any chance you know your mum's landline number?") is Asked.code
    # Written without its apostrophe, "whats the name" still asks for a person.
    assert asks_for("whats the name of the doctor you saw?") is Asked.person
    # "Who were you with?" asks for a person, not for what a thing was done with.
    assert asks_for("Who were you with?") is Asked.person


def test_a_kind_is_held_by_a_word_that_picks_the_thing_out_not_one_that_points_at_it() -> None:
    question = "What kind of soup was it?"
    assert carries("She made me a pot of leek soup.", Asked.kind, question)
    assert not carries("Somebody had my soup. The whole soup.", Asked.kind, question)
    assert not carries("That was Mum's soup.", Asked.kind, question)
    # The kind may pick out another thing the question names: "a sort of fish in the pie" -> "cod pie".
    assert carries("Gran baked a cod pie.", Asked.kind, "What sort of fish was in Gran's pie?")


def test_a_kind_the_facts_hold_is_told() -> None:
    reply = first_reply(
        "Which type of curry had Bernie made you?", PERSONAS["patient-conflict"], agitation=30
    )
    assert "lamb" in reply


def test_a_kind_no_line_or_fact_holds_gets_cant_remember_not_a_nearby_fact() -> None:
    persona = PERSONAS["refused-request"]
    reply = first_reply("What breed is the dog, what kind of dog?", persona, agitation=30)
    assert reply in persona.listening.acts.not_recalled.at(Band.for_agitation(30)), reply


def test_what_a_thing_was_done_with_is_answered_from_the_fact_that_holds_it() -> None:
    reply = first_reply("What did you mark the tub with?", PERSONAS["patient-conflict"], agitation=30)
    assert "masking tape" in reply


def test_a_code_nobody_gave_them_gets_dont_know() -> None:
    persona = PERSONAS["ignored-for-days"]
    reply = first_reply("What's the phone number for the housing people?", persona, agitation=30)
    assert reply in persona.listening.acts.dont_know.at(Band.for_agitation(30)), reply
    persona = PERSONAS["refused-request"]
    reply = first_reply("D'you happen to know the postcode where Ellie lives?", persona, agitation=30)
    assert "Gemma" not in reply and "forty minutes" not in reply, reply
