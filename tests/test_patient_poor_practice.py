"""The offline patient hearing what a struggling trainee says: ward jargon they cannot follow, a command cut
to its bones, a demand that they say sorry (no apology from staff), a telling-off put with a tag or said
outright (answered as one, not as siding with them), and a fault staff own with a sorry (no no).
Staff lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.jargon import JARGON_MIN, jargon_in
from coach.patient.pools import Pool
from coach.patient.presupposing import Certain, answers_certain
from coach.patient.reacting import sounds_like_a_no
from coach.personas import load_personas
from coach.spelling import plain_words
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def test_initials_and_ward_words_are_counted_but_not_everyday_ones_nor_shouting() -> None:
    assert jargon_in("Your CPN will liaise with the CMHT and the RC about your s.3 review.") >= JARGON_MIN
    assert jargon_in("Your GP rang and the NHS letter is on the TV table.") == 0
    assert jargon_in("GET BACK IN YOUR ROOM NOW") == 0


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_a_turn_in_jargon_gets_the_lines_for_not_following_it(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    turn = "So the MDT have actioned a referral via the SW and the OT will liaise re your s.17 going forward."
    [reply] = replies([turn], persona, agitation=10)
    lines = persona.listening.acts.jargon
    assert lines is not None
    assert reply in lines.at(Band.calm), reply


def test_a_plain_turn_is_not_taken_for_jargon() -> None:
    persona = PERSONAS["ignored-for-days"]
    [reply] = replies(
        ["The social worker will ring the housing office with you at three."], persona, agitation=10
    )
    assert persona.listening.acts.jargon is not None
    assert reply not in persona.listening.acts.jargon.at(Band.calm), reply


@pytest.mark.parametrize(
    "turn", ["Bed. Now.", "Shoes off, please.", "Phone away n sit down.", "Behave yourself."]
)
def test_a_command_cut_to_its_bones_is_an_instruction(turn: str) -> None:
    assert Act.instruction in read_acts(turn, PERSONAS["refused-request"]).acts


@pytest.mark.parametrize(
    "turn",
    [
        "Carry on like this and you'll lose your leave.",
        "Later on we could put the football on.",
        "Lights out at eleven.",
    ],
)
def test_words_that_look_like_a_bare_command_are_not_one(turn: str) -> None:
    assert Act.instruction not in read_acts(turn, PERSONAS["refused-request"]).acts


def test_telling_them_to_say_sorry_is_no_apology_from_staff() -> None:
    persona = PERSONAS["patient-conflict"]
    assert Act.apology not in read_acts("Say sorry to him. Go on.", persona).acts
    assert Act.apology not in read_acts("You should apologise to the lad.", persona).acts
    assert Act.apology in read_acts("I do apologise, that came out wrong.", persona).acts
    assert Act.apology in read_acts("I just wanted to say sorry.", persona).acts


def test_a_tag_asks_about_the_clause_it_closes() -> None:
    # The leave is in the facts; "a good look" is not: the tag is a telling-off, not a question of fact.
    [reply] = replies(
        ["Your leave was agreed at ward round, and sulking by the door, it's not very grown up, is it?"],
        PERSONAS["refused-request"],
        agitation=30,
    )
    assert not reply.lower().startswith(("yes", "no.")), reply


def test_what_a_threat_says_staff_will_do_is_no_promise_to_hold_them_to() -> None:
    persona = PERSONAS["paranoid"]
    assert read_acts("If you keep refusing, I'll have to let the doctor know.", persona).promises == []
    assert read_acts("I'll let the doctor know you want to see the box.", persona).promises


@pytest.mark.parametrize(
    "turn",
    [
        "Nobody is going to force these on you. That's not happening.",
        "Listen, nobody's stopping your leave over this. You're not in trouble.",
        "I'm not going to write you up for this.",
        "Nobody's coming in to drag you out of bed, Beth.",
        "No one's cross with you for taking your time at the hatch.",
        "Honestly, the others don't mind waiting a bit.",
        "I'll keep some soup back for you in case you want it later.",
    ],
)
def test_a_reassurance_of_what_staff_will_not_do_carries_no_no(turn: str) -> None:
    now = read_acts(turn, PERSONAS["refused-request"])
    assert not sounds_like_a_no(turn, now)


def test_a_reassurance_with_a_condition_is_still_heard_as_one() -> None:
    turn = "Nobody's going to hold you down, as long as you don't kick off."
    assert sounds_like_a_no(turn, read_acts(turn, PERSONAS["fearful"]))


def test_a_silent_stage_direction_leads_with_no_line_that_says_staff_said_something() -> None:
    pool = Pool("validated", ("Thank you! Finally somebody says it!", "About time."))
    silent = Certain(spoke=False, touched=False, given=True, told=False, refused=False, threatened=False)
    [first, *_] = [p for p in answers_certain([pool], silent) if p.lines]
    assert first.lines == ("About time.",)
    spoken = replace(silent, spoke=True)
    assert next(answers_certain([pool], spoken)).lines == pool.lines


@pytest.mark.parametrize(
    "turn",
    [
        "Kicking the bin over like that was out of order. It can't happen again, do you hear me?",
        "Your behaviour in the lounge earlier frightened people.",
        "Don't ever do that again, Callum.",
        "Kicking off at the door every afternoon isn't fair on the other patients.",
        # a limit on how staff are treated, said for themselves
        "I'm not okay with being shouted at, but I do want to sort this.",
        "I don't like it when you swear at me like that.",
        "Please stop pointing at me, Callum.",
        "Honestly, I can't listen properly while you're yelling.",
        "I won't be sworn at, Dean, but I'm not going anywhere.",
    ],
)
def test_a_telling_off_is_read_as_one_and_its_not_okay_sides_with_nobody(turn: str) -> None:
    acts = read_acts(turn, PERSONAS["refused-request"]).acts
    assert Act.told_off in acts and Act.validation not in acts


@pytest.mark.parametrize(
    "turn",
    [
        "Sorry, we kept you waiting all afternoon. That's not okay and it can't happen again.",
        "Being left without an answer for three days was not okay.",
        "We won't let that happen again, I promise.",
        "I'm not okay with you going to the shop on your own today.",  # a no, not a limit on their conduct
        "I don't like it when you're this upset.",
        "I'm not going to shout at you, I just want to talk.",  # staff's own promise
        "I won't be shouting, I promise.",
    ],
)
def test_staff_owning_a_mistake_tell_nobody_off(turn: str) -> None:
    assert Act.told_off not in read_acts(turn, PERSONAS["refused-request"]).acts


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_told_off_they_answer_the_telling_off(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    lines = persona.listening.acts.told_off
    assert lines is not None
    turn = "Slamming doors like that this morning was not okay. That can't happen again."
    for agitation, band in ((10, Band.calm), (40, Band.agitated), (90, Band.crisis)):
        [reply] = replies([turn], persona, agitation=agitation)
        assert reply in lines.at(band), (agitation, reply)


@pytest.mark.parametrize(
    "turn",
    [
        "I'm sorry, I shouldn't have raised my voice at you earlier.",
        "Sorry we never explained why the tablets changed, especially after what happened on Tuesday.",
        "I apologise that no one from the day team came back to you about the tablets.",
    ],
)
def test_a_fault_staff_own_is_no_no(turn: str) -> None:
    now = read_acts(turn, PERSONAS["paranoid"])
    assert Act.apology in now.acts and not sounds_like_a_no(turn, now)


def test_a_no_beside_a_sorry_is_still_a_no() -> None:
    turn = "I'm sorry, we can't change them back tonight."
    assert sounds_like_a_no(turn, read_acts(turn, PERSONAS["paranoid"]))


def test_sorry_for_their_own_english_is_no_apology() -> None:
    persona = PERSONAS["ignored-for-days"]
    assert Act.apology not in read_acts("Sorry, my English is not so good with forms.", persona).acts
    assert Act.apology in read_acts("Sorry nobody rang you back about the letter.", persona).acts


def test_no_one_is_not_read_as_no_said_for_not() -> None:
    # "That's no right" is dialect for "not right"; "that no one came" names nobody, it says no "not".
    assert plain_words("I'm sorry that no one came back to you.") == "i'm sorry that no one came back to you."
    assert plain_words("That's no right.") == "that's not right."
