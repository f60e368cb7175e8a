"""Normalising a staff turn once, and cutting it into what was said and what was done.

Normalising keeps case (capitals are evidence of shouting) but makes every other variant one form: NFKC,
curly quotes and apostrophes straight, dashes plain, invisible characters gone, look-alike letters from
other alphabets mapped to Latin (so "calm down" cannot hide behind a Cyrillic "а"), whitespace single.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Patterns are read over at most this much text: a turn is limited to 2,000 characters at the door, and a
# bound keeps the grader fast on anything pasted in.
READ_LIMIT = 20_000

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u2026": "...",
        # Cyrillic and Greek letters that look Latin.
        "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y", "\u0445": "x",
        "\u0456": "i", "\u0455": "s", "\u0458": "j", "\u0410": "A", "\u0415": "E", "\u041e": "O", "\u0420": "P",
        "\u0421": "C", "\u0425": "X", "\u0406": "I", "\u0405": "S", "\u03bf": "o", "\u039f": "O", "\u03b1": "a",
    }
)  # fmt: skip

_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e]")
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_ACTION = re.compile(r"\*+([^*\n]{1,200}?)\*+")
_CODE = re.compile(r"```.*?```|`[^`]+`", re.DOTALL)
_QUOTED = re.compile(r'"[^"]{1,2000}?"')
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
STOPWORDS = frozenset(
    "the and you your for that this with are can have not but now what would like this that with have from "
    "they them their there been were will would could should about just into you're then than when where "
    "which while because here also only some more very really want need know going doing come make take "
    "said says tell told dont don't can't cant won't isn't it's i'm i've it'll that's what's there's please "
    "sorry yeah okay right well down back over still even much many being feel how who why was get got "
    "let's let one two out off all any our ours his her him she he".split()
)


def normalise(text: str) -> str:
    """One form for every way of typing the same words (case kept)."""
    text = unicodedata.normalize("NFKC", text[:READ_LIMIT]).translate(_TRANSLATE)
    text = _INVISIBLE.sub("", text)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _NEWLINES.sub("\n", _SPACES.sub(" ", text)).strip()


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
    speech = _SPACES.sub(" ", speech).strip()
    return TurnText(speech=speech, actions=actions, asides=asides, truncated=len(raw) > READ_LIMIT)


@dataclass(frozen=True)
class Span:
    """A piece of a text and where it starts in it."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def pieces(text: str, breaks: re.Pattern[str], offset: int = 0) -> list[Span]:
    """The non-empty pieces of `text` between matches of `breaks`, stripped, with their offsets."""
    found, at = [], 0
    for cut in [*breaks.finditer(text), None]:
        stop = cut.start() if cut else len(text)
        raw = text[at:stop]
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            found.append(Span(offset + at + lead, raw.strip()))
        at = cut.end() if cut else at
    return found


def sentence_spans(text: str) -> list[Span]:
    """Sentences (and lines) of `text` with their offsets."""
    return pieces(text, _SENTENCE_END)


def sentences(text: str) -> list[str]:
    """Sentences (and lines) of `text`, without empty ones."""
    return [s.text for s in sentence_spans(text)]


def words(text: str) -> list[str]:
    """Words of `text` in any alphabet (apostrophe contractions kept whole)."""
    return _WORD.findall(text)


def content_words(text: str) -> list[str]:
    """The meaningful words of `text`, lower-case and in order (no stopwords, nothing under 3 letters)."""
    return [w for w in words(fold(text)) if len(w) >= 3 and w not in STOPWORDS]
