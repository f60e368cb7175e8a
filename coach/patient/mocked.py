"""Staff making fun of the person: laughing at what they said, mimicking their words back, calling them
a name ("lazy bones", "a stuck record", "typical dad"), or "here we go again". Whatever else the turn
says, being laughed at comes first: the persona file's optional `acts.mocked` lines (hurt or angry, not
funny, by band). A joke at staff's own expense is no mockery; laughter at a joke of their own is not yet
told apart from laughter at them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.grading.rules.dispatch import compile_keyed
from coach.grading.rules.text import split_turn
from coach.models import Band, Persona
from coach.patient.not_caught import checks_their_words
from coach.patient.pools import Pool, lines_at
from coach.wording import clauses, fold, sentences, stems

# Laughter typed ("ha", "haha", "lol") or acted ("*laughs*", "*smirks*"); "I'm not laughing at you" is not.
_LAUGH_TYPED = re.compile(r"(?:^|[\s(])(?:ha(?:ha)*|he(?:he)+|lol|lmao)\b")
_LAUGH_ACTED = re.compile(r"\b(?:laugh\w*|chuckl\w*|snigger\w*|smirk\w*|giggl\w*)\b")
_OWN = re.compile(r"\b(?:i|i'm|i've|my|me|we|our|us)\b")
_YOU = re.compile(r"\b(?:you|your|you're|you've|yours|u|ur)\b")
# Someone of the speaker's own, whom a story of theirs is about.
_THEIR_PEOPLE = re.compile(
    r"\bmy (?:mum|mam|mom|mother|dad|father|nan|nana|gran|granny|grandad|grandma|sister|brother|son|"
    r"daughter|kids?|children|partner|wife|husband|boyfriend|girlfriend|fella|friends?|mates?|dog|cat|"
    r"family|auntie|aunt|uncle|cousin|flatmate|neighbou?r)\b"
)
# A name or a likeness put on them: "you sound like a stuck record", "lazy bones", "typical dad", "drama
# queen", "you'll grow roots"; not "you look like a new woman", a compliment, nor "typical Monday".
_NAME_CALLING = compile_keyed(
    r"\byou (?:sound|act|are|'re) like an? \w+|\b(?:lazy|grumpy|moany|silly|soppy|daft) ?(?:bones|pants|"
    r"beggar|sausage|moo|git|lump)\b|^typical (?:dad|mum|man|woman|bloke|lad|girl|teenager|you)\b|"
    r"\bdrama queen\b|\bgrow roots\b|\bbroken record\b|\bstuck record\b"
)
# "Oh, here we go", "here we go again": exasperation; "here we go, your tea" hands something over.
_AGAIN = re.compile(r"^(?:oh,? here we go|here we go again)\b")
# Their own words said back inside quotes: "'Where's the box, where's the box.'"
_QUOTED = re.compile(r"(?<![\w'])['\"‘“]((?:[^'\"’”]|(?<=\w)['’](?=\w)){6,}?)[.!?,]?['\"’”](?!\w)")
# Anything any of the readings below could start from, looked for first in the raw turn (a cue added to
# them needs its first word here too).
_ANY_CUE = compile_keyed(
    r"\b(?:ha(?:ha)*\b|lol\b|lmao|he(?:he)+|laugh|chuckl|snigger|smirk|giggl|like an?|typical|here we go|"
    r"drama|roots|record|bones|pants|beggar|sausage|moo|git|lump)|(?<![\w'])['\"‘“]",
    re.IGNORECASE,
)
# Words a quotation of theirs runs to before it is mimicry rather than a word of theirs heard back.
_MIMICKED_WORDS = 3
# Share of a quotation's words that must be theirs for it to be their words said back.
_THEIRS = 0.6


def mocked_answers(typed: str, their_words: list[str], persona: Persona, band: Band) -> Iterator[Pool]:
    """Their answer to being made fun of, when `typed` laughs at them, calls them a name or says their own
    words (`their_words`: what they said earlier in the scene) back in quotes, and the file writes the
    lines; nothing otherwise."""
    lines = persona.listening.acts.mocked
    if lines is None or not _mocks(typed, their_words):
        return
    yield lines_at("mocked", lines, band)


def _mocks(typed: str, their_words: list[str]) -> bool:
    if not _ANY_CUE.search(typed):
        return False  # most turns: no laughter, name or quotation at all, and nothing more is read
    turn = split_turn(typed)
    said = fold(turn.speech)
    acted = " ".join(fold(a) for a in turn.actions)
    # Laughter at staff's own story ("my mum yells at the telly lol", "my mum tried choux buns and they came
    # out flat lol") is theirs: in a clause of the speaker's, or in a sentence about someone of theirs that
    # says nothing of the patient.
    if any(
        _LAUGH_TYPED.search(c) and not _OWN.search(c) and not (_THEIR_PEOPLE.search(s) and not _YOU.search(s))
        for s in sentences(said)
        for c in clauses(s)
    ) or _LAUGH_ACTED.search(acted):
        return True
    if any(_NAME_CALLING.search(s) or _AGAIN.match(s) for s in sentences(said)):
        return True
    quotes = [q.group(1) for q in _QUOTED.finditer(turn.speech)]
    if not quotes or checks_their_words(typed):
        # most turns: nothing of theirs said back, and their words are not read; their words put back to
        # ask what they said or meant ("was that 'shut the door'?") are asked about, not mimicked
        return False
    theirs = frozenset(stems(fold(" ".join(their_words))))
    for quoted in quotes:
        # A word or two of theirs quoted ("you were told 'definitely'") is heard back, not mimicked.
        words = frozenset(stems(fold(quoted)))
        if len(quoted.split()) >= _MIMICKED_WORDS and len(words & theirs) >= _THEIRS * len(words):
            return True
    return False
