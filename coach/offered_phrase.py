"""An offered thing said back in a few words: cut to `MAX_WORDS` without a word left dangling or a phrase
cut short, and turned round to the patient's side ("your sketchbook" -> "my sketchbook"). Used by the
offers reading (coach.offers) and wherever trainee words go into a patient's line.
"""

from __future__ import annotations

import re

_PERSPECTIVE = {
    "you": "me",
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "you're": "I'm",
    "me": "you",
    "my": "your",
    "i": "you",
    "i'll": "you'll",
    "we": "we",
}


_DANGLING_WORDS = "a an the to of in on at for with my your and or from by about"
_DANGLING = frozenset(_DANGLING_WORDS.split())


def short(text: str) -> str:
    """At most MAX_WORDS words, never ending on a word that needs one after it ("take it to the"), nor on a
    phrase cut short: "put me through to samira on the office [phone at ten]" ends at "samira"."""
    said = text.split()
    words = said[:MAX_WORDS]
    if len(said) > MAX_WORDS:
        # The last phrase kept is cut short when it opens on a thing ("on the office") or on nothing.
        last = max((i for i, w in enumerate(words) if i >= 2 and w in _PHRASE_OPENS), default=None)
        if last is not None and (last == len(words) - 1 or words[last + 1] in _DETERMINERS):
            words = words[:last]
        while words and words[-1] in _CUT_SHORT:
            words.pop()
    while words and words[-1] in _DANGLING:
        words.pop()
    return " ".join(words)


# Words that open a phrase of place or time: a phrase cut at MAX_WORDS is left out from its opener.
_PHRASE_OPENS_WORDS = "on in at for with from after before by about over through into"
_PHRASE_OPENS = frozenset(_PHRASE_OPENS_WORDS.split())
_DETERMINERS_WORDS = "the a an my your his her their this that some"
_DETERMINERS = frozenset(_DETERMINERS_WORDS.split())
_CUT_SHORT_WORDS = "and or not but so"  # "every half hour and [not wake me]"
_CUT_SHORT = frozenset(_CUT_SHORT_WORDS.split())


# A phrase a reply can repeat starts with a determiner, a possessive or a number ("some toast").
THING = re.compile(
    r"\b(?:a|an|some|the|your|my|another|more|this|that|any|one of the|\d+|two|three|half)\b.*"
)


MAX_WORDS = 8  # a quoted offer longer than this reads as a recital, not a reply


def patient_side(text: str) -> str:
    """Staff words turned round for the patient to say: your -> my, you -> me."""
    return " ".join(_PERSPECTIVE.get(w, w) for w in text.split()).strip()
