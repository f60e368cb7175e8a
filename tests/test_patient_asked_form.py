"""A question gets its answer or an honest non-answer whose form fits it: a view (what they want, prefer,
make of something, or feel) is answered from their wants or feelings and never with "can't remember" nor a
fact said back; a fact nothing holds gets "can't remember" only for a thing of their own or one they have
seen, else "don't know". Staff lines here are written for these tests."""

from __future__ import annotations

from coach.acts import fold
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.asked import Asked, asks_for, carries, named
from coach.patient.asked_form import asks_view, view_topic
from coach.patient.facts import told_facts
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


def test_a_kind_a_means_and_a_code_are_read_as_what_a_question_asks_for() -> None:
    assert asks_for("Which variety of apples does she grow?") is Asked.kind
    assert asks_for("What make of kettle is in the kitchen?") is Asked.kind
    assert asks_for("What did you tie the bag up with?") is Asked.means
    assert asks_for("Have you got an extension number for the office?") is Asked.code
    # Without its apostrophe, "whos" still asks for a person; "who were you sat with?" is no means.
    assert asks_for("whos the nurse on tonight?") is Asked.person
    assert asks_for("Who were you sat with?") is Asked.person


def test_a_kind_is_held_by_the_word_that_picks_the_thing_out() -> None:
    question = "What kind of cake did she bake?"
    assert carries("She baked a ginger cake for me.", Asked.kind, question)
    assert not carries("Her cake. The whole cake, gone.", Asked.kind, question)
    assert not carries("That was Nan's cake.", Asked.kind, question)


def _view(question: str) -> bool:
    return asks_view(question, asks_for(question), named(question))


def test_a_view_is_read_from_a_wh_question_that_asks_what_they_want_think_or_feel() -> None:
    assert _view("What sort of room were you hoping for?")
    assert _view("What would make the evening easier for you?")
    assert _view("How do you feel about the visit on Sunday?")
    assert _view("What kind of deal would you settle for with the ward?")
    # An offer, an offer put to them, and a question that names nothing of its own weigh what staff said.
    assert not _view("Fancy a biscuit with that?")
    assert not _view("I could ring her now, what do you reckon?")
    assert not _view("So what do you think?")
    # A fact asked for is no view.
    assert not _view("When did the tablets change?")


def test_a_wish_about_a_kind_of_thing_gets_their_wants_not_a_memory_claim() -> None:
    persona = PERSONAS["refused-request"]
    band = Band.for_agitation(20)
    reply = first_reply("What sort of present would you want to get her, ideally?", persona, agitation=20)
    acts = persona.listening.acts
    assert acts.not_recalled is not None
    assert reply not in acts.not_recalled.at(band) and reply not in acts.dont_know.at(band), reply
    wants = view_topic(persona, "what would help?", None)
    assert wants is not None and reply in wants.answers.at(band), reply


def test_a_question_about_their_feelings_gets_how_they_feel_not_the_fact_said_back() -> None:
    persona = PERSONAS["withdrawn"]
    band = Band.for_agitation(15)
    reply = first_reply("How are you feeling about your brother today?", persona, agitation=15)
    feelings = view_topic(persona, "how are you feeling?", None)
    assert feelings is not None and reply in feelings.answers.at(band), reply


def test_what_they_make_of_a_fact_is_not_the_fact_restated() -> None:
    persona = PERSONAS["paranoid"]
    reply = first_reply("What do you make of the new round ones they've given you?", persona, agitation=35)
    told = [fold(fact) for fact in told_facts(persona)]
    assert fold(reply) not in told, reply


def test_a_kind_the_facts_hold_is_told_and_one_they_lack_is_not_recalled_when_they_have_seen_it() -> None:
    conflict = PERSONAS["patient-conflict"]
    assert (
        "masking"
        in first_reply("What sort of tape did you stick on the lid?", conflict, agitation=30).lower()
    )
    paranoid = PERSONAS["paranoid"]
    band = Band.for_agitation(30)
    reply = first_reply("What brand of pop does he usually turn up with?", paranoid, agitation=30)
    assert paranoid.listening.acts.not_recalled is not None
    assert reply in paranoid.listening.acts.not_recalled.at(band), reply


def test_a_number_nobody_gave_them_is_not_known_rather_than_forgotten() -> None:
    persona = PERSONAS["fearful"]
    band = Band.for_agitation(20)
    reply = first_reply("What's the extension number for the ward manager's office?", persona, agitation=20)
    assert reply in persona.listening.acts.dont_know.at(band), reply
