"""Candidate lines for one part of an offline reply: a persona's lines for the band with the trainee's
words and name filled in where they read as plain speech, and the first of them not said before in the
scene, lines that share most words with the question first, then in the session's own order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from coach.grading.rules.dispatch import compile_keyed
from coach.listening import BandLines
from coach.models import Band
from coach.offered_phrase import MAX_WORDS
from coach.patient.choosing import frames, noun_phrase, plain_phrase
from coach.patient.meaning import meant
from coach.wording import fold


@dataclass(frozen=True)
class Pool:
    """Candidate lines for one part of the reply, placeholders filled."""

    name: str
    lines: tuple[str, ...]
    about: frozenset[str] = frozenset()  # the question's content words: lines sharing most come first


def lines_at(
    label: str,
    lines: BandLines,
    band: Band,
    offer: str | None = None,
    staff: str | None = None,
    option: bool = False,
) -> Pool:
    """The band's lines with {offer} and {name} (the staff's) filled; lines needing a missing one are left
    out. An `option` of a choice is said whole: its time may be what sets it apart ("now", "after seven")."""
    # Trainee words go into a line only as a plain phrase: "I don't want the queue's gone down" is no reply.
    if offer and not offer.startswith("you'd "):
        offer = offer if option else noun_phrase(offer)
        if not plain_phrase(offer, MAX_WORDS):
            offer = None
    filled = []
    for line in lines.at(band):
        if ("{name}" in line and not staff) or ("{offer}" in line and not (offer and frames(line, offer))):
            continue
        if offer and offer.startswith("you'd ") and not _QUOTABLE.search(line):
            continue  # a promise ("you'd ring her") reads only where a clause can start
        text = line.replace("{name}", staff or "").replace("{offer}", offer or "")
        filled.append(_sentences_capitalised(text) if "{offer}" in line else _capitalised(text))
    return Pool(label, tuple(filled))


_QUOTABLE = compile_keyed(r"(?:^|[.!?] |\bsaid )\{offer\}")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _sentences_capitalised(text: str) -> str:
    """A filled-in offer that starts a sentence starts with a capital ("You SAID! You'd ring her!")."""
    return re.sub(r"((?<!\.)[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), _capitalised(text))


def first_of(pools: Iterator[Pool], said: list[str], seed: str) -> tuple[str, str | None]:
    """The first unsaid line of the first pool that has one, with that pool's name."""
    for pool in pools:
        line = first(pool, said, seed)
        if line:
            return pool.name, line
    return "", None


def first(pool: Pool, said: list[str], seed: str) -> str | None:
    """The first line of the pool that no earlier reply contained: lines that share most words with the
    question first, then in the seed's order."""
    for line in sorted(pool.lines, key=lambda t: (-len(pool.about & line_words(t)[1]), _rank(seed, t))):
        folded = line_words(line)[0]
        if not any(folded in s for s in said):
            return line
    return None


@lru_cache(maxsize=8192)
def line_words(line: str) -> tuple[str, frozenset[str]]:
    """A persona line folded, and its content words with the ward classes it holds ("meals" meets "eat":
    coach.patient.meaning): the same lines are weighed on every reply."""
    folded = fold(line)
    return folded, meant(folded)


def _rank(seed: str, text: str) -> bytes:
    return hashlib.sha256(f"{seed}\x1f{text}".encode()).digest()


def lines_first(pool: Pool, first: Callable[[str], bool]) -> Iterator[Pool]:
    """The pool's lines for which `first` holds, then the rest (presuming_last's other way round)."""
    chosen = tuple(line for line in pool.lines if first(line))
    yield replace(pool, lines=chosen)
    yield replace(pool, lines=tuple(line for line in pool.lines if line not in chosen))


def presuming_last(pool: Pool, presumes: re.Pattern[str]) -> Iterator[Pool]:
    """The pool's lines that presume nothing the turn does not say, then the rest."""
    return lines_first(pool, lambda line: not presumes.search(fold(line)))
