"""coach.wording's counts, which the readings of every turn share."""

from __future__ import annotations

import pytest

from coach.wording import capital_letters


@pytest.mark.parametrize("text", ["STOP IT NOW", "Hi Nadia, I'm Sam", "Ça VA? Zoë ÉTÉ", "", "123 !!"])
def test_capitals_are_counted_as_one_letter_at_a_time_would_count_them(text: str) -> None:
    # counted in C for ASCII text; a turn mostly in capitals is shouted, not spelled
    letters = [c for c in text if c.isalpha()]
    assert capital_letters(text) == (sum(c.isupper() for c in letters), len(letters))
