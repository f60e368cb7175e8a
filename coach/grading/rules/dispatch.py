"""Phrase patterns rewritten to match faster and exactly as before: alternatives keyed by first character.

A rule is an alternation of dozens of phrases, and Python's regular expressions try the phrases one after
another at every word of a turn: a phrase that starts with a character is turned down at once when the
word starts with another, but one that starts with a group ("(?:i|we) can't"), an anchor or a lookbehind is
entered first. Here each alternation becomes a tree keyed by first characters ("(?:cannot|can't|will)" is
tried as "(?:c(?:annot|an't)|will)", and so on down), a leading group or optional part is spread over its
phrase ("(?:i|we) X" is "i X|we X", "(?:a )?X" is "a X|X"), and a leading anchor or lookbehind is moved
past the first character ("\\bcan" is "c(?<!\\wc)an"), so each word tries only the phrases that can start
with its first letter.

The rewrite keeps every match: alternatives are tried first to last and the first that matches wins, so
only alternatives that start with different characters (which cannot both match at one place) change
places, and the order of the rest is kept. Spreading a group copies what follows it, so it is done only
where that holds no capturing group and stays small. `tests/test_rule_dispatch.py` checks every rule both
ways on the corpus.

The pattern is read with the `re` module's own parser (`re._parser`, private but the one `re` itself uses)
and written back as a pattern string.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# re's own parser and its opcodes (private modules, without type stubs)
_parser: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")

MAX_SPREAD = 4  # alternatives one phrase may be spread into (each copies the rest of the phrase)

Item = tuple[Any, Any]  # (opcode, argument) as re's parser gives them
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_ANCHORS = {
    sre.AT_BEGINNING: "^",
    sre.AT_END: "$",
    sre.AT_BOUNDARY: r"\b",
    sre.AT_NON_BOUNDARY: r"\B",
    sre.AT_BEGINNING_STRING: r"\A",
    sre.AT_END_STRING: r"\Z",
}


def dispatched(pattern: str) -> str:
    """`pattern` (without flags) with its alternations keyed by first character: the same matches and
    groups."""
    parsed = _parser.parse(pattern)
    names = {number: name for name, number in parsed.state.groupdict.items()}
    return write(_sorted_items(list(parsed)), names)


# Every pattern compile_keyed made, as written and as keyed: tests/test_rule_dispatch.py checks each pair
# matches alike.
COMPILED_KEYED: list[tuple[re.Pattern[str], re.Pattern[str]]] = []


def compile_keyed(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, keyed by first character: for a pattern searched on every turn whose
    alternatives start with groups, anchors or lookbehinds (the offline patient's readings)."""
    keyed = re.compile(dispatched(pattern), flags)
    COMPILED_KEYED.append((re.compile(pattern, flags), keyed))
    return keyed


def write(items: list[Item], names: dict[int, str]) -> str:
    """A pattern string for parsed items (`names`: the names of named groups by number)."""
    return "".join(_write_item(op, av, names) for op, av in items)


def _sorted_items(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for op, av in items:
        if op is sre.BRANCH:
            out.append((op, (None, _keyed([_sorted_items(list(a)) for a in av[1]]))))
        elif op is sre.SUBPATTERN:
            group, add_flags, del_flags, inner = av
            out.append((op, (group, add_flags, del_flags, _sorted_items(list(inner)))))
        elif op in _REPEATS:
            low, high, inner = av
            out.append((op, (low, high, _sorted_items(list(inner)))))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, inner = av
            out.append((op, (direction, _sorted_items(list(inner)))))
        else:
            out.append((op, av))
    return out


def _keyed(alternatives: list[list[Item]]) -> list[list[Item]]:
    """Alternatives as a tree keyed by first character, in an order that finds the same first match."""
    spread = [s for alternative in alternatives for s in _spread(alternative)]
    out: list[list[Item]] = []
    run: dict[int, list[list[Item]]] = {}  # first character -> the rests, in order

    def close_run() -> None:
        for code, rests in run.items():
            if len(rests) == 1:
                out.append([(sre.LITERAL, code), *rests[0]])
            else:
                out.append([(sre.LITERAL, code), (sre.BRANCH, (None, _keyed(rests)))])
        run.clear()

    for alternative in map(_literal_first, spread):
        if alternative and alternative[0][0] is sre.LITERAL:
            run.setdefault(alternative[0][1], []).append(alternative[1:])
        else:
            # one that may start with any character keeps its place between the ones before and after
            close_run()
            out.append(alternative)
    close_run()
    return out


def _literal_first(alternative: list[Item]) -> list[Item]:
    """Leading anchors and lookbehinds moved past the character after them, which then leads: "\\bcan" is
    "c(?<!\\wc)an", "^no" is "n(?<![\\s\\S]n)o" (no character before the n), "(?<=[.!?] )in" is
    "i(?<=[.!?] i)n", "(?<!\\bi )\\bsay" is "s(?<!\\bi s)(?<!\\ws)ay". The same tests, made one character
    later, on the same characters."""
    at = _lead(alternative)
    if at == 0 or len(alternative) <= at or alternative[at][0] is not sre.LITERAL:
        return alternative
    first = alternative[at]
    moved: list[Item] = []
    for op, av in alternative[:at]:
        before = _before(op, av, first[1])
        if before is None:
            return alternative
        moved.append(before)
    return [first, *[(op, (-1, [*before, first])) for op, before in moved], *alternative[at + 1 :]]


def _before(op: Any, av: Any, code: int) -> tuple[Any, list[Item]] | None:
    """An anchor or lookbehind met before character `code` as a lookbehind (its kind, what it looks
    for) made after it; None when it cannot be."""
    if op is sre.AT and av is sre.AT_BOUNDARY and (chr(code).isalnum() or chr(code) == "_"):
        return sre.ASSERT_NOT, [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)])]
    if op is sre.AT and av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
        return sre.ASSERT_NOT, [
            (sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE), (sre.CATEGORY, sre.CATEGORY_NOT_SPACE)])
        ]
    if op in (sre.ASSERT, sre.ASSERT_NOT) and av[0] == -1:
        return op, list(av[1])
    return None


def _lead(alternative: list[Item]) -> int:
    """How many anchors and lookbehinds `alternative` starts with."""
    at = 0
    while at < len(alternative) and _zero_width(alternative[at]):
        at += 1
    return at


def _spread(alternative: list[Item]) -> list[list[Item]]:
    """`alternative` as several that each start with its first character, when that is cheap and exact.

    What is spread is its first item, or the one after its leading anchors and lookbehinds ("\\b(?:a|b)c"
    is "\\bac|\\bbc")."""
    at = _lead(alternative)
    if len(alternative) <= at:
        return [alternative]
    lead, (op, av), rest = alternative[:at], alternative[at], alternative[at + 1 :]
    if op is sre.BRANCH:
        heads = [list(a) for a in av[1]]
    elif op is sre.MAX_REPEAT and av[0] == 0 and av[1] == 1:
        heads = [list(av[2]), []]  # a greedy optional part is tried first with it, then without
    else:
        return [alternative]
    if len(heads) > MAX_SPREAD or _captures(rest):
        return [alternative]
    spread = [s for head in heads for s in _spread([*lead, *head, *rest])]
    return spread if len(spread) <= MAX_SPREAD else [alternative]


def _zero_width(item: Item) -> bool:
    """An anchor or a lookbehind (what `_literal_first` can move past a first character)."""
    op, av = item
    return op is sre.AT or (op in (sre.ASSERT, sre.ASSERT_NOT) and av[0] == -1)


def _captures(items: list[Item]) -> bool:
    for op, av in items:
        if op is sre.SUBPATTERN and (av[0] is not None or _captures(list(av[3]))):
            return True
        if op is sre.BRANCH and any(_captures(list(a)) for a in av[1]):
            return True
        if op in _REPEATS and _captures(list(av[2])):
            return True
        if op in (sre.ASSERT, sre.ASSERT_NOT) and _captures(list(av[1])):
            return True
    return False


def _write_item(op: Any, av: Any, names: dict[int, str]) -> str:
    if op is sre.LITERAL:
        return re.escape(chr(av))
    if op is sre.NOT_LITERAL:
        return f"[^{re.escape(chr(av))}]"
    if op is sre.ANY:
        return "."
    if op is sre.IN:
        return _write_class(av)
    if op is sre.AT:
        return _ANCHORS[av]
    if op is sre.BRANCH:
        return "(?:" + "|".join(write(list(a), names) for a in av[1]) + ")"
    if op is sre.SUBPATTERN:
        group, add_flags, del_flags, inner = av
        if add_flags or del_flags:
            raise ValueError("inline flags in a phrase pattern are not supported")
        body = write(list(inner), names)
        if group is None:
            return f"(?:{body})"
        return f"(?P<{names[group]}>{body})" if group in names else f"({body})"
    if op in _REPEATS:
        low, high, inner = av
        return _write_atom(list(inner), names) + _quantifier(op, low, high)
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        direction, inner = av
        kind = ("=" if op is sre.ASSERT else "!") if direction == 1 else ("<=" if op is sre.ASSERT else "<!")
        return f"(?{kind}{write(list(inner), names)})"
    raise ValueError(f"a phrase pattern uses {op}, which the rewrite does not write")


def _write_atom(items: list[Item], names: dict[int, str]) -> str:
    """Items a quantifier can follow: one character or class as it is, anything else in a group."""
    if len(items) == 1 and items[0][0] in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
        return _write_item(*items[0], names)
    return f"(?:{write(items, names)})"


def _quantifier(op: Any, low: int, high: int) -> str:
    if high is sre.MAXREPEAT:
        bounds = {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    elif (low, high) == (0, 1):
        bounds = "?"
    else:
        bounds = f"{{{low}}}" if low == high else f"{{{low},{high}}}"
    return bounds + {sre.MAX_REPEAT: "", sre.MIN_REPEAT: "?", sre.POSSESSIVE_REPEAT: "+"}[op]


def _write_class(items: Any) -> str:
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.append("^")
        elif op is sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY:
            parts.append(_CATEGORIES[av])
        else:
            raise ValueError(f"a character class uses {op}, which the rewrite does not write")
    return "[" + "".join(parts) + "]"
