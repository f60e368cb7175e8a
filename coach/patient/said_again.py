"""Whether a staff turn says again what an earlier staff turn of the scene said, in other words: the
offline patient answers that as a repeat, not as news."""

from __future__ import annotations

import re
from functools import lru_cache

from coach.acts import stems

# "Like I said, ...": staff saying it again, in their own words.
_SAID_BEFORE = re.compile(r"^(?:so,? |and,? )?(?:like|as) i (?:said|say|mentioned)\b")
# Content words that make a turn news: below this many, a turn cannot be said to say it all again.
_RESTATED_MIN = 3


def said_again(text: str, before: tuple[str, ...]) -> bool:
    """True when folded `text` says it is said again ("like I said ...") or every content word of it was
    said in one of the earlier staff turns `before`: the same news again."""
    if _SAID_BEFORE.match(text):
        return True
    said = _stems_of(text)
    return len(said) >= _RESTATED_MIN and any(said <= _stems_of(earlier) for earlier in before)


@lru_cache(maxsize=4096)
def _stems_of(folded: str) -> frozenset[str]:
    """A scene rereads its earlier turns on every reply, so their content words are kept."""
    return frozenset(stems(folded))
