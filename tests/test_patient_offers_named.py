"""Offers read as what they are: a call put through or a third party's call or visit is the persona's call
or visit offered; a why-not question is not an offer of a thing the file does not list; what staff will do
is said back whole or cut at a phrase, never mid-word; and a phone or an alarm going off is no colleague
arriving. The wordings are the test writer's own, not the persona files'."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.acted import read_acted
from coach.acts import Act, read_acts, thing_offered
from coach.personas import load_personas
from coach.promises import promised
from tests.patient_fixtures import first_reply

PERSONAS = load_personas(Path(__file__).parents[1] / "coach" / "resources" / "personas")


@pytest.mark.parametrize(
    ("persona", "turn", "offer"),
    [
        ("fearful", "After the ward round I can put you through to your sister.", "ring-samira"),
        ("paranoid", "Shall I get Leon on the line for you?", "phone-leon"),
        ("paranoid", "Your brother could phone the ward tonight and we'd hand it to you.", "phone-leon"),
        ("patient-conflict", "I can get Bernie on the phone in the office for you.", "phone-bernie"),
        ("fearful", "Your sister could pop in after two.", "samira-visit"),
        ("fearful", "The duty doctor can see you before tea.", "doctor"),
    ],
)
def test_a_call_or_visit_in_other_words_is_the_persona_offer(persona: str, turn: str, offer: str) -> None:
    reading = read_acts(turn, PERSONAS[persona])
    assert [o.listed.id for o in reading.offers if o.listed] == [offer]


@pytest.mark.parametrize(
    ("persona", "turn", "offer"),
    [
        ("refused-request", "How about I ring the shop and see if they deliver?", None),
        ("refused-request", "I'll phone the chemist on the high street and ask if they've got cards.", None),
        ("refused-request", "I could ring Gemma's house so you can say happy birthday.", "phone"),
        ("refused-request", "Do you want to ring Ellie from the office phone?", "phone"),
        ("ignored-for-days", "Do you want to phone the office at the housing place?", "ward-phone"),
    ],
)
def test_a_call_staff_make_to_someone_else_is_not_the_persona_call(
    persona: str, turn: str, offer: str | None
) -> None:
    # Ringing the shop for the patient is not the call to their daughter the persona file lists; ringing
    # a place that names who the listed call is to still is that call.
    reading = read_acts(turn, PERSONAS[persona])
    assert [o.listed.id for o in reading.offers if o.listed] == ([offer] if offer else [])


@pytest.mark.parametrize(
    ("persona", "turn", "offer"),
    [
        ("patient-conflict", "I'll ask the kitchen if they can do you a sandwich.", "something-to-eat"),
        (
            "ignored-for-days",
            "I'll ask the ward manager whether she can ring the housing office.",
            "ward-phone",
        ),
    ],
)
def test_staff_asking_someone_else_to_do_it_offers_it(persona: str, turn: str, offer: str) -> None:
    reading = read_acts(turn, PERSONAS[persona])
    assert [o.listed.id for o in reading.offers if o.listed] == [offer]


def test_a_call_put_through_gets_the_answer_to_that_call_not_a_garbled_echo() -> None:
    reply = first_reply("I'll get Samira on the line for you once lunch is over.", PERSONAS["fearful"])
    assert "line for me" not in reply.lower()
    ring = next(o for o in PERSONAS["fearful"].listening.offers if o.id == "ring-samira")
    assert reply in ring.answers.every() or any(line in reply for line in ring.answers.every())


def test_a_visit_offered_is_not_taken_for_a_goodbye() -> None:
    reading = read_acts("Dr Okafor could see you before the meeting.", PERSONAS["fearful"])
    assert Act.closing not in reading.acts
    assert Act.closing in read_acts("Right, see you in a bit.", PERSONAS["fearful"]).acts


def test_why_they_do_not_want_an_unlisted_thing_is_a_question_not_an_offer() -> None:
    reading = read_acts("Why don't you want any supper tonight?", PERSONAS["withdrawn"])
    assert not reading.offers
    assert Act.question in reading.acts
    assert Act.offer in read_acts("Why don't we find you a quiet corner?", PERSONAS["fearful"]).acts


def test_why_they_turn_down_a_listed_thing_gets_their_answer_to_it() -> None:
    reading = read_acts("How come you don't want to take a seat, love?", PERSONAS["fearful"])
    assert [o.listed.id if o.listed else None for o in reading.offers] == ["sit-down"]
    assert Act.question not in reading.acts


@pytest.mark.parametrize(
    ("clause", "thing"),
    [
        ("do you want me to let your named nurse know", "letting my named nurse know"),
        ("would you like me to let the kitchen know", "letting the kitchen know"),
    ],
)
def test_a_doing_offered_is_said_back_whole(clause: str, thing: str) -> None:
    assert thing_offered(clause) == thing


def test_a_promise_longer_than_a_reply_is_cut_at_a_phrase_not_inside_one() -> None:
    assert promised("put you through to your sister on the office phone at ten") == (
        "you'd put me through to my sister"
    )
    assert promised("look in quietly every half hour and not wake you") == (
        "you'd look in quietly every half hour"
    )


@pytest.mark.parametrize(
    "acted",
    [
        "*the desk phone rings and he answers it*",
        "*an alarm goes off at the far end of the corridor*",
        "*the fire door slams in the draught*",
        "*her bleep goes off*",
    ],
)
def test_a_thing_going_off_is_no_colleague_arriving(acted: str) -> None:
    assert read_acted(acted, "Nadia").arrived == 0


def test_a_colleague_arriving_beside_a_ringing_phone_still_counts() -> None:
    assert read_acted("*the phone goes and a nurse walks over*", "Nadia").arrived == 1


def test_a_promise_is_not_answered_as_a_choice_to_think_over() -> None:
    reply = first_reply("I'll put the kettle on for you now.", PERSONAS["patient-conflict"], agitation=20)
    assert "think" not in reply.lower() and "a say" not in reply.lower()


def test_what_staff_offer_to_look_after_is_offered_and_not_the_listed_thing_just_ruled_out() -> None:
    reading = read_acts(
        "Sorry, there's no room to give you a shelf of your own. What I can do is keep your milk in the "
        "staff fridge with a label on it. Would that help?",
        PERSONAS["patient-conflict"],
    )
    assert Act.offer in reading.acts
    assert [o.listed for o in reading.offers] == [None], reading.offers
    assert reading.offers[0].words.startswith("my milk"), reading.offers


def test_keeping_a_door_open_is_no_thing_given() -> None:
    reading = read_acts("I'll keep the door open the whole time.", PERSONAS["fearful"])
    assert Act.offer not in reading.acts, reading.offers


def test_a_pronoun_straight_after_the_verb_is_the_thing_named_before() -> None:
    reading = read_acts(
        "There are blank cards in the craft cupboard. Shall we go along now and choose one?",
        PERSONAS["refused-request"],
    )
    assert [o.listed.id for o in reading.offers if o.listed] == ["card"], reading.offers


def test_a_colleague_about_to_do_what_they_want_is_that_offer() -> None:
    reading = read_acts(
        "Our HCA Femi's going to speak to Ryan on his own in the lounge. Is that okay with you?",
        PERSONAS["patient-conflict"],
    )
    assert [o.listed.id for o in reading.offers if o.listed] == ["talk-to-ryan"], reading.offers


def test_something_on_at_the_ward_tonight_is_offered() -> None:
    reading = read_acts("theres a quiz on in the lounge tonite if ur up for it", PERSONAS["withdrawn"])
    assert Act.offer in reading.acts, reading


@pytest.mark.parametrize(
    ("turn", "offered"),
    [
        ("I'll leave a bottle of water on your side table.", True),
        ("I'll leave you to it for now.", False),
    ],
)
def test_a_thing_left_for_them_is_given_and_leaving_them_is_not(turn: str, offered: bool) -> None:
    reading = read_acts(turn, PERSONAS["fearful"])
    assert bool(reading.promises or reading.offers) is offered, reading
