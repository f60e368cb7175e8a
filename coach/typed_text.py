"""Checking text a person typed before anything stores it: a staff turn, a debrief, a trainee's name, a
trainer's comment. One rule for all of them, so the engine and the trainer's review refuse the same input
with the same one-line message.
"""

from __future__ import annotations

import re

from coach.models import MAX_TURN_CHARS

# Control, zero-width and bidirectional formatting characters (embeddings, overrides, isolates): unseen,
# they make a turn read differently on screen from what is stored and graded.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


class TurnRejected(ValueError):
    """Input the engine will not take; the message is one line for the trainee."""


def clean_text(
    text: str | None,
    *,
    limit: int = MAX_TURN_CHARS,
    what: str = "Your message",
    hint: str = "type what you would say to the patient",
) -> str:
    """Validate typed text: not empty, not too long, no control characters. Returns it stripped."""
    if text is None or not text.strip():
        raise TurnRejected(f"{what} is empty: {hint}.")
    text = text.strip()
    if len(text) > limit:
        raise TurnRejected(f"{what} is {len(text):,} characters; the limit is {limit:,}. Keep it short.")
    bad = _CONTROL.search(text)
    if bad:
        raise TurnRejected(f"{what} contains a control character (U+{ord(bad.group()):04X}); remove it.")
    return text
