"""The offline patient answers a short factual question with the fact asked for: a name rather than the
question's own word said back, a yes or no first when a fact answers a yes/no question, "can't remember"
for a particular of their own the persona file does not hold (never a different fact), and stock answers
without a tail about a place nobody spoke of. Staff lines here are written for these tests."""

from __future__ import annotations

from coach.config import RESOURCES
from coach.models import Band
from coach.patient.asked import Asked, asks_for, carries
from coach.patient.facts import fact_for, yes_or_no
from coach.patient.pools import Pool
from coach.patient.recognising import is_band_reply
from coach.patient.tails import placed
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


def test_a_who_question_is_not_answered_by_its_own_word_said_back() -> None:
    # "She's the pharmacist" holds a person only through the question's own word; a name is the answer.
    question = "Which pharmacist do you trust?"
    assert not carries("She's the pharmacist. She listens.", Asked.person, question)
    assert carries("The ward pharmacist, Anita, listens.", Asked.person, question)
    assert "Anita" in first_reply(question, PERSONAS["paranoid"], agitation=40)


def test_a_question_about_their_own_doing_is_not_answered_with_someone_elses() -> None:
    # "Ryan ate the curry at about seven" shares "eat" and holds a time, but it is what Ryan did.
    persona = PERSONAS["patient-conflict"]
    found = fact_for("When did you last eat anything, Dean?", persona, Asked.time)
    assert found is None or not found[0].startswith("Ryan")


def test_yes_or_no_follows_the_polarity_of_the_facts_clause() -> None:
    assert yes_or_no("I have not slept a wink since Monday.", "Have you slept?") == "No."
    assert yes_or_no("I hid the letter under my pillow.", "Did you hide the letter?") == "Yes."
    assert yes_or_no("Ravi says nobody was told.", "Was nobody told?") == "Yes."
    # The same time, or no answer: a fact about tomorrow says nothing of today.
    assert yes_or_no("My keyworker is back tomorrow.", "Is your keyworker back today?") is None
    # Every word the question names must be held: not answering a knock is not not hearing it.
    assert yes_or_no("I did not answer when a nurse knocked.", "Did you hear the knock?") is None


def test_a_yes_no_question_a_fact_answers_gets_its_yes_or_no_first() -> None:
    reply = first_reply("Did you have any lunch, Beth?", PERSONAS["withdrawn"], agitation=30)
    assert reply.startswith("No.") and "lunch" in reply


def test_their_own_particular_the_file_does_not_hold_gets_cant_remember() -> None:
    for persona_id, question in (
        ("refused-request", "What did you have for breakfast?"),
        ("patient-conflict", "What colour lid did the tub have?"),
    ):
        persona = PERSONAS[persona_id]
        acts = persona.listening.acts
        assert acts.not_recalled is not None
        reply = first_reply(question, persona, agitation=40)
        assert reply in acts.not_recalled.at(Band.agitated), reply


def test_a_place_tail_is_cut_when_the_turn_speaks_of_no_place() -> None:
    pool = Pool("promise", ("Maybe. Round here.", "I don't mind. Only not up there.", "Fine. Thanks."))
    assert placed(pool, "shall i text your cousin?").lines == ("Maybe.", "I don't mind.", "Fine. Thanks.")
    # Asked to go somewhere, where they would have it is the answer.
    assert placed(pool, "shall we sit in the lounge?") == pool
    # Only the band's answers to any offer are cut: a topic's line says what it says.
    assert placed(Pool("topic:home", pool.lines), "shall i text your cousin?").lines == pool.lines


def test_a_fact_with_its_yes_or_no_is_a_reply_in_character_when_highly_agitated() -> None:
    persona = PERSONAS["withdrawn"]
    reply = first_reply("Did you have any lunch, Beth?", persona, agitation=65)
    # Shouted, not in a calm register (coach.patient.shouted), and still a line of the file.
    assert reply.startswith("No!") and reply.endswith("!") and "lunch" in reply
    assert is_band_reply(persona, Band.highly_agitated, reply)


def test_a_what_did_you_question_is_not_answered_with_what_someone_else_did() -> None:
    # "Ryan ate the curry ... after missing tea" names tea, but it is Ryan's evening, not Dean's.
    persona = PERSONAS["patient-conflict"]
    reply = first_reply("So what did you have for your tea, then?", persona, agitation=40)
    assert "Ryan" not in reply


def test_a_name_asked_for_is_a_person_and_one_not_held_is_not_known() -> None:
    assert asks_for("What's the pharmacist called?") is Asked.person
    assert asks_for("What are your neighbours called?") is Asked.person
    persona = PERSONAS["ignored-for-days"]
    reply = first_reply("What's your landlord called?", persona, agitation=40)
    acts = persona.listening.acts
    assert reply in acts.dont_know.at(Band.agitated), reply


def test_a_look_is_not_read_into_a_fact_through_a_word_like_round() -> None:
    # "ward round" holds no shape: asked the colour of a card, the leave fact is no answer.
    persona = PERSONAS["refused-request"]
    reply = first_reply("What colour would the card be?", persona, agitation=40)
    assert "Dr Shah" not in reply
