"""What a turn's model calls are told besides the staff words: the last few turns for the grader, and
the offers still on the table for the patient."""

from __future__ import annotations

from coach.models import Persona, Speaker, Turn
from coach.offers import offers_in
from coach.wording import fold

OFFER_TURNS = 3  # staff turns whose offers still stand
RECENT_TURNS = 4  # turns a model grader sees before the patient's last line


def recent_turns(history: list[Turn]) -> list[str]:
    """The turns before the patient's last line and the staff turn being graded, as 'Who: words'."""
    before = history[:-2][-RECENT_TURNS:]
    return [f"{'Staff' if t.speaker is Speaker.staff else 'Patient'}: {t.text}" for t in before]


def offers_on_the_table(history: list[Turn], persona: Persona) -> list[str]:
    """What staff offered in their last few turns, in the patient's words, newest first."""
    staff = [t for t in history if t.speaker is Speaker.staff][-OFFER_TURNS:]
    words: list[str] = []
    for turn in reversed(staff):
        for offer in offers_in(fold(turn.text), persona):
            if offer.words and offer.words not in words:
                words.append(offer.words)
    return words
