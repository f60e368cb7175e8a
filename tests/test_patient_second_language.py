"""Staff whose first language is not English, and the turns of an ordinary session that the round made of
them (round 65 of the coherence suite) showed the offline patient misreading. Staff lines here are written
for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acted import read_acted
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.asked import Asked, asks_for
from coach.patient.asked_of import asks_agreement, asks_purpose
from coach.patient.coming_back import done_as_promised
from coach.patient.facts import told_facts
from coach.patient.own_name import puts_own_name
from coach.personas import load_personas
from coach.stance import Action, Stance
from coach.wording import fold
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Your sister lives where?", Asked.place),
        ("The letter came from who?", Asked.person),
        ("You came to this ward when, Monday?", Asked.time),
        ("They told you this since when?", Asked.time),
        ("Did the doctor say when?", Asked.time),
        ("Your boy is how old now?", Asked.age),
        ("How old is your daughter?", Asked.age),
        ("You must phone them until which day?", Asked.deadline),
        ("Till when have you got to pay it?", Asked.deadline),
        ("How long you are in hospital already?", Asked.since),
    ],
)
def test_the_asking_word_at_the_end_asks_as_it_would_at_the_start(question: str, kind: Asked) -> None:
    assert asks_for(question) is kind


@pytest.mark.parametrize("question", ["You know what?", "And then what?", "How long are you going to stay?"])
def test_words_that_ask_nothing_in_particular_at_the_end_ask_for_no_kind(question: str) -> None:
    assert asks_for(question) is None


@pytest.mark.parametrize("question", ["How old is Ellie now?", "Ellie, how old will she be?"])
def test_an_age_is_answered_by_a_number_not_by_a_few(question: str) -> None:
    # "I've missed a few lately" held a number of a kind; an age is said in a number
    reply = replies([question], PERSONAS["refused-request"], agitation=20)[-1]
    assert "six" in reply.lower(), reply


@pytest.mark.parametrize(
    ("persona_id", "question", "answer"),
    [
        ("ignored-for-days", "Until when you must phone them?", "friday"),
        ("fearful", "And Samira, she came when, last time?", "tuesday"),
    ],
)
def test_a_question_put_as_many_speak_english_gets_the_fact_it_asks_for(
    persona_id: str, question: str, answer: str
) -> None:
    reply = replies([question], PERSONAS[persona_id], agitation=20)[-1]
    assert answer in reply.lower(), reply


def test_which_time_of_a_thing_is_no_part_of_what_it_is_about() -> None:
    # "last time" shares "last" with the fact of last night's restraint, by chance
    reply = replies(
        ["Your sister Samira. When did she visit you last time?"], PERSONAS["fearful"], agitation=20
    )[-1]
    assert "tuesday" in reply.lower() and "restrain" not in reply.lower(), reply


@pytest.mark.parametrize(
    ("acted", "away"),
    [("*stops, takes a big step back*", True), ("*well back from the door*", True), ("*pauses*", False)],
)
def test_a_doing_in_one_word_or_a_degree_word_is_not_someone_else_arriving(acted: str, away: bool) -> None:
    found = read_acted(acted, "Nadia")
    assert found.arrived == 0 and found.away is away, found


def test_someone_named_arriving_is_still_read() -> None:
    assert read_acted("*then Jo comes in*", "Nadia").arrived == 1


@pytest.mark.parametrize(
    ("said", "now"),
    [
        ("My shift finishes at two, after that Kemi will be your nurse. Bye for now.", False),
        ("Grace will take over from three.", False),
        ("This is Kemi, she will be your nurse now.", True),
        ("I'm handing over to Kemi.", True),
    ],
)
def test_a_handover_set_for_later_is_no_new_nurse_now(said: str, now: bool) -> None:
    assert read_acted(said, "Nadia").handed_over is now


def test_saying_goodbye_with_a_later_handover_is_not_greeted_as_a_new_nurse() -> None:
    persona = PERSONAS["fearful"]
    reply = replies(
        ["I finish at two today, after that Kemi will be your nurse. I tell her everything. Bye bye."],
        persona,
        agitation=10,
    )[-1]
    assert not any(w in fold(reply) for w in ("hello", "who's that", "who are you")), reply


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_their_name_put_to_them_is_answered_as_their_name_not_with_a_fact(persona_id: str) -> None:
    # Before, the tag ("..., right?") put it to their facts, and the first fact naming them answered.
    persona = PERSONAS[persona_id]
    first = persona.profile.name.split()[0]
    turn = f"You are {first}, right?"
    reply = replies([turn], persona, agitation=10)[-1]
    assert not any(fact in reply for fact in told_facts(persona)), reply
    introductions = [
        line.replace("{name}", "Ana") for line in persona.listening.acts.introduction.at(Band.calm)
    ]
    assert first in reply or reply in [*introductions, "That's me."], reply


@pytest.mark.parametrize(
    ("question", "put"),
    [
        ("You're Beth, aren't you?", True),
        ("Beth, is it?", True),
        ("Are you Beth?", True),
        ("Beth, can I come in?", False),
        ("Beth, is it the window you want open?", False),
    ],
)
def test_a_name_put_to_them_is_told_from_a_name_that_addresses_them(question: str, put: bool) -> None:
    assert puts_own_name(question, PERSONAS["withdrawn"]) is put


@pytest.mark.parametrize(
    ("said", "done"),
    [
        ("I did it, like I promise you.", True),
        ("I've rung her, as I said I would.", True),
        ("I'll ring her now, like I said.", False),
        ("Like I said, no leave today.", False),
    ],
)
def test_a_promise_said_done_is_told_from_one_said_again(said: str, done: bool) -> None:
    assert done_as_promised(fold(said)) is done


def test_a_promise_that_met_their_need_said_done_is_the_need_met() -> None:
    persona = PERSONAS["fearful"]
    said = replies(
        [
            "At nine o'clock I will ring your sister Samira and tell her how you are.",
            "So. I did it, like I promised.",
        ],
        persona,
        agitation=20,
    )
    need_met = persona.voice[Band.calm].replies["need_met"]
    assert said[-1] in need_met, said[-1]


def test_a_thing_named_before_its_pronoun_is_what_the_question_is_about() -> None:
    reply = replies(
        [
            "These binoculars by the window, they are yours? "
            "My father also watches birds, in the hills at home."
        ],
        PERSONAS["withdrawn"],
        agitation=10,
    )[-1]
    assert any(w in fold(reply) for w in ("tom", "bird", "binocular", "estuary")), reply
    assert "dad" not in fold(reply), reply


def test_a_short_question_after_a_thing_of_theirs_named_is_answered_with_that_thing() -> None:
    reply = replies(
        ["Every morning I see you with the crossword. Is hard, no?"], PERSONAS["paranoid"], agitation=10
    )[-1]
    assert "crossword" in fold(reply), reply


@pytest.mark.parametrize("question", ["Is okay like this?", "Okay here?", "Is okay?"])
def test_agreement_asked_without_its_it_is_still_agreement_asked(question: str) -> None:
    assert asks_agreement(question)


def test_stepping_back_with_a_sorry_for_coming_too_close_gets_their_answer_to_the_room() -> None:
    persona = PERSONAS["fearful"]
    turn = (
        "*takes two steps back* Sorry, sorry, I was too close to you. I stay here. Is okay like this?",
        Stance(),
    )
    stepped = (turn[0], Stance(actions=[Action.step_back]))
    for line in (turn, stepped):
        reply = replies([line], persona, agitation=85)[-1]
        assert reply in persona.listening.reactions.step_back.at(Band.crisis), reply


def test_the_reason_behind_what_they_want_is_asked_with_its_subject_put_first() -> None:
    assert asks_purpose("Today, the shop, why does it matter so much for you?")
    reply = replies(
        ["Today, the shop, why does it matter so much for you?"], PERSONAS["refused-request"], agitation=35
    )[-1]
    assert any(w in fold(reply) for w in ("card", "ellie", "birthday", "daughter")), reply
