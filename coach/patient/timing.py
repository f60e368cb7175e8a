"""When a staff turn says something will happen ("at ten, once the doctors are out", "now", "at teatime"), and
the answers to what it offered put in order by it: lines that ask when come last when the turn said when,
and lines that speak of doing it right now come last when it set a later time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from coach.offers import LATER
from coach.patient.asked import Asked, carries
from coach.patient.pools import Pool, presuming_last
from coach.wording import DAYS, NEGATED, clauses

# Asking when ("Okay. When?") of an offer whose time was said ("first thing tomorrow", "now").
ASKS_WHEN = re.compile(
    r"\b(?:when|what time)\?|\btell me when\b|\bwhen(?:'s| will| are)\b[^.!?]*\?|\ba time\b"
)
_NOW = re.compile(r"\b(?:now|right away|straight away|today|this (?:minute|second)|immediately)\b")
_RIGHT_NOW = re.compile(r"\b(?:right now|just now|now\?|at the moment|this minute|straight away|right away)")
# A day to come ("tomorrow", "on Thursday", "next week"), and a line that asks for it today ("Yes. Today?").
_ANOTHER_DAY = re.compile(rf"\b(?:tomorrow|(?:on|next|this|till|until|by) (?:{DAYS})|next week)\b")
_TODAY = re.compile(r"(?<!not )\btoday\b")


def timed(text: str, pools: Iterable[Pool]) -> Iterator[Pool]:
    """Answers to what was offered; when the turn said when, lines that ask when come last, and when it
    set a later time ("at ten, once the doctors are out"), lines that speak of doing it right now, and of
    doing it today when that time is another day."""
    said_when = says_when(text)
    # "I can't let you go home today. Dr Okafor will see you on Thursday": the "today" of the no is not
    # when the offer happens
    later = said_when and not any(_NOW.search(c) for c in clauses(text) if not NEGATED.search(c))
    # "Dr Okafor will see you at ward round on Thursday": lines that want it today come last too
    another_day = later and bool(_ANOTHER_DAY.search(text))
    for pool in pools:
        parts = presuming_last(pool, ASKS_WHEN) if said_when else iter((pool,))
        for part in parts:
            for last in presuming_last(part, _RIGHT_NOW) if later else (part,):
                yield from presuming_last(last, _TODAY) if another_day else (last,)


def says_when(text: str) -> bool:
    """True when folded `text` says when: "at four", "now", "at teatime", "on Thursday"."""
    return bool(
        LATER.search(text) or _NOW.search(text) or MEALTIME.search(text) or carries(text, Asked.clock)
    )


MEALTIME = re.compile(r"\b(?:at|after|before|by) (?:tea|lunch|dinner|supper|bed|breakfast)(?: ?time)?\b")
