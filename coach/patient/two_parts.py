"""A turn in two parts, a question and an offer ("I'll fetch you a tea. When did the letter come?"), gets
both answered: the answer to the question first, whole, then a yes or a no to the offer in a few words,
naming the thing ("A tea? Go on, then."), unless the two would be at odds (coach.patient.composing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coach.patient.composing import at_odds
from coach.patient.guards import is_too_long
from coach.patient.pools import Pool, first_of
from coach.wording import fold, sentences, stems

# Pools (coach.patient.answer) whose lines answer a question.
QUESTION_PARTS = ("topic:", "fact", "dont_know")

# A few words: what a listener takes as an aside to the main answer, not a second reply.
_FEW_WORDS = 8

# Words that answer an offer: a yes, a no, a maybe, a thanks.
_ANSWERS_OFFER = re.compile(
    r"\b(?:yes|yeah|yep|okay|ok|please|go on|no|nah|not|don't|fine|alright|all right|thanks|thank you|"
    r"cheers|i'd like|lovely|maybe|suppose|if you like|if you want)\b"
)


def few_words(pools: Iterable[Pool], said: list[str], seed: str, thing: str | None = None) -> str | None:
    """The answer to an offer in a few words: the opening of the first unsaid line of `pools` (see
    `opening`), or None. An answer that does not name the `thing` offered names it first ("A glass of
    water? Okay."): after an answer to something else, a bare "Okay." says yes to nothing in particular."""
    _, line = first_of(iter(pools), said, seed)
    text = opening(line) if line else None
    if text and thing and not stems(fold(thing)) & stems(fold(text)):
        text = f"{thing[:1].upper()}{thing[1:]}? {text}"
    return text


def opening(line: str) -> str | None:
    """`line` as far as its sentence that says yes, no or maybe, when that is a few words, else None."""
    parts = sentences(line)
    end = next((i for i, s in enumerate(parts) if _ANSWERS_OFFER.search(fold(s))), None)
    if end is None:
        return None
    text = " ".join(parts[: end + 1])
    return text if len(text.split()) <= _FEW_WORDS else None


def joined(reply: str, other: str | None) -> str:
    """`reply` with the other part's few words after it, unless they would say the same thing again, set
    the reply at odds with itself or make it longer than a chat turn."""
    if not other or fold(other) in fold(reply) or at_odds(reply, other):
        return reply
    both = f"{reply} {other}"
    return reply if is_too_long(both) else both
