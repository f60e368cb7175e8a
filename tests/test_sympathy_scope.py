"""Words that name a feeling back to the person are their own features for the learned scorer."""

from __future__ import annotations

import pytest

from coach.grading.learned.features import Situation, said_features, turn_features
from coach.grading.rules.reading import read_text, read_turn


def _names(staff: str) -> set[str]:
    return {name for name, _ in turn_features(read_turn(staff), Situation()).features}


@pytest.mark.parametrize(
    ("staff", "felt"),
    [
        ("That sounds really hard, honestly.", {"v:really", "v:hard"}),
        ("No wonder you're wound up.", {"v:wonder"}),
        ("Gosh, it must have been so frightening for you.", {"v:frightening"}),
    ],
)
def test_words_naming_a_feeling_back_are_marked_as_such(staff: str, felt: set[str]) -> None:
    names = _names(staff)
    assert felt <= names
    assert not {f"w:{name[2:]}" for name in felt} & names


@pytest.mark.parametrize(
    "staff",
    [
        "You're really hard work, you know that?",  # the same words aimed at the person
        "I'm sorry you feel that way.",  # a risky reading holds the words: no sympathy in them
    ],
)
def test_the_same_words_elsewhere_keep_their_plain_features(staff: str) -> None:
    names = _names(staff)
    assert not any(name.startswith("v:") for name in names)


def test_a_line_has_the_same_words_read_alone_or_in_a_situation() -> None:
    # The better line's candidates are read once, without the situation; their words must be the turn's.
    staff = "That must be frightening. Shall we sit by the window?"
    text = read_text(staff)
    alone = said_features(text.clean, text.turn.actions, None, text.sympathy).features
    in_situation = read_turn(staff, None, "Can I go home? Please?")
    assert alone == said_features(in_situation.clean, (), None, in_situation.sympathy).features
