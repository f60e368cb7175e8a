"""The offline patient answers on the subject a question asks about, not with a line on another subject that
happens to hold the kind of thing asked (a time, a place) or to share a chance word: the sister's visit, not
the restraint, for "when did she last come in?"; the stay, not the tablets, for "how long have you been on
here?"; the shelf in the fridge, not the label, for "whereabouts in the fridge?". Staff lines here are
written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

from coach.config import RESOURCES
from coach.patient.asked import Asked, about, asks_for, carries
from coach.patient.facts import asks_own, holds_asked, told_facts
from coach.patient.pools import Pool, first
from coach.personas import load_personas
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(RESOURCES / "personas")


def test_the_words_that_say_which_time_is_asked_are_not_its_subject() -> None:
    assert "last" not in about("When was it your sister last got in to see you?")
    assert "next" not in about("When's your brother next coming up?")
    assert "normal" not in about("When do you normally ring home?")
    # A time noun after it, or a word before it that makes it name a thing, keeps it the thing asked about.
    assert "last" in about("What went on last night?")
    assert "last" in about("What time does the last collection go?")
    # The sister's visit, not the restraint of "last night" that shares "last" with the question.
    reply = first_reply("When was it your sister last got in to see you?", PERSONAS["fearful"])
    assert "Samira" in reply and "restrain" not in reply.lower(), reply


def test_a_fact_found_only_through_the_last_line_is_not_the_answer_on_another_subject() -> None:
    # The opening is about the tablets; the question names the stay ("how long ... on here").
    reply = first_reply("Sorry, I'm new on this shift. How long've you been on here?", PERSONAS["paranoid"])
    assert "three weeks" in reply.lower() and "tablet" not in reply.lower(), reply


def test_the_fact_that_names_what_the_question_names_comes_before_a_line_that_only_holds_its_kind() -> None:
    # "Weekends" holds a how-often; the fact about his calls says how often he phones.
    reply = first_reply(
        "How often do you talk to your daughter on the phone?", PERSONAS["refused-request"], agitation=30
    )
    assert "Wednesday" in reply and "Sunday" in reply, reply
    # Lines are weighed by what the question is about in the same ward words as facts: "meals" meets "eat".
    pool = Pool("topic", ("Stayed in since last night.", "Let the meals go by."), frozenset({"eat", "~meal"}))
    assert first(pool, [], "seed") == "Let the meals go by."


def test_when_something_started_is_answered_by_when_it_happened() -> None:
    fact = "Last week I asked the nurse in charge for a named shelf in the fridge."
    assert holds_asked(fact, Asked.since, "When did you first put in for a shelf of your own?")
    assert not holds_asked(fact, Asked.since, "How long have you wanted a shelf of your own?")
    reply = first_reply("When did you first put in for a shelf of your own?", PERSONAS["patient-conflict"])
    assert "last week" in reply.lower(), reply
    # A "since" still comes first where the file has one.
    reply = first_reply("When did they start looking different?", PERSONAS["paranoid"], agitation=65)
    assert "TUESDAY" in reply, reply


def test_a_do_you_know_tag_does_not_make_a_question_about_their_own_doing() -> None:
    assert not asks_own("What time did he have it, do you know?")
    assert asks_own("What time did you have your tea, do you know?")
    reply = first_reply("What time did he have it, do you know?", PERSONAS["patient-conflict"], agitation=65)
    assert "SEVEN" in reply, reply


def test_what_someone_else_said_is_asked_for_as_their_words() -> None:
    assert asks_for("What's the other lad been saying about it all?") is Asked.words
    assert asks_for("What did the pharmacist tell you?") is Asked.words
    assert asks_for("What do you reckon?") is None  # their own view
    assert carries("'Leave it,' she said.", Asked.words)
    assert not carries("He's new. He's scared.", Asked.words)  # an 's is no quote
    reply = first_reply("What's Ryan been saying about it all?", PERSONAS["patient-conflict"], agitation=30)
    assert "no name" in reply.lower(), reply


def test_a_fact_whose_later_part_could_mean_someone_else_is_said_up_to_its_semicolon() -> None:
    told = told_facts(PERSONAS["patient-conflict"])
    assert "Ryan says there was no name on the tub." in told
    assert "Tom used to take me birdwatching on the estuary." in told_facts(PERSONAS["withdrawn"])


def test_how_they_came_to_a_plight_asks_why_and_a_name_may_come_a_few_words_before_called() -> None:
    assert asks_for("How did you get behind with the rent, then?") is Asked.reason
    assert asks_for("How did you end up on the ward?") is Asked.reason
    assert asks_for("How did you get here today?") is None  # a way of coming, not a plight
    reply = first_reply("How did you get behind with the rent, then?", PERSONAS["ignored-for-days"])
    assert "benefit" in reply.lower() or "appointment" in reply.lower(), reply
    assert asks_for("What's the puppy in the picture called?") is Asked.person


def test_days_asked_in_the_plural_ask_for_days_and_are_not_the_subject() -> None:
    assert asks_for("Which days does your social worker come in?") is Asked.time
    assert "day" not in about("Which days does your social worker come in?")
    reply = first_reply("Which days does your social worker come in?", PERSONAS["ignored-for-days"])
    assert "Monday" in reply or "MONDAY" in reply, reply
