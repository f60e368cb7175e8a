"""What staff promise to do for the patient is heard as a promise: not a time or a pointer taken for a
thing offered, someone sent for to come and see them counted as help, a plan said in the present counted,
and a promise put for agreement in a learner's English answered as one. Staff lines here are written for
these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band, ReplyKind
from coach.offers import offers_in
from coach.patient.asked_of import asks_agreement
from coach.patient.scene import where_staff_are
from coach.personas import load_personas
from coach.wording import fold
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "I'll make sure nobody comes knocking for the next hour.",
        "Leave the incident form to me, I'll make sure of that myself.",
        "I'll give Gemma a bell in a bit and fill her in.",
        "I'll see to it that the kitchen saves you a plate.",
        "Leave it with me, I'll sort it out before the end of my shift.",
    ],
)
def test_a_time_a_pointer_or_a_thing_seen_to_is_no_thing_offered(turn: str) -> None:
    assert offers_in(fold(turn), PERSONAS["withdrawn"]) == []


def test_a_thing_offered_is_still_read_as_one() -> None:
    [offer] = offers_in(fold("Would you like a cup of tea and a biscuit?"), PERSONAS["withdrawn"])
    assert "tea" in offer.words


@pytest.mark.parametrize(
    ("turn", "promise"),
    [
        (
            "Sorry it can't be now, but I'm taking you to the post box myself at five.",
            "you'd take me to the post box",
        ),
        ("Pull up a chair, I'm sitting down with you right now.", "you'd sit down with me"),
    ],
)
def test_a_plan_said_in_the_present_is_a_promise(turn: str, promise: str) -> None:
    promises = read_acts(turn, PERSONAS["refused-request"]).promises
    assert any(p.startswith(promise) for p in promises), promises


@pytest.mark.parametrize(
    "turn",
    ["Sorry, I'm doing the drugs round.", "Okay, I'm going to go now.", "I'm going to go and do the obs."],
)
def test_what_staff_are_busy_with_or_leaving_to_do_is_no_promise(turn: str) -> None:
    assert read_acts(turn, PERSONAS["refused-request"]).promises == []


def test_hovering_in_the_doorway_says_only_where_staff_will_be() -> None:
    assert where_staff_are("you'd hover here in the doorway")
    assert not where_staff_are("you'd sit down with me and read the letter")


@pytest.mark.parametrize(
    ("question", "agrees"),
    [
        ("It is okay for you?", True),
        ("This is alright with you?", True),
        ("Is that okay for you?", True),
        ("Are you okay?", False),
    ],
)
def test_a_promise_put_for_agreement_in_a_learner_s_english(question: str, agrees: bool) -> None:
    assert asks_agreement(question) is agrees


def _answers_to_a_promise(persona_id: str, band: Band) -> list[str]:
    """The persona file's answers to a promise, then its answers to an offer (coach.patient.held_to)."""
    written = PERSONAS[persona_id].listening.acts.promised
    return [
        *(written.at(band) if written else []),
        *PERSONAS[persona_id].voice[band].replies[ReplyKind.options],
    ]


def test_someone_sent_for_to_come_and_see_them_is_answered_as_help() -> None:
    turn = "I'll ask the charge nurse, Dev, to come and talk it through with you in the next ten minutes."
    [reply] = replies([turn], PERSONAS["refused-request"], agitation=35)
    assert any(line in reply for line in _answers_to_a_promise("refused-request", Band.agitated)), reply


@pytest.mark.parametrize(
    "turn", ["I'll let the day staff know.", "I'm going to ask one of the others to come in as well."]
)
def test_word_passed_on_or_more_staff_called_is_not_answered_as_help(turn: str) -> None:
    [reply] = replies([turn], PERSONAS["refused-request"], agitation=35)
    assert not any(line in reply for line in _answers_to_a_promise("refused-request", Band.agitated)), reply


def test_a_reassurance_seen_to_is_not_said_back_as_a_thing() -> None:
    turn = "Nobody is writing this up as an incident. I'll make sure of that myself."
    for persona in PERSONAS.values():
        [reply] = replies([turn], persona, agitation=40)
        assert "that myself" not in reply.lower(), (persona.id, reply)


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_a_promise_gets_the_persona_s_own_answer_to_a_promise(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    written = persona.listening.acts.promised
    assert written is not None
    [reply] = replies(["I'll chase it up for you this afternoon."], persona, agitation=35)
    assert any(line in reply for line in written.at(Band.agitated)), reply


def test_without_answers_written_for_a_promise_the_answers_to_an_offer_take_it() -> None:
    persona = PERSONAS["refused-request"]
    acts = persona.listening.acts.model_copy(update={"promised": None})
    plain = persona.model_copy(update={"listening": persona.listening.model_copy(update={"acts": acts})})
    [reply] = replies(["I'll chase it up for you this afternoon."], plain, agitation=35)
    assert any(line in reply for line in persona.voice[Band.agitated].replies[ReplyKind.options]), reply
