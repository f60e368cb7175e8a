"""Their own name, asked ("what's your name?", "what do I call you?") or put to them to confirm ("you're
Callum, yeah?", "Nadia, is it?", "are you Beth?"): they say it, in their introduction's words where those
say it. A name put to them is no statement of theirs to check against their facts (a fact that names them
is not the answer), nor is a question that only addresses them by name ("Nadia, can I sit here?").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from coach.models import Band, Persona
from coach.patient.facts import TELLING_BANDS
from coach.patient.pools import Pool, lines_at
from coach.wording import fold

# Asking the person their own name: "what's your name?", "what do I call you?", "can I take your name?".
_THEIR_NAME = re.compile(
    r"\bwhat(?:'s| is| was) your (?:first |full )?name\b|\bwhat (?:do|should|can|shall) (?:i|we) call you\b|"
    r"\b(?:can|could|may) i (?:take|get|have|ask|grab) your name\b|\bremind me (?:of )?your name\b"
)


def own_name(persona: Persona, band: Band, asked: bool) -> Iterator[Pool]:
    """Their answer when asked their name, or when it is put to them: the band's introduction lines that
    say it (those that need the staff's name left out); then, asked, their first name said alone (where
    those lines are said already or say again what they have said), and put to them, "That's me." while
    they still speak plainly (highly agitated or in crisis, the band's own lines answer, not a name)."""
    first = persona.profile.first_name
    saying = lines_at("own_name", persona.listening.acts.introduction, band)
    lines = tuple(line for line in saying.lines if re.search(rf"\b{re.escape(first)}\b", line))
    yield Pool("own_name", lines)
    if asked:
        yield Pool("own_name", (f"{first}.",))
    elif band in TELLING_BANDS:
        yield Pool("own_name", ("That's me.",))


def asks_own_name(question: str) -> bool:
    """True when the question sentence `question` asks their name."""
    return bool(_THEIR_NAME.search(fold(question)))


def puts_own_name(question: str, persona: Persona) -> bool:
    """True when the question sentence `question` puts their own first name to them to confirm."""
    return bool(_name_put(persona.profile.first_name).search(fold(question)))


@lru_cache(maxsize=32)
def _name_put(first: str) -> re.Pattern[str]:
    """Their first name put to them as who they are: "you're Nadia?", "are you Nadia?", "is it Nadia?",
    "Nadia, is it?", "Nadia, right?" (said as the whole question, not an address before one)."""
    name = re.escape(fold(first))
    return re.compile(
        rf"\b(?:you(?:'re| are| must be| be)|are you|is (?:it|this|that)|it's|that's) {name}\b|"
        rf"^(?:(?:and|so|hi|hello|hiya|sorry),? )*{name},? "
        r"(?:is (?:it|that)(?: right)?|isn't it|innit|right|yeah|yes|no)\W*$"
    )
