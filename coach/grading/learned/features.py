"""Features of one staff turn for the learned scorer, each tied to the words (or stance) that produced it.

The scorer sees the turn the way a rater does: the words spoken to the patient (text addressed to a grader
is blanked by the reading first), what is acted out in asterisks, the stance, the patient's last line, the
scene's agitation and persona, and what the rule tables noticed. Words carry marks for negation ("not
going to hurt you"), quotation ("the doctor said 'no leave'") and acting; letter n-grams inside words keep
typos and dialect spellings close to the words they stand for. People's names are all one word, `<name>`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from coach.grading.care_plan import Conflict, conflicts
from coach.grading.learned.names import name_starts
from coach.grading.rules.patient_line import what_it_shows
from coach.grading.rules.phrase import Hit
from coach.grading.rules.reading import Reading
from coach.grading.rules.text import STOPWORDS
from coach.models import Band, Flag, Persona
from coach.stance import Stance

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]|\bbut\b")
_QUOTE = re.compile(r"[\"“”]([^\"“”]{1,200})[\"“”]")
_NEGATORS = frozenset(
    re.findall(
        r"\S+",
        """not no never nobody nothing nowhere none cannot can't cant won't wont don't dont isn't isnt aren't
        arent wasn't wasnt shouldn't shouldnt wouldn't wouldnt couldn't couldnt didn't didnt doesn't doesnt
        haven't havent hasn't hasnt ain't aint neither nor""",
    )
)
NAME = "<name>"  # every person's name, as the lexical features see it (coach.grading.learned.names)
NEGATION_REACH = 3  # words after a negator, within its clause, read as negated
CHAR_GRAMS = (3, 4)
# The scorer's names for the bands (a trained scorer.npz holds them).
_BAND_NAMES = {
    Band.calm: "calm",
    Band.agitated: "agitated",
    Band.highly_agitated: "high",
    Band.crisis: "crisis",
}
_LENGTHS = ((1, "0"), (4, "1-3"), (11, "4-10"), (26, "11-25"), (51, "26-50"), (10**9, "51+"))


@dataclass(frozen=True)
class Situation:
    """What the scorer may know beside the turn: the patient's last line, the scene and its care plan."""

    patient: str | None = None
    persona: Persona | None = None
    agitation: float | None = None
    stance: Stance | None = None


class Word(NamedTuple):
    """One spoken (or acted) word and where it is, so evidence can quote the words that moved a score.

    A named tuple, not a dataclass: a turn makes dozens and they are built on every grade."""

    text: str
    start: int
    end: int
    acted: bool


# A feature and the index of the word that produced it in `TurnFeatures.words` (-1: none, such as stance).
Located = tuple[str, int]


@dataclass(frozen=True)
class TurnFeatures:
    """The named features of a turn, each with the word it came from."""

    features: tuple[Located, ...]
    words: tuple[Word, ...]
    speech: str  # the text the word offsets point into (speech, then acted parts)

    def names(self) -> list[str]:
        return [name for name, _ in self.features]


class Said(NamedTuple):
    """A turn's words and the features they make whatever the situation: the first of its features, and
    those its words make with its persona (which come later, with the scene's)."""

    words: tuple[Word, ...]
    speech: str
    features: tuple[Located, ...]
    with_persona: tuple[Located, ...]


def said_features(said: str, actions: tuple[str, ...], persona: Persona | None) -> Said:
    """The words of a turn (`said`: its speech as read, grader-addressed text blanked; `actions`: what it
    acts out; `persona`: whose names count as names) and the features they make in any situation with
    that persona."""
    acted = " ".join(f"*{a}*" for a in actions)
    text = f"{said}\n{acted}" if acted else said
    words = _words(text, len(said) + 1, name_starts(text, persona))
    found: list[Located] = []
    _lexical(words, text, found)
    # The same words land differently with different people: each content word with the persona.
    with_persona = (
        ()
        if persona is None
        else tuple(
            (f"pw:{persona.id}&{w.text}", i)
            for i, w in enumerate(words)
            if len(w.text) > 3 and w.text not in STOPWORDS
        )
    )
    return Said(tuple(words), text, tuple(found), with_persona)


def turn_features(
    reading: Reading, situation: Situation, plan: list[Conflict] | None = None, said: Said | None = None
) -> TurnFeatures:
    """Every feature of a read turn in its situation; `plan`: the turn's care-plan conflicts, and `said`:
    its words' features with the situation's persona, when the caller has them already
    (coach.grading.care_plan.conflicts, `said_features`)."""
    if said is None:
        said = said_features(reading.clean, reading.turn.actions, situation.persona)
    words = list(said.words)
    found = list(said.features)
    _rules(reading, situation, words, found)
    _shape(reading, words, found)
    _stance(situation.stance, found)
    _scene(situation, reading, said.with_persona, found, plan)
    return TurnFeatures(features=tuple(found), words=said.words, speech=said.speech)


def _words(text: str, acted_from: int, names: frozenset[int]) -> list[Word]:
    """The turn's words, each name as `NAME`: no weight can attach to one person's name."""
    lowered = text.lower()
    return [
        Word(NAME if m.start() in names else m.group(), m.start(), m.end(), m.start() >= acted_from)
        for m in _TOKEN.finditer(lowered)
    ]


def _lexical(words: list[Word], text: str, found: list[Located]) -> None:
    negated = _negated(words, text)
    quoted = _quoted(words, text)
    previous = "<s>"
    add, add_all = found.append, found.extend  # bound once: a turn makes a few hundred features
    for i, w in enumerate(words):
        token = w.text
        add((f"{'a' if w.acted else 'w'}:{token}", i))
        add((f"b:{previous}_{token}", i))
        if i in negated:
            add((f"neg:{token}", i))
        if i in quoted:
            add((f"q:{token}", i))
        add_all(zip(_letter_grams(token), repeat(i)))
        previous = token
    if words:
        found.append((f"b:{previous}_</s>", len(words) - 1))


@lru_cache(maxsize=16384)
def _letter_grams(token: str) -> tuple[str, ...]:
    """The letter n-gram features of one word (words recur, so each is cut once)."""
    if not (token.isalpha() and len(token) > 2):
        return ()
    padded = f" {token} "
    return tuple(f"c:{padded[k : k + n]}" for n in CHAR_GRAMS for k in range(len(padded) - n + 1))


def _negated(words: list[Word], text: str) -> set[int]:
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text.lower())]
    out: set[int] = set()
    reach = 0
    last_break = 0
    for i, w in enumerate(words):
        # a clause break at or after the last one counted and before this word ends the negation's reach
        after = bisect_left(breaks, last_break)
        if after < len(breaks) and breaks[after] < w.start:
            reach = 0
            last_break = w.start
        if reach:
            out.add(i)
            reach -= 1
        if w.text in _NEGATORS or w.text.endswith("n't"):
            reach = NEGATION_REACH
    return out


def _quoted(words: list[Word], text: str) -> set[int]:
    spans = [(m.start(1), m.end(1)) for m in _QUOTE.finditer(text)]
    if not spans:
        return set()
    return {i for i, w in enumerate(words) if any(a <= w.start < b for a, b in spans)}


def _word_at(ends: list[int], start: int) -> int:
    """The index of the first word ending after character `start` of the speech (`ends`: where each word
    ends, in order), -1 if none."""
    i = bisect_right(ends, start)
    return i if i < len(ends) else -1


def _scored_hits(reading: Reading) -> list[Hit]:
    """What the rules noticed, less text addressed to a grader: the rubric ignores it for every score, so
    adding it to a turn cannot move one."""
    return [h for h in reading.hits if h.feature is not Flag.grader_injection]


def _rules(reading: Reading, situation: Situation, words: list[Word], found: list[Located]) -> None:
    band = _band(situation.agitation)
    ends = [w.end for w in words]
    for hit in _scored_hits(reading):
        # speech hits share the speech's offsets; hits in acted parts or the stance belong to no one word
        at = _word_at(ends, hit.start) if hit.where.value == "speech" and hit.end > hit.start else -1
        found.append((f"r:{hit.feature.value}", at))
        found.append((f"r:{hit.feature.value}&ag:{band}", at))
    found.append((f"opt:{min(len(reading.options), 3)}", -1))


def _shape(reading: Reading, words: list[Word], found: list[Located]) -> None:
    found.append((f"len:{_length(reading.word_count)}", -1))
    # beyond the words that validate, ask or offer: how long the rest (a no and its reasons) runs
    found.append((f"core:{_length(reading.core_word_count)}", -1))
    found.append((f"reasons:{min(reading.reason_clauses, 3)}", -1))
    found.append((f"echo:{min(len(reading.echoed), 2)}", -1))
    speech = reading.clean
    letters = "".join(filter(str.isalpha, speech))
    if len(letters) >= 8 and sum(map(str.isupper, letters)) / len(letters) > 0.6:
        found.append(("shape:capitals", -1))
    if "!!" in speech:
        found.append(("shape:exclaims", -1))
    questions = speech.count("?")
    if questions:
        found.append((f"shape:questions{min(questions, 2)}", -1))
    if any(w.acted for w in words):
        found.append(("shape:acted", -1))


def _length(n: int) -> str:
    return next(label for limit, label in _LENGTHS if n < limit)


def _stance(stance: Stance | None, found: list[Located]) -> None:
    if stance is None:
        return
    for field in ("distance", "voice", "posture"):
        value = getattr(stance, field)
        if value is not None:
            found.append((f"st:{field}={value.value}", -1))
    for action in stance.actions:
        found.append((f"st:action={action.value}", -1))


def _scene(
    situation: Situation,
    reading: Reading,
    with_persona: tuple[Located, ...],
    found: list[Located],
    plan: list[Conflict] | None,
) -> None:
    band = _band(situation.agitation)
    found.append((f"ag:{band}", -1))
    # The patient's line counts by what it shows (asked for something, asked when, asked for space...), not
    # by its words: with every word a feature, incidental words in the patient's line swayed the staff
    # turn's grade, so the same staff line was a no after one reply and not after another.
    for shown in what_it_shows(situation.patient):
        found.append((f"pl:{shown}", -1))
    persona = situation.persona
    if persona is None:
        found.append(("persona:none", -1))
        return
    found.append((f"persona:{persona.id}", -1))
    # The same words or moves land differently with different people: a care plan makes "security" or a
    # colleague called over worse for one patient than another.
    for hit in _scored_hits(reading):
        found.append((f"pr:{persona.id}&{hit.feature.value}", -1))
    if situation.stance is not None:
        for action in situation.stance.actions:
            found.append((f"pr:{persona.id}&{action.value}", -1))
    found += with_persona
    for conflict in conflicts(reading, situation.stance, persona) if plan is None else plan:
        found.append((f"care:{conflict.kind}", -1))
        found.append(("care:any", -1))


def _band(agitation: float | None) -> str:
    if agitation is None:
        return "unknown"
    return _BAND_NAMES[Band.for_agitation(agitation)]
