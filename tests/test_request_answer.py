"""What a staff turn does to the patient's request, read by clause shape
(coach/grading/rules/request_answer.py), in lines written for this file: no corpus item or rubric example
holds them, so a pass means the shapes are read from structure, not from words something was tuned on."""

from __future__ import annotations

import pytest

from coach.grading.learned.features import Situation, turn_features
from coach.grading.rules.reading import read_turn
from coach.grading.rules.request_answer import clauses, moves, request_kinds, shapes

# Each line makes the move named, in words that share nothing with the move's name.
MOVES = [
    ("Once the ward's quieter we can look at your phone.", "deferred"),
    ("When you've had some sleep you can have another go at ringing her.", "conditional"),
    ("Unless you put the chair down, we stay right here.", "conditional"),
    ("Somebody from housing will ring you.", "passed_on"),
    ("The consultant can sign that off.", "passed_on"),
    ("Leave requests are a matter for the review panel.", "role_named"),
    ("Mugs can't leave the kitchen.", "rule"),
    ("The fire door has to stay shut.", "rule"),
    ("Only the one biscuit, I'm afraid.", "limited"),
    ("We aren't able to lend money.", "refused"),
    ("You won't be going out today.", "refused"),
    ("Yep, go ahead.", "granted"),
    ("You can borrow my pen right now.", "granted"),
    ("I'll walk you down at three.", "granted_later"),
    ("I'll sort it in a bit.", "deferred"),
    ("I'll mention it.", "promised"),
    ("Sit back down.", "bare_command"),
]


@pytest.mark.parametrize(("line", "move"), MOVES)
def test_each_move_is_read_from_the_clause_shape(line: str, move: str) -> None:
    assert move in moves(line)


def test_a_question_makes_no_move() -> None:
    """Asking "can I walk you down at three?" grants nothing and refuses nothing."""
    assert moves("Could the doctor see you at three? Would that be all right?") == frozenset()


def test_time_decides_between_now_a_named_time_and_a_vague_later() -> None:
    assert "granted" in moves("You can have it now.")
    assert "granted_later" in moves("You can have it on Sunday.")
    assert "deferred" in moves("You can have it sometime.")
    assert {"granted", "granted_later", "deferred"}.isdisjoint(moves("You can't have it."))


def test_the_subject_decides_who_acts() -> None:
    """The same verb phrase is the speaker's promise, someone else's job, or the patient's own."""
    assert clauses("I will phone them.")[0].subject == "speaker"
    assert clauses("She will phone them.")[0].subject == "other"
    assert clauses("The social worker will phone them.")[0].subject == "role"
    assert clauses("You will phone them.")[0].subject == "addressee"


def test_a_not_before_a_subordinator_keeps_the_condition() -> None:
    """'Not till you've...' puts it off on a condition; the negation does not hide the opener."""
    (clause,) = clauses("not till you've eaten")
    assert (clause.opener, clause.subject, clause.negated) == ("until", "addressee", True)


def test_shapes_name_subject_auxiliary_polarity_and_time() -> None:
    assert shapes("We can't open it tonight.") == ["main/speaker/able/neg/specific"]


# What the patient's line puts to the staff, by its shape.
REQUESTS = [
    ("Pass me the remote.", "command"),
    ("Will anybody be taking me to the bank?", "asks_yes_no"),
    ("Who's got the key to the garden?", "asks_wh"),
    ("I need a word with my brother.", "wants"),
    ("I'm off to the canteen.", "intends"),
    ("You told me Tuesday.", "holds_to"),
]


@pytest.mark.parametrize(("line", "kind"), REQUESTS)
def test_the_patient_line_is_read_for_what_it_puts_to_staff(line: str, kind: str) -> None:
    assert kind in request_kinds(line)


def test_a_question_split_by_or_is_a_question_in_every_clause() -> None:
    """'Is someone coming or not?' asks, in both halves: the "?" at the end holds for the whole."""
    assert all(c.question for c in clauses("Is someone coming or not?"))


def test_the_scorer_sees_the_move_beside_what_was_asked() -> None:
    """The same staff words carry the cross only when the patient's line puts something to them."""
    staff = "Someone from the team will come back to you about it."
    asked = turn_features(read_turn(staff, None, "Give me my phone."), Situation("Give me my phone."))
    told = turn_features(read_turn(staff, None, "It's raining."), Situation("It's raining."))
    assert "do:passed_on&pk:command" in asked.names()
    assert "do:passed_on" in told.names()
    assert not any("&pk:" in name for name in told.names())
