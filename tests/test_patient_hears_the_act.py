"""The offline patient hears what a staff turn did, in the trainee's own words: a request put politely
("Sorry, could you ...") is a request, not an apology; a condition with a compulsion after it is a threat,
however it is typed; a validation in dialect sides with them; a plain introduction brushes nothing off; a
check that they understood gets their answer to the news; an alternative said after a no is an offer; and
what staff said at a time is recalled with that time. The wordings are the test writer's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.acts import Act, read_acts
from coach.config import Settings
from coach.datafiles import load_model
from coach.models import Flag, Grade, Persona, Scores
from coach.personas import load_personas
from coach.spelling import plain_words
from tests.patient_fixtures import calm_grade, first_reply, replies

SAM = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)
SHIPPED = load_personas(Settings().personas_dir)


def flagged(*flags: Flag, refusal: bool = False) -> Grade:
    return Grade(
        scores=Scores(tone=3, no_brevity=3 if refusal else None, options=0, escalation_risk=3),
        flags=list(flags),
        refusal=refusal,
        grader="test",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, could you shuffle along so the tea trolley fits past?",
        "Excuse me, would you mind moving your bag off the walkway?",
        "Sam, can you budge over a touch for the cleaner?",
    ],
)
def test_a_polite_request_is_a_request_not_an_apology(text: str) -> None:
    reading = read_acts(text, SAM)
    assert Act.request in reading.acts
    assert Act.apology not in reading.acts


def test_a_sorry_for_what_happened_is_still_an_apology() -> None:
    assert Act.apology in read_acts("Sorry nobody got back to you about the phone.", SAM).acts


@pytest.mark.parametrize(
    "text",
    [
        "if u wont come away from the door ill have to get security up here",
        "Unless you settle, we'll end up moving you to the other ward.",
        "Keep shouting like that and you'll lose your escorted leave.",
    ],
)
def test_a_condition_with_a_compulsion_after_it_is_a_threat(text: str) -> None:
    assert Act.threat in read_acts(text, SAM).acts
    # Heard as a threat with nothing else tacked on: the threatened line is the whole reply.
    reply = first_reply(text, SAM)
    assert reply in SAM.voice["agitated"].replies["threatened"], reply


@pytest.mark.parametrize(
    "text",
    [
        "If you don't fancy the day room, I can bring a tea to you here.",
        "If you want, I'll sit with you while you ring.",
    ],
)
def test_a_condition_before_an_offer_is_no_threat(text: str) -> None:
    assert Act.threat not in read_acts(text, SAM).acts


@pytest.mark.parametrize(
    "text",
    [
        "Och, naebody rang ye back aw day. That's no right, so it's no.",
        "Aw pal, twice ye've asked an' nae answer. That's shockin.",
    ],
)
def test_a_validation_in_dialect_sides_with_them_even_when_the_grader_hears_a_brush_off(text: str) -> None:
    assert Act.validation in read_acts(text, SAM).acts
    reply = first_reply(text, SAM, grade=flagged(Flag.invalidation, refusal=True))
    agitated = SAM.voice["agitated"].replies
    assert not reply.startswith((*agitated["dismissed"], *agitated["refused"])), reply


def test_dialect_spellings_are_read_as_the_words_they_stand_for() -> None:
    assert plain_words("Dinnae fret, naebody's cross wi ye") == "don't fret, nobody's cross with you"


def test_a_plain_introduction_is_not_heard_as_a_brush_off() -> None:
    reply = first_reply("Hiya Sam, I'm Priti, I'm on the late shift.", SAM, grade=flagged(Flag.invalidation))
    assert not reply.startswith(tuple(SAM.voice["agitated"].replies["dismissed"])), reply


def test_a_brush_off_with_a_validation_taken_back_is_still_a_brush_off() -> None:
    text = "That's frustrating, but honestly you're overreacting."
    reply = first_reply(text, SAM, grade=flagged(Flag.invalidation))
    assert reply.startswith(tuple(SAM.voice["agitated"].replies["dismissed"])), reply


@pytest.mark.parametrize(
    "check", ["Does that make sense?", "Is that clear, why it has to wait?", "You with me?"]
)
def test_a_check_that_they_understood_gets_their_answer_to_the_news(check: str) -> None:
    first, second = replies(["The phone's booked by the doctors until four.", check], SAM, grade=calm_grade())
    assert second in SAM.voice["agitated"].replies["refused"], (first, second)


def test_an_alternative_after_a_no_is_answered_as_an_offer() -> None:
    nadia = SHIPPED["fearful"]
    text = "I can't let you go home today, but the ward can arrange for you to ring your sister at six."
    assert read_acts(text, nadia).offers
    reply = first_reply(text, nadia)
    assert (
        reply
        in nadia.listening.offers[
            [o.id for o in nadia.listening.offers].index("ring-samira")
        ].answers.agitated
    )


def test_what_was_said_with_a_time_is_recalled_with_that_time() -> None:
    maureen = SHIPPED["ignored-for-days"]
    lines = [
        "I'll phone the housing office with you at three.",
        "Would you like a biscuit while we wait?",
        "Hang on, what was it I said we'd do at three?",
    ]
    reply = replies(lines, maureen, agitation=30)[-1].lower()
    assert "housing" in reply and "biscuit" not in reply, reply


def test_an_offer_set_for_later_is_not_answered_as_if_it_were_now() -> None:
    nadia = SHIPPED["fearful"]
    text = "I could fetch the jigsaw box round at eleven, after the drug round."
    said = [first_reply(text, nadia, session=str(session)).lower() for session in range(20)]
    assert not [reply for reply in said if "right now" in reply or "now?" in reply]


@pytest.mark.parametrize(
    "text",
    [
        "Don't worry, the doctor's seeing everyone on Thursday.",
        "Aw love, don't panic, nobody's cross with you.",
        "Please don't be frightened, I'm just here to chat.",
    ],
)
def test_comfort_put_as_an_imperative_is_no_instruction(text: str) -> None:
    assert not read_acts(text, SAM).has(Act.instruction)


@pytest.mark.parametrize("text", ["Don't shout at the others.", "Don't touch the trolley, please."])
def test_a_don_t_that_asks_them_not_to_do_something_is_still_an_instruction(text: str) -> None:
    assert read_acts(text, SAM).has(Act.instruction)


@pytest.mark.parametrize(
    "text",
    [
        "And when Jo's back on Monday, I'll ask her about the forms.",
        "When the doctor comes round, we'll go over it.",
    ],
)
def test_a_statement_that_opens_on_when_someone_is_or_does_something_is_no_question(text: str) -> None:
    assert not read_acts(text, SAM).questions


def test_leaving_them_to_it_later_is_no_goodbye_and_leaving_now_is() -> None:
    assert not read_acts("I'll leave you to it in a minute, I'm just finishing this.", SAM).has(Act.closing)
    assert read_acts("Right, I'll leave you to it.", SAM).has(Act.closing)
