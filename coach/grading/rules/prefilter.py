"""Which phrase rules can match a text at all, told from the letters each of their phrases starts with.

A whole-word rule matches only where a word starts, and each of its phrases begins with some fixed letters
("you need to", "can't" or "cant"). A rule's possible starts (up to `REACH` characters, any run of
whitespace as one space) are read once from its pattern, and every rule's starts go into one index with a
bit for each rule. One scan of a text by the index's pattern finds, wherever a word can start, the rules
that could match there. A rule none of whose starts is in the text cannot match it, so it is skipped (on
the dev turns about four in five are); the others are tried only at those places, not along the whole
text, and as a scan would try them: first place first, the next after the end of a match. A rule with a
phrase that may begin with something other than fixed letters (a character class, a leading space), a
case-sensitive rule or one not bound to whole words scans the whole text.

The filter only skips places where a rule's scan would find nothing, so every match is as before;
`tests/test_rule_prefilter.py` checks that the tables find exactly what a full scan finds.

The pattern is read with the `re` module's own parser, as coach.grading.rules.dispatch reads it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

_parser: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")

# Characters of a start compared: longer starts tell more rules apart, in a larger index pattern (8 lets
# about a fifth of the rules through; the index scan costs about 15 microseconds a text).
REACH = 8
MAX_STARTS = 5000  # a rule with more possible starts than this is always scanned
MAX_CLASS = 4  # a character class of at most this many letters is tried letter by letter

_SPACE_RUN = re.compile(r"\s+")
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_STOP = (None, None)  # the walk ends here: what comes after a repeated part is not a fixed start
_SPACE = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE)])]

Item = tuple[Any, Any]  # (opcode, argument) as re's parser gives them
_Node = dict[str, "_Node"]  # a character trie: "" marks the end of a word
Places = dict[int, list[int]]  # a rule's bit -> where in a text its matches may start


class _Open(Exception):
    """Some match may start with anything: the rule is always scanned."""


def pattern_starts(pattern: str) -> frozenset[str] | None:
    """Every way a match of `pattern` (lower case, bound to whole words) can start, each cut to `REACH`
    characters with any run of whitespace as one space; None when one may start with anything."""
    found: set[str] = set()
    try:
        _walk(list(_parser.parse(pattern)), "", found)
    except _Open:
        return None
    return frozenset(found)


class StartIndex:
    """The starts of every rule made so far, each rule a bit, and one pattern that finds in a text, at
    each place a word can start, the longest start of any rule: one scan tells which rules can match,
    and where."""

    def __init__(self) -> None:
        self._rules: dict[str, int] = {}  # start -> the bits of the rules with that start
        self._count = 0
        self._pattern: re.Pattern[str] | None = None
        self._within: dict[str, int] = {}  # start -> the bits of the rules with it or any start of it

    def add(self, starts: frozenset[str]) -> int:
        """A new rule's bit, for `starts` (its `pattern_starts`)."""
        bit = 1 << self._count
        self._count += 1
        for start in starts:
            self._rules[start] = self._rules.get(start, 0) | bit
        self._pattern = None  # made again, with this rule's starts, when next needed
        text_rules.cache_clear()
        return bit

    def rules_in(self, lowered: str) -> Places:
        """Each rule that may match `lowered` (by its bit) and the places where it may, first to last."""
        if self._pattern is None:
            self._pattern = self._build()
        within = self._within
        places: Places = {}
        for match in self._pattern.finditer(lowered):
            start = match.group(1)
            # a start over a run of whitespace (a blanked aside, a line break) is indexed with one space
            bits = within.get(start) or within[_SPACE_RUN.sub(" ", start)]
            at = match.start()
            while bits:
                bit = bits & -bits  # the lowest rule left
                if bit in places:
                    places[bit].append(at)
                else:
                    places[bit] = [at]
                bits ^= bit
        return places

    def _build(self) -> re.Pattern[str]:
        # A start found is the longest at its place: it stands for the shorter starts it begins with too.
        rules = self._rules
        self._within = {
            start: _bits(rules.get(start[:n], 0) for n in range(1, len(start) + 1)) for start in rules
        }
        # a zero-width match at every place a word can start, so starts inside a start are found too
        return re.compile(rf"(?<![\w'])(?=({_trie(rules)}))")


def _bits(masks: Iterable[int]) -> int:
    found = 0
    for mask in masks:
        found |= mask
    return found


def _trie(words: Iterable[str]) -> str:
    """A pattern matching the longest of `words` that starts where it is tried: an alternation keyed by
    character, each node's end tried after its longer words."""
    root: _Node = {}
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def written(node: _Node) -> str:
        # a space in a start stands for any run of whitespace
        ways = [(r"\s+" if c == " " else re.escape(c)) + written(child) for c, child in node.items() if c]
        if "" in node:
            ways.append("")
        return ways[0] if len(ways) == 1 else "(?:" + "|".join(ways) + ")"

    return written(root)


INDEX = StartIndex()


@lru_cache(maxsize=256)
def text_rules(lowered: str) -> Places:
    """`INDEX.rules_in(lowered)` (not to be changed). Cached: the tables read the same text in turn."""
    return INDEX.rules_in(lowered)


def _walk(items: list[Item], start: str, found: set[str]) -> None:
    """Add to `found` every start that a match of `items` can have after `start`."""
    for n, (op, av) in enumerate(items):
        if len(start) >= REACH or (op, av) == _STOP:
            break
        rest = items[n + 1 :]
        if op is sre.LITERAL and not chr(av).isspace():
            start += chr(av)
            continue
        if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):
            continue  # takes no character
        if op is sre.SUBPATTERN:
            _walk([*av[3], *rest], start, found)
            return
        if op is sre.BRANCH:
            for alternative in av[1]:
                _walk([*alternative, *rest], start, found)
            return
        if op is sre.IN and len(av) <= MAX_CLASS and all(o is sre.LITERAL for o, _ in av):
            for _, code in av:
                _walk([(sre.LITERAL, code), *rest], start, found)
            return
        if op in _REPEATS:
            _repeat(av, rest, start, found)
            return
        break  # any other character, a class, a single whitespace: the fixed start ends here
    if not start:
        raise _Open
    found.add(start[:REACH])
    if len(found) > MAX_STARTS:
        raise _Open


def _repeat(av: Any, rest: list[Item], start: str, found: set[str]) -> None:
    low, high, inner = av
    inner = list(inner)
    if inner == _SPACE:
        # whitespace, which the text's starts have as one space: none (if it may be left out), or one
        if not start:
            raise _Open  # a start of whitespace is not a word's start
        if low == 0:
            _walk(rest, start, found)
        # after a space already counted, more whitespace is the same one space
        _walk(rest, start if start.endswith(" ") else start + " ", found)
        return
    if low == 0:
        _walk(rest, start, found)
    if high != 0:
        # one time through; after it, only a part taken once is sure to be followed by the rest
        _walk([*inner, *(rest if (low, high) in ((0, 1), (1, 1)) else [_STOP])], start, found)
