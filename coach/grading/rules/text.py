"""Normalising a staff turn once, and cutting it into what was said and what was done.

Normalising keeps case (capitals are evidence of shouting) but makes every other variant one form: NFKC,
curly quotes and apostrophes straight, dashes plain, invisible characters gone, look-alike letters from
other alphabets mapped to Latin (so "calm down" cannot hide behind a Cyrillic "а"), whitespace single.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

# Patterns are read over at most this much text: a turn is limited to 2,000 characters at the door, and a
# bound keeps the grader fast on anything pasted in.
READ_LIMIT = 20_000

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u2026": "...",
        # Cyrillic and Greek letters that look Latin.
        **dict(
            zip("\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0455\u0458", "aeopcyxisj", strict=True)
        ),
        **dict(zip("\u0410\u0415\u041e\u0420\u0421\u0425\u0406\u0405", "AEOPCXIS", strict=True)),
        **dict(zip("\u03bf\u039f\u03b1", "oOa", strict=True)),
    }
)

# Soft hyphens, zero-width and direction marks vanish; other control, private-use and surrogate characters
# become spaces.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufff0-\uffff]")
_SPACES = re.compile(r"[^\S\n]+")
_ODD_SPACE = re.compile(r"[^\S\n ]| {2}")  # what `_SPACES` would change: a run of two, or not a space
_ASCII_ODD_SPACE = re.compile(r"[\t\x0b\x0c\r\x1c-\x1f]")  # the same in ASCII, less a run of spaces
_NEWLINES = re.compile(r"\s*\n\s*")
_ACTION = re.compile(r"\*+([^*\n]{1,200}?)\*+")
_CODE = re.compile(r"```.*?```|`[^`]+`", re.DOTALL)
_QUOTED = re.compile(r'"[^"]{1,2000}?"|\[[^\]]{1,2000}?\]|\([^)]{1,2000}?\)|\{[^}]{1,2000}?\}')
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        """the and you your for that this with are can have not but now what would like from they them their
        there been were will could should about just into you're then than when where which while because
        here also only some more very really want need know going doing come make take said says tell told
        dont don't can't cant won't isn't it's i'm i've it'll that's what's there's please sorry yeah okay
        right well down back over still even much many being feel how who why was get got let's let one two
        out off all any our ours his her him she he""",
    )
)


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    """One form for every way of typing the same words (case kept).

    Cached: one grade normalises the same few texts (the turn, the patient's line, the lines a better
    line is built from) a score of times over, and the offline patient the persona's lines on every
    reply (a few thousand in all)."""
    text = text[:READ_LIMIT]
    # NFKC, the table and the invisible characters change only characters outside ASCII: most text is
    # ASCII and skips them
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).translate(_TRANSLATE))
    text = _single_spaced(_CONTROL.sub(" ", text))
    return (_NEWLINES.sub("\n", text) if "\n" in text else text).strip()


def _single_spaced(text: str) -> str:
    """`text` with every run of whitespace but line breaks as one space. Most texts have no such run
    longer than one space, and are returned as they are without a substitution over every space."""
    if text.isascii():  # a plain search (no alternation at every character) is about five times faster
        odd = "  " in text or _ASCII_ODD_SPACE.search(text) is not None
    else:
        odd = _ODD_SPACE.search(text) is not None
    return _SPACES.sub(" ", text) if odd else text


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Normalised, lower-case text for phrase lookups (persona need phrases, debrief indicators)."""
    return normalise(text).lower().replace("\n", " ")


@dataclass(frozen=True)
class TurnText:
    """A staff turn cut into spoken words and described actions (`*steps back*`), each normalised."""

    speech: str
    actions: tuple[str, ...]
    asides: tuple[str, ...]
    truncated: bool


@lru_cache(maxsize=4096)  # the offline patient splits the scene's turns again on every reply
def split_turn(raw: str) -> TurnText:
    """Separate described actions from speech; quoted and code spans are kept apart as `asides`.

    Asides are candidates for text addressed to someone other than the patient; the reader decides.
    """
    text = normalise(raw)
    actions = tuple(a.strip() for a in _ACTION.findall(text) if a.strip())
    speech = _ACTION.sub(" ", text)
    asides = tuple(m.group() for m in _CODE.finditer(speech)) + tuple(
        m.group() for m in _QUOTED.finditer(speech)
    )
    speech = _single_spaced(speech).strip()
    return TurnText(speech=speech, actions=actions, asides=asides, truncated=len(raw) > READ_LIMIT)


class Span(NamedTuple):
    """A piece of a text and where it starts in it (a named tuple: a reading cuts hundreds)."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def pieces(text: str, breaks: re.Pattern[str], offset: int = 0) -> list[Span]:
    """The non-empty pieces of `text` between matches of `breaks`, stripped, with their offsets."""
    return list(_pieces(text, breaks, offset))


@lru_cache(maxsize=4096)
def _pieces(text: str, breaks: re.Pattern[str], offset: int) -> tuple[Span, ...]:
    # Cached: a better line's candidate is cut into the same sentences and clauses at every check, and a
    # turn's sentences are cut by the reading and again by the grade.
    found, at = [], 0
    for cut in [*breaks.finditer(text), None]:
        stop = cut.start() if cut else len(text)
        raw = text[at:stop]
        stripped = raw.strip()
        if stripped:
            found.append(Span(offset + at + len(raw) - len(raw.lstrip()), stripped))
        at = cut.end() if cut else at
    return tuple(found)


def sentence_spans(text: str) -> list[Span]:
    """Sentences (and lines) of `text` with their offsets."""
    return pieces(text, _SENTENCE_END)


def lowered_sentence_spans(text: str) -> list[Span]:
    """Sentences of `text` in lower case, with their offsets. A sentence whose lower case is not as long as
    it (a few rare letters) is left out: offsets found in it would not point into `text`."""
    return [Span(s.start, low) for s in sentence_spans(text) if len(low := s.text.lower()) == len(s.text)]


def sentences(text: str) -> list[str]:
    """Sentences (and lines) of `text`, without empty ones."""
    return [s.text for s in sentence_spans(text)]


def words(text: str) -> list[str]:
    """Words of `text` in any alphabet (apostrophe contractions kept whole)."""
    return list(_words(text))


@lru_cache(maxsize=256)
def _words(text: str) -> tuple[str, ...]:
    # Cached, a few hundred texts: a reading counts the words of each sentence several times (padding, the
    # core of a no, a bare no), and a better line's candidate again at every check.
    return tuple(_WORD.findall(text))


def content_words(text: str) -> list[str]:
    """The meaningful words of `text`, lower-case and in order (no stopwords, nothing under 3 letters)."""
    return list(_content_words(text))


@lru_cache(maxsize=1024)
def _content_words(text: str) -> tuple[str, ...]:
    # Cached: the patient's line is matched against the turn and against every better line tried.
    return tuple(w for w in words(fold(text)) if len(w) >= 3 and w not in STOPWORDS)
