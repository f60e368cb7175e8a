"""The offline patient in an ordinary conversation: their life outside asked about in a trainee's own
words, leave to ask that asks nothing, a wish, small talk about sport, a plan checked back, and a no that
starts like an offer. Staff lines here are written for these tests, not taken from the persona files or
the coherence suite."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.listening import Topic
from coach.models import Band
from coach.patient.asked import about
from coach.patient.meaning import phrases_of
from coach.personas import load_personas
from coach.wording import fold, named_most
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def _topic(persona_id: str, topic_id: str) -> Topic:
    return next(t for t in PERSONAS[persona_id].listening.topics if t.id == topic_id)


def _said_from(persona_id: str, topic_id: str, reply: str, band: Band = Band.calm) -> bool:
    return reply in _topic(persona_id, topic_id).answers.at(band)


def test_a_topic_that_names_a_class_holds_its_phrases() -> None:
    records = _topic("paranoid", "records")
    assert set(phrases_of("~work")) <= set(records.words)
    assert not any(word.startswith("~") for word in records.words)


def test_a_topic_naming_no_class_is_refused_with_the_classes_listed() -> None:
    lines = {"calm": ["a", "b"], "agitated": ["a", "b"], "highly_agitated": ["a", "b"], "crisis": ["a"]}
    with pytest.raises(ValidationError, match=r"no class '~jobs'; the classes are .*~work"):
        Topic(id="work", about="their job", words=["~jobs", "job"], answers=lines)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("persona_id", "topic_id", "question"),
    [
        ("paranoid", "records", "What line of work were you in, before all this?"),
        ("fearful", "work-and-baking", "And are you working at the moment, outside of here?"),
        ("refused-request", "work", "What do you do for a living, Callum?"),
    ],
)
def test_a_question_about_their_work_in_other_words_gets_their_work(
    persona_id: str, topic_id: str, question: str
) -> None:
    [reply] = replies([question], PERSONAS[persona_id], agitation=10)
    assert _said_from(persona_id, topic_id, reply), reply


def test_a_question_about_where_they_grew_up_gets_the_topic_that_holds_it() -> None:
    [reply] = replies(["Whereabouts did you grow up, Beth?"], PERSONAS["withdrawn"], agitation=10)
    assert _said_from("withdrawn", "dad", reply), reply


def test_small_talk_about_sport_is_answered_from_what_they_do_for_enjoyment() -> None:
    [reply] = replies(["Did you watch the rugby at the weekend?"], PERSONAS["patient-conflict"], agitation=10)
    assert _said_from("patient-conflict", "work-and-interests", reply), reply


def test_leave_to_ask_asks_nothing_of_its_own() -> None:
    asked = about("Where do you keep the letter, if you don't mind me asking?")
    assert asked == about("Where do you keep the letter?")
    assert about("Out of interest, can I ask how long you've lived there?") == about(
        "How long have you lived there?"
    )


@pytest.mark.parametrize(
    "question",
    [
        "If you could change one thing about today, what would it be?",
        "What is it you really want from us right now?",
        "Tell me what you're needing from us today.",
    ],
)
def test_a_wish_in_the_trainees_words_gets_what_they_want(question: str) -> None:
    [reply] = replies([question], PERSONAS["refused-request"], agitation=30)
    assert _said_from("refused-request", "request", reply, Band.agitated), reply


def test_what_they_want_to_say_is_no_wish() -> None:
    [reply] = replies(
        ["Can you write down what you want to ask the doctor?"], PERSONAS["refused-request"], agitation=30
    )
    assert not _said_from("refused-request", "request", reply, Band.agitated), reply


def test_a_time_said_with_a_question_does_not_pull_it_to_that_times_topic() -> None:
    topics = PERSONAS["fearful"].listening.topics
    assert named_most(fold("did you sleep at all last night?"), topics).id == "sleep"  # type: ignore[union-attr]
    assert named_most(fold("what happened last night?"), topics).id == "last-night"  # type: ignore[union-attr]


def test_asked_which_of_two_times_was_said_they_give_the_time_said() -> None:
    *_, reply = replies(
        [
            "I'll be back at twenty past three and we'll read it through together.",
            "Sorry, my head's all over the place. Was it three or half three I said?",
        ],
        PERSONAS["ignored-for-days"],
        agitation=10,
    )
    assert "twenty past three" in reply, reply


def test_checked_back_the_plan_they_say_who_is_coming_and_when() -> None:
    *_, reply = replies(
        [
            "Anita's on the ward later. I'll ask her to come and see you at ten to nine.",
            "Just so you know what's happening, who's coming to see you, and when?",
        ],
        PERSONAS["paranoid"],
        agitation=10,
    )
    assert "ten to nine" in reply, reply


def test_with_nothing_promised_a_plan_checked_back_is_answered_as_any_question() -> None:
    [reply] = replies(["So who's coming up to see you, then?"], PERSONAS["paranoid"], agitation=10)
    assert "you said" not in reply.lower(), reply


@pytest.mark.parametrize("turn", ["You can't just pop out on your own.", "We couldn't do a trip out today."])
def test_a_no_that_starts_like_an_offer_offers_nothing(turn: str) -> None:
    assert read_acts(turn, PERSONAS["refused-request"]).offers == []
    assert read_acts("You can pop out to the garden.", PERSONAS["refused-request"]).offers


@pytest.mark.parametrize(
    "turn",
    [
        "Can I ask you something?",
        "Would you mind if I asked you a few questions about today?",
        "cud i ask u a thing",
    ],
)
def test_asking_leave_to_ask_is_answered_as_being_asked(turn: str) -> None:
    [reply] = replies([turn], PERSONAS["ignored-for-days"], agitation=10)
    assert reply in PERSONAS["ignored-for-days"].listening.acts.asked_leave.at(Band.calm), reply  # type: ignore[union-attr]


def test_a_question_after_asking_leave_is_answered() -> None:
    [reply] = replies(
        ["Can I ask you something? What does the letter say?"], PERSONAS["ignored-for-days"], agitation=10
    )
    assert reply not in PERSONAS["ignored-for-days"].listening.acts.asked_leave.at(Band.calm), reply  # type: ignore[union-attr]
    assert "380" in reply or "letter" in reply.lower() or "rent" in reply.lower(), reply
