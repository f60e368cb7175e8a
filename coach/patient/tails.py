"""A stock answer's tail that says where ("...Maybe. In here.", "I don't mind. Just not out there."): said
only when the turn spoke of a place or of going somewhere; to anything else ("is there anyone you'd want us
to ring?") it is filler, and the answer stands alone ("...Maybe.")."""

from __future__ import annotations

import re
from dataclasses import replace

from coach.grading.rules.dispatch import compile_keyed
from coach.patient.asked import Asked, carries
from coach.patient.pools import Pool
from coach.patient.two_parts import opening
from coach.wording import fold

# The pools of the band's answers to any offer or proposal, whose lines may carry such a tail.
_STOCK = ("promise", "options")

# A tail that only says where: "In here.", "Just not out there.", "Out there? No."
_BARE_PLACE = compile_keyed(
    r"(?:(?:just|only|but|and) )?(?:not )?(?:in|out|up|down|over|round|from) (?:here|there)\W*"
)
# A turn that speaks of where: a place said, or going, coming, staying or sitting somewhere.
_WHERE = re.compile(
    r"\b(?:here|there|room|lounge|garden|outside|inside|upstairs|downstairs|corridor|door|go|going|come|"
    r"coming|stay|staying|sit|sitting|walk|move|moving|head|leave|out)\b"
)


def placed(pool: Pool, turn: str) -> Pool:
    """`pool` with its stock lines' bare place tails cut when `turn` (folded) speaks of no place."""
    if pool.name not in _STOCK or _WHERE.search(turn) or carries(turn, Asked.place):
        return pool
    return replace(pool, lines=tuple(_without_tail(line) for line in pool.lines))


def _without_tail(line: str) -> str:
    """`line` as far as its answer, when what follows it only says where."""
    head = opening(line)
    if head is None or head == line:
        return line
    return head if _BARE_PLACE.fullmatch(fold(line[len(head) :].strip())) else line
