"""Words a ward uses for the same thing, so a question meets the fact it asks about in other words:
"Which day did you come in?" is about the day she was admitted; "which doctor?" about her consultant,
Dr Okafor; "when do you ring her?" about when he phones.

Each class is a kind of thing or doing on a ward (a clinician, a nurse who is theirs, being admitted,
phoning, the post, their tablets, money owed, leave, what they usually do, an earlier time it happened) or
in getting to know someone (their work, their pastimes, sport, where they come from, whom they trust),
written as the words and phrases staff and patients use for it; never the wording of one question or one
persona file. A persona file's topic may name a class of plain phrases for its words (`phrases_of`). A text
holds a class when it holds any of its words at a word start; the class is then one more word it shares
with anything else that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from functools import lru_cache

from coach.wording import stems

# Each class: its name (never a word of its own: it cannot meet a word as said) and the lower-case words
# and phrases for it (patterns: a phrase may let a word come between), matched as whole words with their
# common endings ("rings", "phoned", "visiting"):
# "called" (a name) is no call, and "postcode" no post.
_CLASSES: dict[str, tuple[str, ...]] = {
    "~clinician": ("doctor", "doc", "dr", "consultant", "psychiatrist", "registrar", "medic"),
    "~own-nurse": ("named nurse", "key nurse", "keyworker", "key worker", "primary nurse", "your nurse"),
    "~admitted": (
        "admit",
        "admission",
        "sectioned",
        "arrive",
        "got here",
        # a coming or a bringing in, with whoever came between: "brought you in", "come onto the ward"
        r"(?:come|came|bring|brought|get|got) (?:(?:you|her|him|them|me) )?"
        r"(?:in|here|onto the ward|on the ward)",
    ),
    "~phoning": ("ring", "rang", "rung", "phone", "a call", "call her", "call him", "call them", "call home"),
    "~post": ("post", "postbox", "post box", "collection", "letterbox", "letter box", "mail"),
    "~tablets": ("tablet", "pill", "meds", "medication", "medicine"),
    "~owed": ("owe", "owing", "arrears", "debt", "rent", "behind on"),
    "~cancelled": ("cancel", "called off", "fell through"),
    "~meal": ("eat", "ate", "eaten", "food", "meal", "breakfast", "lunch", "dinner", "tea", "supper"),
    # A habit: "when do you usually ring her?" meets "I usually phone Ellie on Wednesday and Sunday evenings".
    "~habit": (
        "usually",
        "normally",
        "typically",
        "tend to",
        "tends to",
        r"every (?:day|night|week|morning|evening|weekend)",
        r"on (?:mon|tues|wednes|thurs|fri|satur|sun)days",
    ),
    "~visit": ("visit", "come in to see", "come and see", "comes to see", "pop in", "pops in", "come up"),
    # Their life outside, as getting to know someone asks after it (Safewards' "know each other"): what they
    # do for a living, and what they do for enjoyment. Plain phrases only, so that a persona file's topic
    # may name the class for its words (coach.listening).
    "~work": (
        "your work",
        "for work",
        "at work",
        "do you work",
        "are you working",
        "line of work",
        "for a living",
        "your job",
        "a job",
        "career",
        "employed",
        "do you do when you're not",
        "do you do outside",
    ),
    "~pastime": (
        "hobby",
        "hobbies",
        "interests",
        "for fun",
        "free time",
        "spare time",
        "day off",
        "days off",
        "like doing",
        "enjoy doing",
        "love doing",
        "to relax",
        "to unwind",
        "pastime",
        # "what are you into?" asks what they like; "are you into birds?" is about the birds
        "what are you into",
        "what you into",
        "you into anything",
        "get up to",
        "up to at the weekend",
        "up to at weekends",
        # what people name when asked, so that "I like the crossword" answers "what do you like doing?"
        # before a line about their job does
        "knit",
        "crochet",
        "crossword",
        "sudoku",
        "quiz",
        "gardening",
        "allotment",
        "baking",
        "fishing",
        "swimming",
        "dancing",
        "painting",
        "sketching",
        "guitar",
        "piano",
        "gaming",
        "video games",
        "darts",
        "bingo",
    ),
    # Sport watched or played, as small talk brings it up: "did you see the match?", "your lot won".
    "~sport": (
        "football",
        "footy",
        "footie",
        "rugby",
        "cricket",
        "darts",
        "snooker",
        "the match",
        "the game last",
        "the game on",
        "the league",
        "league",
        "in goal",
        "goalkeeper",
        "five a side",
        "premier league",
        "your team",
        "your lot",
        # the team they follow: "which team d'you follow?", "who do you support?"
        "which team",
        "what team",
        "who do you support",
        "who d'you support",
        # the team's year: "how're the lads doing this season?"
        "this season",
        "the season",
        "promotion",
        "relegation",
    ),
    # An earlier time it happened, as a question about history asks after it ("has this come up before?",
    # "anything like it in the past?") and a fact of an earlier time says it ("last week he asked ...").
    # "Before" closing a clause, not "before ward round".
    "~before": (
        r"before(?=\W*$|\W*[?.!,;])",
        "previously",
        "in the past",
        "last week",
        "last month",
        "last year",
        "last time",
        "the other day",
        "the other week",
        "happened again",
        "not the first time",
    ),
    # A day that means something: "is today different somehow?" meets "today is the anniversary of ...".
    "~occasion": (
        "anniversary",
        "birthday",
        "special",
        "significant",
        "different",
        "big day",
        "important day",
    ),
    # Whom they would believe or go to: "is there anybody here you'd believe?" meets "he trusts Anita".
    "~trust": ("trust", "believe", "rely on", "confide in", "have faith in"),
    # Where they come from: "where are you from originally?", "where did you grow up?".
    "~origin": (
        "where are you from",
        "where you're from",
        "where you are from",
        "from originally",
        "originally from",
        "grew up",
        "grow up",
        "brought up",
        "where were you born",
        "home town",
        "hometown",
    ),
    # Who comes to see them: "is anyone coming in to see you?" (a topic names "visit" and "visitor" itself).
    "~visitors": (
        "coming in to see you",
        "come in to see you",
        "come and see you",
        "coming to see you",
        "come to see you",
        "coming up to see you",
        "anyone coming in",
        "anybody coming in",
        "anyone popping in",
        "anybody popping in",
    ),
}
_ENDINGS = r"(?:s|es|d|ed|ing|ted|led)?"
_PLAIN = re.compile(r"[a-z' ]+")
_PATTERNS = {
    name: re.compile(rf"(?<![\w'])(?:{'|'.join(words)}){_ENDINGS}(?![\w'])")
    for name, words in _CLASSES.items()
}

# One-word members, by stem: a word a question names is held by a text that holds its class.
_CLASS_OF_STEM: dict[str, str] = {
    stem: name
    for name, words in _CLASSES.items()
    for word in words
    if " " not in word and _PLAIN.fullmatch(word)
    for stem in stems(word)
}


def phrases_of(name: str) -> tuple[str, ...]:
    """The words and phrases of class `name` ("~work"), for a list of words that names the class rather
    than repeat it. ValueError when there is no such class, or its words are patterns, not phrases."""
    words = _CLASSES.get(name)
    if words is None:
        raise ValueError(f"no class {name!r}; the classes are {', '.join(sorted(_CLASSES))}")
    if not all(_PLAIN.fullmatch(word) for word in words):
        raise ValueError(f"class {name!r} holds patterns, not plain phrases, so a list cannot name it")
    return words


@lru_cache(maxsize=4096)
def classes(folded: str) -> frozenset[str]:
    """The classes folded `text` holds ("which doc is yours?" -> {"~clinician"})."""
    return frozenset(name for name, pattern in _PATTERNS.items() if pattern.search(folded))


def meant(folded: str) -> frozenset[str]:
    """The content words of folded text (coach.wording.stems) and the classes it holds: what it can share
    with a question or a fact."""
    return frozenset(stems(folded)) | classes(folded)


def covers(have: frozenset[str], words: Iterable[str], any_of: bool = False) -> bool:
    """True when `have` (a text's `meant` words) holds every one of `words` (stems a question names), or
    with `any_of` at least one, each itself or through its class: "consultant" in a question is held by a
    fact that says "Dr Shah"."""
    found = (word in have or _CLASS_OF_STEM.get(word) in have for word in words)
    return any(found) if any_of else all(found)


def shared(one: AbstractSet[str], other: AbstractSet[str]) -> int:
    """How many words two texts' `meant` sets share, a class counted only when no word of it is shared as
    said: "phone" in both is one shared word, not two; "ring" and "phone" are one."""
    both = one & other
    said = {_CLASS_OF_STEM.get(word) for word in both}
    return len(both) - len(both & said)
