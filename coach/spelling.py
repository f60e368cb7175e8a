"""A typed staff turn read as the words the patterns know: the words said aloud (stage directions left
out), in standard spelling: texting ("u", "dont", "im", "wot wud"), Scots and northern spellings ("naebody",
"that's no right"), dropped g's ("feelin'"), a cleft put plainly ("What I can do is ring her" -> "I can
ring her") and a question put without its "do" ("You want a tea?" -> "do you want a tea?")."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from coach.grading.rules.dispatch import compile_keyed
from coach.wording import fold

# Texting and dialect spellings ("did u sleep?", "how're ye feelin'?", "is it yer belly?"), read as the
# words the patterns know.
_YOU_SPELLINGS = {
    "u": "you",
    "ya": "you",
    "ye": "you",
    "yer": "your",
    "ur": "your",
    "yersel": "yourself",
    "yerself": "yourself",
}
_YOU = compile_keyed(
    r"(?<![\w'-])(?:u|ya|ye|yer|ur|yersel|yerself)(?=(?:'(?:ve|re|ll|d))?(?![\w'-]))", re.IGNORECASE
)
# "Oh ya, milk and sugar?", "ya, fine": a yes, not "you" ("see ya", "ya want a tea?").
_YA_YES = re.compile(
    r"(?:(?<=\boh )|(?<=\bah )|(?<=\bum )|(?<=^)|(?<=[.!?] ))ya(?=\s*[,.!]|$)", re.IGNORECASE
)
# "I've brought t'paper": Yorkshire "the", run on to its noun.
_T_THE = re.compile(r"(?<![\w'])t'(?=[a-z])", re.IGNORECASE)
_DROPPED_G = re.compile(r"\b(\w{2,}in)'(?!\w)")
# "What I can do is phone Gemma now": a statement of what staff will do, said the long way round; read as
# "I can phone Gemma now" it is the offer it makes, not a question that starts with "what".
_CLEFT = re.compile(
    r"\bwhat (i|we)((?:'ll| will| can| could| would|'d|'m going to| am going to|'re going to| are going to|"
    r"'m gonna| could maybe| can maybe)) (do|offer|suggest|get you|give you)"
    r",?(?: for you| instead| though| now)?,? is(?: to)?,?\s+",
    re.IGNORECASE,
)


# "You want maybe to lie down a little?", "u want a tea?": a question put without its "do", as learners and
# texts put it; said without the question mark it says what they want ("You want to go home, I know.").
_ASKED_WANT = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:(so|and|ok|okay),? )?you want (?:maybe |perhaps )?(?=[^.!?]*\?)", re.IGNORECASE
)


def _uncleft(match: re.Match[str]) -> str:
    doing = match.group(3).lower()
    return f"{match.group(1)}{match.group(2)} " + ("" if doing == "do" else f"{doing} ")


# Scots and northern spellings ("naebody came back", "that's no right", "so it's no", "fower days o' askin"),
# read as the words the patterns know. "No" for "not" only after "is" and before a word it can negate
# ("that's no right", "it's no on"), or closing the sentence ("so it is no").
_DIALECT = {
    "naebody": "nobody",
    "naeb'dy": "nobody",
    "naethin": "nothing",
    "nae": "no",
    "dinnae": "don't",
    "dinna": "don't",
    "cannae": "can't",
    "canna": "can't",
    "wouldnae": "wouldn't",
    "couldnae": "couldn't",
    "didnae": "didn't",
    "isnae": "isn't",
    "wisnae": "wasn't",
    "willnae": "won't",
    "o'": "of",
    "d'ye": "do you",
    "fower": "four",
    # Scots words for the small words every reading looks for ("c'mon ower tae the windae wi me").
    "tae": "to",
    "wi": "with",
    "wi'": "with",
    "dae": "do",
    "gonnae": "going to",
    "an'": "and",
    "ower": "over",
    "gie": "give",
    "gies": "give us",
    "windae": "window",
    "aboot": "about",
    "doon": "down",
    "oot": "out",
    "roond": "round",
    "noo": "now",
    "aye": "yes",
    "whit": "what",
    "auld": "old",
    "ah'm": "I'm",
    "yous": "you",
    "youse": "you",
    # Typed without the apostrophe.
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "im": "I'm",
    "ive": "I've",
    "youre": "you're",
    "thats": "that's",
    "theres": "there's",
    "whats": "what's",
    "heres": "here's",
    "theyll": "they'll",
    "youll": "you'll",
    "itll": "it'll",
    "thatll": "that'll",
    "shes": "she's",
    "arent": "aren't",
    "havent": "haven't",
    "hasnt": "hasn't",
    # Texting spellings of whole words ("wot wud help u?", "wat wud put this rite?", "sry").
    "wot": "what",
    "wat": "what",
    "wen": "when",
    "wud": "would",
    "cud": "could",
    "shud": "should",
    "rite": "right",
    "abt": "about",
    "sry": "sorry",
    "ofc": "of course",
    "pls": "please",
    "plz": "please",
    "coz": "because",
    "cuz": "because",
    "ppl": "people",
    "2day": "today",
    "2nite": "tonight",
    "tonite": "tonight",
    "nite": "night",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "b4": "before",
    "nuthin": "nothing",
    "n": "and",
    "sumthin": "something",
}
_DIALECT_WORD = compile_keyed(
    # longest first: "wi'" is one word, not "wi" and a stray apostrophe
    r"(?<![\w'-])(?:" + "|".join(map(re.escape, sorted(_DIALECT, key=len, reverse=True))) + r")(?![\w-])",
    re.IGNORECASE,
)
# "4 u", "4 ur mum": "for" typed as a digit, only before "you" or "your" and not after a word a time follows
# ("at 4 u said" is four o'clock).
_FOUR_FOR = re.compile(
    r"(?<!\bat )(?<!\bby )(?<!\btill )(?<!\buntil )(?<!\bafter )(?<!\bbefore )(?<!\babout )"
    r"(?<![\w'-])4(?= (?:u|you|ur|your|yer)\b)",
    re.IGNORECASE,
)
_NO_FOR_NOT = compile_keyed(
    r"\b((?:that|it|this|he|she|that is|it is|is|was|are|were)(?:'s| is)?) no\b"
    r"(?=(?: (?:right|fair|on|okay|ok|good|true|real|happening|fine|well|your fault|acceptable|bad)\b)"
    r"|\s*[.!,?]|\s*$)",
    re.IGNORECASE,
)


# Each respelling in turn, with a lower-case piece of text its pattern cannot match without: most turns
# hold few of them, and looking for the piece costs far less than the pattern's search.
_RESPELLINGS: tuple[tuple[str, re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    ("", _DIALECT_WORD, lambda m: _DIALECT[m.group(0).lower()]),
    ("4", _FOUR_FOR, "for"),
    ("t'", _T_THE, "the "),
    (" no", _NO_FOR_NOT, r"\1 not"),
    ("in'", _DROPPED_G, r"\1g"),
    ("what ", _CLEFT, _uncleft),
    ("ya", _YA_YES, "yeah"),
    ("", _YOU, lambda m: _YOU_SPELLINGS[m.group(0).lower()]),
    ("you want", _ASKED_WANT, lambda m: f"{m.group(1) + ' ' if m.group(1) else ''}do you want "),
)


@lru_cache(maxsize=4096)  # a scene rereads its earlier turns on every reply
def standard_spelling(text: str) -> str:
    """`text` with the spellings above read as the standard words."""
    for needle, pattern, respelt in _RESPELLINGS:
        if needle in text.lower():
            text = pattern.sub(respelt, text)
    return text


@lru_cache(maxsize=4096)  # as standard_spelling: the scene's turns are read again on every reply
def spoken(text: str) -> str:
    """The words said aloud: stage directions (*steps back*) and bracketed asides left out; one word
    starred between words is stress, said aloud ("What I *can* do is ...")."""
    return _ASIDE.sub(" ", _STRESSED.sub(r"\1", text))


_ASIDE = re.compile(r"\*[^*]*\*|\[[^\]]*\]")


_STRESSED = re.compile(r"(?<=[A-Za-z'] )\*([A-Za-z']+)\*(?= [a-z])")


def plain_words(staff_text: str) -> str:
    """The words of `staff_text` said aloud, folded and in standard spelling, as the acts are read."""
    return fold(standard_spelling(spoken(staff_text)))
