"""What was said earlier in the scene, as the offline patient hears it come back: a thing handed over in
words, a promise kept, a promise not done yet, a plan checked as still on, and an offer put as learners put
it. Staff lines here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

from coach.acted import read_acted
from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.facts import told_facts
from coach.patient.reacting import sounds_like_a_no
from coach.personas import load_personas
from coach.spelling import standard_spelling
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def test_a_thing_handed_over_in_words_is_brought() -> None:
    assert read_acted("Here are the biscuits from the trolley, as I said.").brought == ("the biscuits",)
    assert read_acted("I've brought you a blanket and a pen.").brought == ("a blanket", "a pen")
    assert read_acted("Here's what we'll do: I'll ring them.").brought == ()


def _holds_to(reply: str, persona_id: str) -> bool:
    """True when `reply` says one of the persona's agitated-band lines that hold staff to a promise."""
    lines = PERSONAS[persona_id].listening.acts.held_to.at(Band.agitated)
    return any(part and part in reply for part in (line.split("{")[0] for line in lines))


def test_a_promise_kept_is_not_held_to_as_if_broken() -> None:
    earlier = "Sorry, nobody's free to take you out. Give me five minutes and I'll see what cards we've got."
    [_, reply] = replies(
        [earlier, "Said I'd be quick, like I said I would. Got a couple of cards here, have a look."],
        PERSONAS["refused-request"],
        agitation=40,
    )
    assert not _holds_to(reply, "refused-request"), reply


def test_a_promise_not_done_yet_is_held_to() -> None:
    earlier = "I'll phone the housing office for you after lunch and tell you what they say."
    [_, reply] = replies(
        [earlier, "Sorry Maureen, still waiting, they haven't rung back yet."],
        PERSONAS["ignored-for-days"],
        agitation=35,
    )
    assert "housing office" in reply.lower() or "ring" in reply.lower() or "said" in reply.lower(), reply


def test_a_plan_checked_as_still_on_is_answered_as_the_plan() -> None:
    earlier = "I can take your card down to the postbox at five, before the last post."
    [first, reply] = replies(
        [earlier, "Is five o'clock still okay for you?"], PERSONAS["refused-request"], agitation=20
    )
    # answered as the plan, not as a question about something else
    assert reply != first
    assert any(
        w in reply.lower() for w in ("card", "ellie", "five", "post", "ta", "yeah", "good", "right")
    ), reply


def test_a_plan_said_to_be_unchanged_is_answered_as_the_plan() -> None:
    persona = PERSONAS["paranoid"]
    earlier = "I'll ring Anita at nine and ask her to come up and go through the change with you."
    _, reply = replies([earlier, "Nothing's changed from what I said, yeah?"], persona, agitation=20)
    # the plan taken up again, not a fact of theirs that holds the word "changed"
    assert not any(fact.lower().rstrip(".") in reply.lower() for fact in told_facts(persona)), reply


def test_an_offer_put_as_a_learner_or_a_text_puts_it_is_an_offer() -> None:
    assert standard_spelling("u want a tea?") == "do you want a tea?"
    reading = read_acts("You want maybe a cup of tea?", PERSONAS["fearful"])
    assert reading.offers, reading
    statement = read_acts("You want to go home, I know.", PERSONAS["fearful"])
    assert not statement.offers


def test_an_offer_taken_back_in_the_same_turn_is_not_offered() -> None:
    taken_back = read_acts(
        "I can bring you a cup of tea now. Actually, no, the urn's off, so probably not.", PERSONAS["fearful"]
    )
    assert not taken_back.offers and not taken_back.promises, taken_back
    kept = read_acts("I can bring you a cup of tea now. The urn's just boiled.", PERSONAS["fearful"])
    assert kept.offers, kept


def test_space_given_is_not_a_promise_to_hold_staff_to() -> None:
    earlier = "I'll give you a bit of space, I'm just over here."
    [_, reply] = replies([earlier, "Still okay over there?"], PERSONAS["withdrawn"], agitation=30)
    assert not _holds_to(reply, "withdrawn"), reply


def test_what_they_meant_to_get_is_what_they_want() -> None:
    [reply] = replies(
        ["What was it you were hoping to buy at the shop?"], PERSONAS["refused-request"], agitation=35
    )
    assert "card" in reply.lower(), reply


def test_a_yes_said_with_a_no_s_words_is_not_heard_as_a_no() -> None:
    persona = PERSONAS["ignored-for-days"]
    for yes in (
        "No worries, pull up a chair and we'll look at it.",
        "There's no reason Jo can't sit with you this afternoon.",
        "I can't see why not, let's do it.",
        "No, you shouldn't have to chase this again.",
    ):
        assert not sounds_like_a_no(yes, read_acts(yes, persona)), yes
    for no in ("No, I can't do the letter today.", "You'll have to wait till Kofi's back."):
        assert sounds_like_a_no(no, read_acts(no, persona)), no


def test_an_offer_beside_a_no_of_something_else_is_still_an_offer() -> None:
    persona = PERSONAS["ignored-for-days"]
    both = read_acts("ok so I can go through the letter with you now but I can't ring them for you", persona)
    assert both.offers, both
    # a "but" with no clause of its own puts the same thing off: no offer
    assert not read_acts("I can go through the letter with you but not right now.", persona).offers
