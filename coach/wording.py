"""Plain-text helpers for reading what staff say: folding, sentences and clauses, phrase matching at word
starts, negation, and crude content-word stems. Shared by the acts reading (coach.acts) and the offers
reading (coach.offers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Protocol, TypeVar

# One form for every way of typing the same words, lower-cased: the grader's own (curly quotes
# straightened, invisible characters dropped, spaces and lines collapsed).
from coach.grading.rules.dispatch import compile_keyed, dispatched
from coach.grading.rules.text import fold


class Named(Protocol):
    """Something named by lower-case words or phrases (a topic, an offer in a persona file)."""

    @property
    def words(self) -> Iterable[str]: ...


T = TypeVar("T", bound=Named)

__all__ = [
    "NEGATED",
    "clauses",
    "fold",
    "mentions",
    "mentions_any",
    "named_most",
    "phrase_pattern",
    "sentences",
    "stems",
]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


# The days of the week and the hours said in words: one list each for every reading of a time.
DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
HOUR_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# Words that only address the person spoken to: "You alright, mate?", "Go on, hun."
ENDEARMENTS = "mate|love|pet|hun|hen|pal|buddy|darling|sweetheart|babe|chuck|duck|son|lad|dear|missus"

NEGATED = re.compile(
    r"\b(?:not|no(?! one)|nothing|never|can't|cannot|won't|don't|isn't|aren't|couldn't|wouldn't|shouldn't)\b"
)


_CLAUSE_BREAK = compile_keyed(r"[,;:]|\bbut\b|\bbecause\b|\bthough\b")


def named_most(text: str, named: Iterable[T]) -> T | None:
    """Of things with lower-case `words` (found at word starts, a last word of three letters or fewer only
    with an ending), the one folded `text` names most (a phrase of n words weighs 1 + (n-1)/2), or None
    when it names none. On a tie, the one named first: "what is the letter asking you to do?" is about
    the letter, not the asking."""
    hits: list[tuple[T, str, int, int]] = []
    for thing, w in _could_name(text, named):
        # most words are not in the text at all: a substring test says so before the word-start search
        found = _thing_pattern(w).search(text) if w in text else None
        if found:
            hits.append((thing, w, found.start(), found.start() + len(w)))
    best: tuple[float, int, T | None] = (0.0, 0, None)
    scores: dict[int, tuple[float, int]] = {}
    for thing, w, start, end in hits:
        # "hurt" inside "hurt yourself" is the longer phrase's word: it names what that phrase names.
        if any(o is not thing and s <= start and end <= e and e - s > end - start for o, _, s, e in hits):
            continue
        score, first = scores.get(id(thing), (0.0, len(text)))
        # A time alone ("last night") says when a thing is asked about, not what: "did you get any sleep
        # last night?" is about sleep.
        weight = (1 + 0.5 * w.count(" ")) * (0.5 if _TIME_ONLY.fullmatch(w) else 1.0)
        scores[id(thing)] = (score + weight, min(first, start))
    for thing in {id(t): t for t, *_ in hits}.values():
        score, first = scores.get(id(thing), (0.0, len(text)))
        if score > best[0] or (score == best[0] and score and first < best[1]):
            best = (score, first, thing)
    return best[2]


def _could_name(text: str, named: Iterable[T]) -> Iterator[tuple[T, str]]:
    """Each thing of `named` with each of its words that `text` could hold at a word start, in their
    order: of a list (a persona's topics, its offers) only the words that start as a word of the text
    starts (by their first three characters) and the shorter words, from an index made once for it; of
    anything else (a selection made for one reading), every word."""
    if not isinstance(named, list):
        yield from ((thing, w) for thing in named for w in thing.words)
        return
    short, by_start = _index(named)
    picked = [entry for start in set(_STARTS.findall(text)) for entry in by_start.get(start, ())]
    picked += short
    picked.sort(key=lambda entry: entry[0])
    for _, thing, w in picked:
        yield thing, w


# A text's first three characters at each place a word can start ("(?<![\w'])").
_STARTS = re.compile(r"(?<![\w'])(?=(.{3}))", re.DOTALL)
_Entry = tuple[int, Any, str]
_INDEXES: dict[int, tuple[object, list[_Entry], dict[str, list[_Entry]]]] = {}


def _index(named: Sequence[T]) -> tuple[list[tuple[int, T, str]], dict[str, list[tuple[int, T, str]]]]:
    """`named`'s words of fewer than three characters, and the rest by their first three, each with its
    place in `named`'s order. Kept by identity while the sequence is held here (so its id names no other),
    and forgotten all at once when many are held: a persona's lists are read on every reply."""
    known = _INDEXES.get(id(named))
    if known is None or known[0] is not named:
        short: list[_Entry] = []
        by_start: dict[str, list[_Entry]] = {}
        pairs = ((thing, w) for thing in named for w in thing.words)
        for at, (thing, w) in enumerate(pairs):
            (short if len(w) < 3 else by_start.setdefault(w[:3], [])).append((at, thing, w))
        if len(_INDEXES) >= 64:
            _INDEXES.clear()
        known = _INDEXES[id(named)] = (named, short, by_start)
    return known[1], known[2]


_TIME_ONLY = re.compile(
    rf"(?:(?:last|this|next|on|at|in the|the other) )?(?:night|morning|afternoon|evening|week|weekend|"
    rf"today|tonight|tomorrow|yesterday|{DAYS})"
)


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w']){re.escape(phrase)}")


# A thing's words are matched at word starts so that endings count ("drink" in "drinks"); a last word of
# three letters or fewer takes only an ending, so that "the tea" is not found in "the team" nor "your tea"
# in "your tears".
_SHORT_END = re.compile(r"(?:^|[^a-z])[a-z]{1,3}$")
_ENDING = r"(?=(?:s|es|ed|d|ing|[a-z]ing|er|ers|en|n|y|ies|'s)?(?![a-z]))"


@lru_cache(maxsize=4096)
def _thing_pattern(phrase: str) -> re.Pattern[str]:
    """How `named_most` finds one of a thing's words in a text."""
    found = phrase_pattern(phrase)
    return re.compile(found.pattern + _ENDING) if _SHORT_END.search(phrase) else found


def mentions(text: str, words: Iterable[str]) -> int:
    """How many of `words` (lower-case words or phrases, matched at word starts) `text` (folded) holds."""
    return sum(1 for w in words if w in text and phrase_pattern(w).search(text))


def mentions_any(text: str, words: Iterable[str]) -> bool:
    """Whether `text` (folded) holds any of `words`: one search for the lot, not one for each."""
    group = tuple(words)
    return bool(group) and _any_pattern(group).search(text) is not None


@lru_cache(maxsize=1024)
def _any_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Keyed by first character (as the grader's phrase tables are), so a word tries only the phrases that
    # can start with its letter: the same texts match, in about half the time.
    return re.compile(dispatched(rf"(?<![\w'])(?:{'|'.join(re.escape(w) for w in words)})"))


def capital_letters(text: str) -> tuple[int, int]:
    """How many of the letters of `text` are capitals, and how many letters it has (a turn mostly in
    capitals is shouted). Counted in C for ASCII text, as most turns are: each is read on every reply."""
    if text.isascii():
        return sum(map(str.isupper, text)), sum(map(str.isalpha, text))
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters), len(letters)


@lru_cache(maxsize=16384)  # the scene's turns and the persona's lines are split again on every reply
def sentences(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in _SENTENCE_END.split(text) if s.strip())


def clauses(folded: str) -> list[str]:
    return [c.strip() for s in sentences(folded) for c in _CLAUSE_BREAK.split(s) if c.strip()]


_STOP_WORDS = (
    "the a an and or but if so to of in on at for with about from by is are was were be been being "
    "am do does did done have has had having you your yours i me my we us our they them their he him "
    "his she her it its this that these those there here what when where which who whom whose why "
    "how can could would should will shall may might must not no yes just now then than too very "
    "really any some all more most other again ever also only still going want like get got tell "
    "told say said know think okay right well come comes came something anything everything d'you "
)


_STOP = frozenset(_STOP_WORDS.split())


# "ers" before "s": "workers" meets "worker" (both "work"), not "worker" against "work".
_SUFFIX = re.compile(r"(?:ing|ed|es|ers|s|ly|er)$")
# Common verbs whose past is not the present plus an ending, so "brought" meets "bring" ("did somebody bring
# it in?" is answered by "my sister brought it").
_IRREGULAR = {
    "brought": "bring",
    "bought": "buy",
    "took": "take",
    "taken": "take",
    "ate": "eat",
    "eaten": "eat",
    "gave": "give",
    "given": "give",
    "made": "make",
    "went": "go",
    "gone": "go",
    "saw": "see",
    "seen": "see",
    "felt": "feel",
    "kept": "keep",
    "slept": "sleep",
    "sent": "send",
    "wrote": "write",
    "written": "write",
    "rang": "ring",
    "rung": "ring",
    "spoke": "speak",
    "spoken": "speak",
    "found": "find",
    "lost": "lose",
    "heard": "hear",
}


@lru_cache(maxsize=16384)
def stems(folded: str) -> frozenset[str]:
    """Content words of folded text, crudely stemmed ('noticed' and 'notice' -> 'notic'), leaving out stop
    words. Kept for the texts last asked of: a reply weighs the same persona lines on every turn."""
    words = _WORD.findall(folded)
    return frozenset(
        _stem(w) for w in words if len(w) > 2 and w not in _STOP and w.split("'")[0] not in _STOP
    )


_WORD = re.compile(r"[a-z][a-z']+")
# A stem keeps a vowel: what looks like an ending may be the word itself ("bring", "ring", "need", "thing").
_VOWEL = re.compile(r"[aeiouy]")


@lru_cache(maxsize=16384)  # the same words come back turn after turn
def _stem(word: str) -> str:
    """'phones', 'phoned' and 'phone' -> 'phon': a final e goes too, so a verb meets its own endings. An
    ending is taken off only when at least three letters with a vowel are left, so 'bring' stays 'bring'
    and meets 'brings' and 'bringing' (not 'br'), and 'need' meets 'needs'."""
    whole = _IRREGULAR.get(word, word).replace("'", "")
    bare = _SUFFIX.sub("", whole)
    if len(bare) < 3 or not _VOWEL.search(bare):
        bare = whole
    return (bare[:-1] if len(bare) > 3 and bare.endswith("e") else bare)[:7]
