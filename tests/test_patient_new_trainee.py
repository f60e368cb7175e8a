"""A trainee new to the ward: a summary checked with a second way of asking ("is that it, or did I miss
something?") is confirmed or put right, news opened with "So, I ..." puts nothing back to be corrected,
and people counted somewhere else ("two people on one to ones") are not staff standing there. Staff lines
here are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acted import read_acted
from coach.config import RESOURCES
from coach.patient.reflected import reflects
from coach.patient.wrong_in_scene import person_put_back_wrong
from coach.personas import load_personas
from coach.wording import fold
from tests.patient_fixtures import no_grade, replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    "turn",
    [
        "You saw them pin a woman down and you've not slept since. Is that it, or did I miss something?",
        "Let me make sure I've understood you right: nobody has explained the tablets. Anything I've missed?",
        "So the shop is the whole point, because of the card. Have I left out anything?",
    ],
)
def test_a_summary_checked_another_way_is_read_as_a_check(turn: str) -> None:
    assert reflects(turn)


def test_a_summary_checked_with_a_second_question_is_confirmed() -> None:
    turn = (
        "Let me make sure I've got it right. You watched staff hold someone down in the night, and since "
        "then you haven't slept and you just want to be home. Is that it, or did I miss something?"
    )
    reply = fold(replies([turn], PERSONAS["fearful"], agitation=35)[-1])
    assert reply.startswith(("yes", "yeah", "that's", "right", "no", "sort of", "mostly")), reply


def test_news_of_the_speakers_own_puts_nothing_back_to_correct() -> None:
    earlier = ["I'm going to ask the nurse in charge about your leave, back in a bit."]
    news = "So, I've asked, and you can ring Ellie at her mum's tonight on the ward phone."
    assert person_put_back_wrong(news, earlier, "Callum") is None
    reply = replies([*earlier, news], PERSONAS["refused-request"], agitation=40, grade=no_grade())[-1]
    assert "you said" not in fold(reply) and "no it's not" not in fold(reply), reply


def test_a_summary_that_puts_the_wrong_person_back_is_still_corrected() -> None:
    earlier = ["Kemi, the nurse in charge, will go through your rights with you after lunch."]
    assert person_put_back_wrong("So the doctor's coming to go through your rights?", earlier, "Nadia")


@pytest.mark.parametrize(
    ("turn", "arrived"),
    [
        ("We've got two people on one to ones, so nobody's free to go out.", 0),
        ("there are three staff off sick today, sorry", 0),
        ("We have four nurses in the meeting till two.", 0),
        ("There are two of us here now, we just want to help.", 2),
        ("we've got three staff, so someone can sit with you", 3),
    ],
)
def test_only_staff_counted_as_there_have_arrived(turn: str, arrived: int) -> None:
    assert read_acted(turn, "Callum").arrived == arrived
