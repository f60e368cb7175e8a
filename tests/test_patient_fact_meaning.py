"""The offline patient finds the fact a question asks for in other words than the file's ("brought onto
the ward" for "admitted", "doc" for "consultant"), says "don't know" only for news nothing holds, shouts a
fact when highly agitated instead of telling it calmly, and the word stemmer keeps short words whole.
Staff lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.asked import Asked
from coach.patient.facts import fact_for, holds_asked
from coach.patient.meaning import classes, covers, meant, shared
from coach.patient.recognising import is_band_reply
from coach.patient.shouted import shouted
from coach.personas import load_personas
from coach.wording import fold, stems
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


def test_an_ending_comes_off_only_when_a_stem_with_a_vowel_is_left() -> None:
    # "bring" once became "br", so "what does he bring?" missed "brings".
    assert stems("bring") == stems("brings") == stems("bringing") == stems("brought") == {"bring"}
    assert stems("ring") == stems("rings") == stems("rang") == {"ring"}
    assert stems("need") == stems("needs") == stems("needed")
    assert stems("things") == stems("thing")
    assert stems("phoned") == stems("phones") == stems("phone")  # endings still come off longer words


def test_ward_words_for_the_same_thing_meet_and_count_once() -> None:
    assert classes(fold("What night did they bring you in?")) & classes(fold("She was admitted on Friday."))
    assert classes(fold("Which doc sees you?")) == classes(fold("My consultant, Dr Patel.")) == {"~clinician"}
    assert not classes(fold("What's your social worker called?"))  # a name asked for is no phone call
    assert not classes(fold("What's your postcode?"))
    # "phone" said on both sides is one shared word, not the word and its class.
    assert shared(meant("did you phone"), meant("she phones on fridays")) == 1
    assert covers(meant(fold("I ring my aunt on Tuesdays.")), stems("phone"))


def test_a_fact_in_other_words_is_told_not_forgotten() -> None:
    persona = PERSONAS["fearful"]
    reply = first_reply("Which night did you arrive here?", persona, agitation=40)
    assert "Monday" in reply, reply
    not_recalled = persona.listening.acts.not_recalled
    assert not_recalled is not None and reply not in not_recalled.at(Band.agitated)


def test_a_role_meets_the_named_clinician() -> None:
    assert "Okafor" in first_reply(
        "Which doctor will you be seeing this week?", PERSONAS["fearful"], agitation=35
    )
    assert "Shah" in first_reply(
        "Which doc signed off your leave?", PERSONAS["refused-request"], agitation=35
    )


def test_news_no_fact_holds_is_not_answered_with_a_nearby_fact() -> None:
    conflict = PERSONAS["patient-conflict"]
    # "Ryan ate the curry at about seven" holds a time and names Ryan, but says nothing of the doctor.
    assert fact_for("Do you know what time Ryan got back from the doctor?", conflict, Asked.clock) is None
    paranoid = PERSONAS["paranoid"]
    reply = first_reply("Do you know which firm supplies the new ones?", paranoid, agitation=30)
    dont_know = paranoid.listening.acts.dont_know.at(Band.calm) + paranoid.listening.acts.dont_know.at(
        Band.agitated
    )
    assert reply in dont_know, reply


def test_a_fact_is_shouted_when_highly_agitated() -> None:
    fact = "I was admitted on Monday night under section 3; it is my second time in."
    assert (
        shouted(fact, Asked.time, "Which night did you come in?", None) == "I was admitted on MONDAY night!"
    )
    assert shouted("I have not eaten since lunch.", None, "Have you eaten?", "No.") == (
        "No! I have not eaten since lunch!"
    )
    persona = PERSONAS["paranoid"]
    reply = first_reply("When did they start looking different?", persona, agitation=65)
    assert reply.endswith("!") and "TUESDAY" in reply, reply
    assert is_band_reply(persona, Band.highly_agitated, reply)


def test_the_asking_words_choose_no_topic() -> None:
    # "what time" shares "time" with a line about what happens next; the question is about a meal.
    (question,) = read_acts("What time did you last eat, mate?", PERSONAS["patient-conflict"]).questions
    assert question.topic is None or question.topic.id != "what-next"


def test_a_fact_that_opens_with_someone_elses_name_answers_who() -> None:
    # "Ryan ate the curry ..." names Ryan first, where a line's first capital is no sign of a name.
    assert holds_asked("Ryan ate the curry at seven.", Asked.person, "Who had it away?")
    assert not holds_asked("Ryan ate the curry at seven.", Asked.person, "What did Ryan do?")
    assert not holds_asked("Last week the tub went missing.", Asked.person, "Who had it away?")
    reply = first_reply("Who ate it?", PERSONAS["patient-conflict"], agitation=65)
    assert "Ryan" in reply and "know" not in reply.lower(), reply


def test_a_question_about_what_today_is_meets_the_fact_of_what_today_is() -> None:
    reply = first_reply("Is today a different sort of day for you?", PERSONAS["withdrawn"], agitation=10)
    assert "anniversary" in reply, reply


def test_a_question_after_a_lead_in_and_a_colon_is_read_from_the_colon() -> None:
    [question] = read_acts(
        "Totally random one while I'm here: what's your postcode?", PERSONAS["fearful"]
    ).questions
    assert question.text == "what's your postcode?"
    assert question.open
