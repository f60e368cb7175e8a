"""Which option of an either-or question the patient takes ("shall I stay by the door or go?"), and how
it may be said back: the option is answered as a whole, never by one word caught from it.

The pick is read from the persona file, not from the wording: an option naming something the persona
wants comes first, one naming something they would turn down last; otherwise the option closest to what
the care plan says helps this person (two or more words in common; and furthest from what it says to
avoid), the first on a tie.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.listening import Offerable
from coach.models import Persona
from coach.wording import fold, named_most, stems

# An option is said back only when it is a short plain phrase: no clause of its own ("the queue's gone
# down"), no one else speaking ("I", "we"), nothing left dangling.
MAX_OPTION_WORDS = 6
_NOT_A_PHRASE = re.compile(
    r"\b(?:i|we|he|she|they|is|are|was|were|has|have|had|been|gone|will|would|can|could|should|do|does|"
    r"did)\b|\w'(?:s|ll|ve|re|d|m)\b|[^a-z' ]|\band (?:come|go|get|have|see|ask|tell|let|make|do|think)\b"
)
_DANGLING = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "my",
        "your",
        "and",
        "or",
        "from",
        "by",
        "before",
        "after",
        "until",
        "till",
        "than",
        "if",
        "so",
        "but",
        "about",
    ]
)
_PERSPECTIVE = {"you": "me", "your": "my", "yours": "mine", "yourself": "myself", "me": "you", "my": "your"}


@dataclass(frozen=True)
class Pick:
    """The option taken: its words from the patient's side (None when they cannot be said back cleanly)
    and the listed offer it names, if any."""

    words: str | None
    listed: Offerable | None
    option: str = ""  # the option as the trainee said it
    held: str | None = None  # what they know that holds it: a fact, or what staff said earlier


def pick(
    options: list[str], persona: Persona, known: Sequence[str] = (), asked_for: Sequence[str] = ()
) -> Pick:
    """The option the patient takes of `options` (an either-or question's, in the trainee's words).

    `known` is what the patient knows to be so (their facts in their own words, what staff said earlier in
    the scene): "the patients' fridge or the staff one?" and "did I say seven or eight?" are answered by
    what they know, when it holds one option and no other. `asked_for` is what they asked for earlier in
    the scene ("Can you shut the door?"): the option it holds is the one they take ("Open or shut?")."""
    helps = stems(fold(" ".join(persona.care_plan.what_helps)))
    avoid = stems(fold(" ".join(persona.care_plan.what_to_avoid)))
    held = holding(options, known)
    asked = holding(options, asked_for)

    def weight(option: str) -> tuple[bool, int, bool, int, bool]:
        listed = named_most(option, persona.listening.offers)
        wanted = 0 if listed is None else (1 if listed.wants else -1)
        said = stems(option)
        # Of options alike in all else, one they can say back: a reply to a choice names what it takes.
        sayable = said_back(option) is not None
        plan = _telling(len(said & helps)) - _telling(len(said & avoid))
        return option in asked, wanted, option in held, plan, sayable

    best = max(options, key=weight)  # max keeps the first of equals
    listed = named_most(best, persona.listening.offers)
    # "Come through to the quiet room with me" is too long to say back whole; the thing it names is not.
    # "Sat next to you while you're on to them": the option before the clause that says when or how.
    words = (
        said_back(best)
        or said_back(_CLAUSE_AFTER.split(best)[0])
        or (thing_named(best, listed) if listed is not None else None)
    )
    return Pick(words=words, listed=listed, option=best, held=held.get(best))


# Where an option's own clause of when, how or what else begins: "sat next to you | while you're on to them",
# "do the talking on your own | and I'll wait outside".
_CLAUSE_AFTER = re.compile(
    r"\s+(?:while|whilst|when|once|until|till|because|so that|so you|if|and (?:i|we)(?:'ll| will)|and then|"
    r"though|but)\b"
)


# Words before the thing an option names that belong to the doing, not the thing ("ask Anita", "do a lap"),
# among them a contraction, typed with its apostrophe or without ("youll ring her": "youll" describes
# nothing).
_NOT_OF_THE_THING = re.compile(r"[^a-z]|'|^(?:you|they|we|he|she)(?:ll|d|ve|re|s)$")


def thing_named(option: str, listed: Offerable) -> str | None:
    """The phrase of `option` that names the listed offer, with the words that make it a noun before it
    ("come through to the quiet room with me" -> "the quiet room", "there's leek soup" -> "leek soup"),
    from the patient's side; None when it names none of the offer's words."""
    words = fold(option).split()
    best: tuple[int, int] | None = None
    for phrase in listed.words:
        n = len(phrase.split())
        for i in range(len(words) - n + 1):
            if " ".join(words[i : i + n]) == phrase and (best is None or n > best[1] - best[0]):
                best = (i, i + n)
    if best is None:
        return None
    start, end = best
    # One describing word ("leek soup", "a jacket potato"), then a determiner, may come before the thing.
    before = words[start - 1] if start > 0 else ""
    describes = bool(before) and before not in _DANGLING | DETERMINERS
    describes = describes and not _NOT_OF_THE_THING.search(before)
    if describes and (start < 2 or words[start - 2] in DETERMINERS | _DANGLING):
        start -= 1
    if start > 0 and words[start - 1] in DETERMINERS:
        start -= 1
    # "a cup of tea", "a lap of the garden": the measure of the thing is part of it.
    if start >= 3 and words[start - 1] == "of" and words[start - 3] in DETERMINERS:
        start -= 3
    return said_back(" ".join(words[start:end]))


# Words that stand for a thing or a person not named: "one" for the fridge in "the patients' one", "somebody"
# for whoever it was in "did somebody bring it in?", which a fact names ("my sister brought it").
_PRO_FORMS = frozenset(stems("one ones somebody someone something anybody anyone anything else"))


def holding(options: Sequence[str], known: Sequence[str]) -> dict[str, str]:
    """The one option (if any) that something known holds, with what holds it: every word that sets it
    apart from the other options is in one known sentence, and no other option is held so."""
    words = [set(stems(fold(o))) - _PRO_FORMS for o in options]
    apart = [w - set().union(*(x for j, x in enumerate(words) if j != i)) for i, w in enumerate(words)]
    found: dict[str, str] = {}
    for sentence in known:
        said = stems(fold(sentence))
        held = [option for option, own in zip(options, apart, strict=True) if own and own <= said]
        if len(held) == 1:
            found.setdefault(held[0], sentence)
    return found if len(found) == 1 else {}


# One word shared with the care plan is too often chance ("first" in "toast first" and "hearing his side
# first"); two say the option is what the plan describes.
_CARE_PLAN_MIN = 2


def _telling(shared: int) -> int:
    return shared if shared >= _CARE_PLAN_MIN else 0


def said_back(option: str) -> str | None:
    """`option` as the patient would say it back ("stay with me", "my room"), or None when it is not a
    short plain phrase."""
    text = " ".join(_PERSPECTIVE.get(w, w) for w in fold(option).split())
    return text if plain_phrase(text, MAX_OPTION_WORDS) else None


def plain_phrase(text: str, max_words: int) -> bool:
    """True when `text` can stand in a reply as a thing or a doing: a few plain words, no clause of its own,
    nothing dangling at the end."""
    words = text.split()
    return (
        0 < len(words) <= max_words
        and words[-1] not in _DANGLING
        and not _NOT_A_PHRASE.search(text)
        and not _POINTER.match(text)
    )


# "That", "it up", "them as well": words that point at a thing named elsewhere name nothing said back
# ("That. Maybe." to "would it help if I showed you that?").
_POINTER = re.compile(
    r"^(?:that|this|it|them|those|these|one)(?: (?:up|over|down|out|in|back|as well|too))?$"
)


# Words that make what follows a noun: "a weighted blanket", "my shared folder".
DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "your",
        "his",
        "her",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "no",
    ]
)
_ADVERB_TAIL = re.compile(
    r"(?:\s+(?:for|at|by|in|until|till))?\s+(?:together|first|now|then|too|again|instead|later|today|tonight|"
    r"tomorrow|in a (?:bit|minute|moment|while))$"
)
# A clause that starts inside an offered phrase: "and email it over", "to read it".
_CLAUSE_START = re.compile(r"\b(?:and|to|then) [a-z]+ (?:it|them|him|her|me|us|one)\b")


def noun_phrase(text: str) -> str:
    """The trainee's words for a thing, cut where a clause of their own starts and without when it happens:
    "a photo of my drawing and email it" -> "a photo of my drawing", "the ot kitchen booked tomorrow" ->
    "the ot kitchen", "the letter together" -> "the letter"."""
    clause = _CLAUSE_START.search(text)
    if clause and clause.start() > 0:
        text = text[: clause.start()].rstrip(" ,")
    # When and how it happens is not the thing: "the letter together", "some earplugs for tonight".
    text = _ADVERB_TAIL.sub("", text) or text
    words = text.split()
    for i, word in enumerate(words[1:], start=1):
        # A past participle after its noun ("the kitchen booked", "a card sent") begins a clause; after a
        # determiner it is an adjective ("a weighted blanket").
        if len(word) > 4 and word.endswith("ed") and words[i - 1] not in DETERMINERS:
            return " ".join(words[:i])
    return text


# A doing ("sitting by the door", "phoning Bernie") reads as a thing only after a preposition: "what about
# sitting by the door?" is English, "thanks for offering sitting by the door" is not.
_DOING = re.compile(r"^(?!(?:some|no|any|every)thing\b)[a-z]{2,}ing\b")
_BEFORE_A_DOING = re.compile(r"\b(?:about|of|on|for|with|without|after|before|than)\s*$", re.IGNORECASE)


def frames(line: str, phrase: str) -> bool:
    """True when every {offer} slot of `line` can hold `phrase`: a thing anywhere, a doing only where it
    follows a preposition."""
    if not _DOING.match(phrase):
        return True
    return all(_BEFORE_A_DOING.search(before) for before in line.split("{offer}")[:-1])


# A line that takes the turn as a choice put to them ("Whichever I pick", "Which one gets it there?", "Don't
# give me options!", "You choose!"): it answers only an either-or, not an offer, a request or a promise.
PRESUMES_CHOICE = re.compile(
    r"\b(?:whichever|which one|which of|pick|choose|choosing|choice|choices|options?)\b|"
    # "Yes, that one.": one of two or more taken
    r"\b(?:mind|care) which\b|\b(?:yes|yeah),? that one\b"
)
