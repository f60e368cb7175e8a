"""What the patient's last line puts on the table, read by its shape: the state the refusal head reads the
staff words against (coach.grading.rules.patient_line.on_the_table). Wordings are new, not the corpus's."""

from __future__ import annotations

import pytest

from coach.grading.learned.features import Situation, turn_features
from coach.grading.rules.patient_line import on_the_table
from coach.grading.rules.reading import read_turn


@pytest.mark.parametrize(
    ("line", "state"),
    [
        ("May I borrow a pen for my crossword?", "request"),
        ("I'd like my slippers from the laundry.", "request"),
        ("Just fetch my inhaler, would you.", "request"),
        ("Unlock the garden, it's roasting in here!", "request"),
        ("Please, five minutes with the cat video on your tablet.", "request"),
        ("Don't shut the blinds.", "request"),
        ("How long till the dentist gets here?", "when"),
        ("What time does the shop van come?", "when"),
        ("Why can't my nan visit on a Tuesday?", "why_not"),
        ("Stay over there by the sink.", "space"),
        ("Leave me alone with my radio.", "space"),
        ("I'm not swallowing any more of that syrup.", "own_way"),
        ("I won't wear the wristband, end of.", "own_way"),
        ("I'm off to the bus stop, try and stop me.", "own_way"),
        ("Who was that lady with the clipboard?", "question"),
        ("Is it raining out?", "question"),
        ("My tummy's been in knots since breakfast.", "statement"),
        ("The lad in bay three keeps staring at me.", "statement"),
        ("Look, I'm fine.", "statement"),
        ("*pulls the duvet over her head*", "acted"),
        ("", "nothing"),
        (None, "nothing"),
    ],
)
def test_the_line_is_read_by_its_shape(line: str | None, state: str) -> None:
    assert on_the_table(line) == state


def test_the_same_staff_words_are_different_features_after_a_request_and_after_a_worry() -> None:
    staff = "The pharmacy shuts at five today."
    asked = "Can someone pick up my prescription?"
    worried = "I'm worried my prescription got lost."
    after_ask = set(turn_features(read_turn(staff, None, asked), Situation(patient=asked)).names())
    after_worry = set(turn_features(read_turn(staff, None, worried), Situation(patient=worried)).names())
    assert "sw:request&pharmacy" in after_ask and "sw:statement&pharmacy" in after_worry
    assert "sw:statement&pharmacy" not in after_ask and "sw:request&pharmacy" not in after_worry
    # the plain words are the same in both
    assert {n for n in after_ask if n.startswith("w:")} == {n for n in after_worry if n.startswith("w:")}
