"""coach.wording's counts, which the readings of every turn share."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.personas import load_personas
from coach.wording import capital_letters, named_most


@pytest.mark.parametrize("text", ["STOP IT NOW", "Hi Nadia, I'm Sam", "Ça VA? Zoë ÉTÉ", "", "123 !!"])
def test_capitals_are_counted_as_one_letter_at_a_time_would_count_them(text: str) -> None:
    # counted in C for ASCII text; a turn mostly in capitals is shouted, not spelled
    letters = [c for c in text if c.isalpha()]
    assert capital_letters(text) == (sum(c.isupper() for c in letters), len(letters))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the team will look at it", False),
        ("it's ok to let your tears come", False),
        ("beth? it's sade.", False),
        ("shall i get you the tea?", True),
        ("two teas, was it?", True),
        ("you seem really sad", True),
        ("are you hungry at all?", True),  # a longer word still takes any ending: "hungry" of "hung"
    ],
)
def test_a_short_word_of_a_thing_is_found_only_with_an_ending(text: str, found: bool) -> None:
    things = [Named(("the tea", "your tea", "tea", "sad", "hung"))]
    assert (named_most(text, things) is not None) is found


@dataclass(frozen=True)
class Named:
    words: tuple[str, ...]


def test_a_listed_thing_is_not_offered_inside_a_longer_word() -> None:
    fearful = load_personas(RESOURCES / "personas")["fearful"]
    turn = "You can't go home tonight. The team has to agree it, and the consultant will see you on Monday."
    assert not any("tea" in o.words for o in read_acts(turn, fearful).offers)
