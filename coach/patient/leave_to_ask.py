"""Staff asking leave to ask, with nothing asked yet ("Can I ask you a few things?", "mind if I ask you
something about the letter?"): answered as being asked, a yes or a "what about?" by band (the persona
file's `acts.asked_leave`, else its `small_request` lines, which comply or bargain), never as a question
about the thing it names, nor with a fact that holds the word "ask"."""

from __future__ import annotations

import re

from coach.models import Band, Persona
from coach.patient.asked import LEAVE_TO_ASK
from coach.patient.pools import Pool, lines_at
from coach.spelling import plain_words

_WHAT_ABOUT = (
    r"(?: (?:something|anything|a (?:couple of |few |quick )?(?:things?|questions?)|"
    r"some (?:things|questions)))?"
    r"(?: (?:about|on|to do with) [^?.!]+)?"
)
# The whole question, after a greeting or their name: "Hiya Maureen, can I ask you something quickly?"
_LEAVE_ONLY = re.compile(
    r"^\W*(?:(?:so|and|ok|okay|right|sorry|hi|hiya|hello|hey)\b,? )*(?:[a-z]+, )?"
    rf"{LEAVE_TO_ASK}{_WHAT_ABOUT}"
    r"(?: (?:quickly|real quick|for a sec(?:ond)?|for a minute|first))?\W*$"
)


def asks_leave(question: str) -> bool:
    """True when `question` only asks leave to ask ("could I ask you a couple of questions?")."""
    return bool(_LEAVE_ONLY.match(plain_words(question)))


def leave_given(persona: Persona, band: Band) -> Pool:
    """Their answer to being asked whether staff may ask them something, at `band`."""
    acts = persona.listening.acts
    return lines_at("asked_leave", acts.asked_leave or acts.small_request, band)
