"""Holding staff to what they offered or promised earlier in the scene: asked what they think of it,
when they leave, or asked what they said ("what was it I said I'd bring?").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Offered, fold
from coach.models import Band, Persona
from coach.offers import MAX_WORDS
from coach.patient.choosing import plain_phrase
from coach.patient.pools import Pool, lines_at


def weighed(thing: Offered, persona: Persona, band: Band) -> Iterator[Pool]:
    """What they make of something offered earlier when asked what they think: the answer to that offer
    again in other words, then holding staff to it."""
    if thing.listed is not None:
        yield lines_at(f"offer:{thing.listed.id}", thing.listed.answers, band)
    elif not thing.words.startswith("you'd "):
        yield lines_at("unknown_offer", persona.listening.acts.unknown_offer, band, offer=thing.words)
    yield held_to(thing, persona, band)


# A held-to line that asks for the thing now ("So where is it?") is for a promise already due.
_DEMANDS_IT = re.compile(
    r"\b(?:where is|where's|so where|what happened to|happening or not|still waiting|get sorted|"
    r"(?:did|has|hasn't) (?:that|it) (?:happen|happened)|nobody's done)\b"
)


def named_alone(recalled: list[Offered]) -> Pool:
    """Asked again what was said after every line that holds staff to it was used, they still name it: the
    thing on its own answers "what was it I said?"."""
    return Pool("recalled", tuple(_said_alone(t.words) for t in recalled if _sayable(t.words)))


def _sayable(words: str) -> bool:
    """True when what was offered or promised can be said back on its own: a promise ("you'd ring my
    sister") is already in the patient's words, unless its thing is a pronoun ("you'd fetch me one" names
    nothing); an offer only as a plain phrase."""
    if words.startswith("you'd "):
        return not _STANDS_FOR.search(words)
    return plain_phrase(words, MAX_WORDS)


_STANDS_FOR = re.compile(r"\b(?:it|them|one|ones|that|those)\b")


def _said_alone(words: str) -> str:
    """A thing offered or promised said as a reply of its own: "you'd ring my sister" -> "You'd ring my
    sister."."""
    return words[:1].upper() + words[1:] + "."


def held_to(thing: Offered, persona: Persona, band: Band) -> Pool:
    """Holding staff to an earlier offer or promise; one set for later ("at four") is not asked for yet."""
    pool = lines_at("held_to", persona.listening.acts.held_to, band, offer=thing.words)
    if not thing.later:
        return pool
    return Pool(pool.name, tuple(line for line in pool.lines if not _DEMANDS_IT.search(fold(line))))
