"""The persona's facts in the patient's own mouth, to answer a question that asks for one: "When is ward
round?" -> "I will see my consultant, Dr Okafor, at ward round on Thursday morning."

The facts are written about the patient in the third person ("She has not slept since the restraint"), so
they are turned round: the patient's name and pronouns become I, me and my, and the verb agrees.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coach.grading.learned.names import name_starts
from coach.models import Band, Persona
from coach.patient.asked import Asked, about, asks_when_started, carries, named
from coach.patient.meaning import classes, covers, meant
from coach.patient.meaning import shared as shared_words
from coach.wording import fold, stems

# A fact answers a question when they share at least this many content words.
MIN_SHARED = 2
# Bands in which the patient answers in plain sentences; higher up they shout in fragments.
TELLING_BANDS = (Band.calm, Band.agitated)

_AFTER_I = {
    "has": "have",
    "is": "am",
    "does": "do",
    "goes": "go",
    "was": "was",
    "hasn't": "haven't",
    "isn't": "am not",
    "doesn't": "don't",
}
_ADVERB = re.compile(r"^(?:usually|always|often|never|still|also|just|only|really|even)$")
_FOLLOWS_OBJECT = re.compile(r"^(?:on|in|at|to|for|with|about|from|by|and|or|but|,|;|\.|$)")


def first_person(fact: str, persona: Persona) -> str | None:
    """`fact` as the patient would say it (their name and pronouns become I, me and my); when a pronoun in
    it could mean someone else, only the clauses before it (None when there are none)."""
    return _turned(fact, persona.profile.name, persona.profile.pronouns)


_STARTER_WORDS = (
    "the a an this it at in on since last each today yesterday after before his her their she he they"
)
_STARTERS = frozenset(_STARTER_WORDS.split())
_DAYS_AND_MONTHS = (
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow january february "
    "march april may june july august september october november december"
)
_NOT_PEOPLE = frozenset(_DAYS_AND_MONTHS.split())


def names_someone(said: str) -> bool:
    """True when `said` (a fact or a line in their mouth) names someone: a name as the grader reads
    names (coach.grading.learned.names: "... the ward pharmacist, Anita, ...", "Tom was my big brother";
    not "a support worker told me ... on Monday", nor "'Someone'll come back.' Nobody came.")."""
    return bool(name_starts(said, None))


def _follows_i(said: list[str]) -> bool:
    """The next word is the verb of "I": "I keeps" -> "I keep", "I usually phones" -> "I usually phone"."""
    if said and said[-1] == "I":
        return True
    return len(said) >= 2 and said[-2] == "I" and bool(_ADVERB.match(said[-1].lower()))


_PRONOUNS = {
    "she": {"she": "I", "her": "my", "herself": "myself"},
    "he": {"he": "I", "his": "my", "him": "me", "himself": "myself"},
    "they": {"they": "I", "their": "my", "them": "me", "themselves": "myself"},
}


def _turned(fact: str, name: str, pronouns: str) -> str | None:
    """The fact turned round, up to a clause whose pronoun could mean someone else ("Ryan ... because he
    was")."""
    subject = pronouns.split("/")[0].strip().lower()  # "she", "he", "they"
    mine = _PRONOUNS.get(subject, {})
    first, *rest = name.split()
    words = fact.split(" ")
    out: list[str] = []
    other_named = False
    skip = 0
    for i, word in enumerate(words):
        if skip:  # the rest of their full name, already said as "I" or "my"
            skip -= 1
            continue
        bare = word.strip(",.;:'")
        low = bare.lower()
        nxt = words[i + 1].strip(",.;:'").lower() if i + 1 < len(words) else ""
        if bare.removesuffix("'s") == first:
            skip = _rest_of_name(words[i + 1 :], rest)
            last = words[i + skip]  # the full name's last word carries its punctuation and any "'s"
            said = last.strip(",.;:")
            out.append(last.replace(said, "my" if said.endswith("'s") else "I", 1))
            continue
        named = (
            bare[:1].isupper()
            and bare.removesuffix("'s") not in (first, *rest)
            and low not in mine
            and low.removesuffix("'s") not in _NOT_PEOPLE
        )
        if named and (i > 0 or low not in _STARTERS):
            other_named = True  # someone else is named: a later "he"/"she" may be them
        if low == subject and other_named:
            return _head(out)
        if low == subject:
            swap = "I"
        elif low in mine and mine[low] == "my" and low == "her":
            ends_clause = word != bare or _FOLLOWS_OBJECT.match(nxt) or nxt.endswith("ing")
            swap = "me" if ends_clause else "my"
        elif low in mine:
            swap = mine[low]
        elif out and out[-1].endswith("I") and low in _AFTER_I:
            swap = _AFTER_I[low]
        elif _follows_i(out) and low.endswith("s") and len(low) > 3 and not low.endswith("ss"):
            swap = low[:-1]
        else:
            out.append(word)
            continue
        if swap in ("my", "me", "myself") and word[:1].isupper():
            swap = swap.capitalize()
        out.append(word.replace(bare, swap, 1))
    text = re.sub(r"\b(I\b[^;.]*?\band) has\b", r"\1 have", " ".join(out))
    return text[:1].upper() + text[1:]


def _rest_of_name(words: list[str], rest: list[str]) -> int:
    """How many of `words` go on the name just said ("Sam" then "Reid" of "Sam Reid"): all of its other
    parts in order, or none, so a surname shared with someone else is not taken on its own."""
    said = [word.strip(",.;:").removesuffix("'s") for word in words[: len(rest)]]
    return len(rest) if rest and said == rest else 0


def _head(said: list[str]) -> str | None:
    """What was turned before the clause whose pronoun could mean someone else, as a sentence of its own
    ("Ryan ate the curry at about seven, after missing tea because he was ..." -> "Ryan ate the curry at
    about seven."), or None when no clause ends before it."""
    # A clause ends at a comma or at the ";" that joins a fact's parts ("Ryan says there was no name on the
    # tub; Dean is sure he labelled it" -> "Ryan says there was no name on the tub.").
    ends = [i for i, word in enumerate(said) if word.endswith((",", ";"))]
    if not ends:
        return None
    head = " ".join(said[: ends[-1] + 1]).removesuffix(",").removesuffix(";") + "."
    return head[:1].upper() + head[1:]


@lru_cache(maxsize=64)
def _told_cached(name: str, pronouns: str, facts: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    turned = [(_turned(f, name, pronouns), f) for f in facts]
    # The words of what is said, not of the whole fact: "Ryan ate the curry at seven." is all that is told of
    # a fact whose clause about the doctor is cut, so it does not answer a question about the doctor.
    return tuple((text, meant(fold(text))) for text, _ in turned if text is not None)


def _told(persona: Persona) -> tuple[tuple[str, frozenset[str]], ...]:
    # What they have not been told is not theirs to say (the persona file's `untold`).
    known = tuple(fact for fact in persona.facts if fact not in persona.untold)
    return _told_cached(persona.profile.name, persona.profile.pronouns, known)


def told_facts(persona: Persona) -> list[str]:
    """Every fact in the patient's mouth (what `is_band_reply` accepts at the telling bands)."""
    return [text for text, _ in _told(persona)]


def fact_parts(fact: str) -> list[str]:
    """A fact's parts, each a sentence of its own: "My sister is my next of kin; visiting is at two." ->
    "My sister is my next of kin.", "Visiting is at two."."""
    parts = [p.strip().rstrip(".") for p in fact.split(";")]
    return [p[:1].upper() + p[1:] + "." for p in parts if p]


def fact_said(fact: str, question: str, asked: Asked | None) -> str:
    """The fact as an answer to `question`: its first part, then only the parts that share a word with the
    question or hold what it asks for; the rest is a fact sheet read out, not an answer ("Samira is my
    next of kin" answers who, "visiting is 2-4 pm" does not)."""
    first, *rest = fact_parts(fact)
    if not rest:
        return fact
    asked_words = meant(fold(question))
    kept = [p for p in rest if asked_words & meant(fold(p)) or carries(p, asked)]
    return " ".join([first, *kept]) if len(kept) < len(rest) else fact


def fact_for(
    question: str, persona: Persona, asked: Asked | None = None, context: str = ""
) -> tuple[str, int] | None:
    """The fact that answers `question` best, with how many content words they share, or None.

    A fact answers when it shares `MIN_SHARED` content words with the question; when the question asks for
    a kind of content (a time, a place: coach.patient.asked), a fact holding it answers with one shared
    word, or with none when it shares a word with `context` (what the patient said last: "Where had you
    kept it?" is about the tub they were just shouting about; not for a person, which nearly every fact
    holds). Facts holding what was asked come first.
    """
    # "Any names?", "d'you remember?" say what kind of thing is asked for, not what it is about: "names"
    # shares a word with "her named nurse" by chance.
    # Ward words for the same thing count as one shared word: "come in" meets "admitted"
    # (coach.patient.meaning).
    asked_words = about(question) | classes(fold(question))
    # A fact holds what was asked only with something the question did not say itself: "Anita", not the
    # "pharmacist" of "who's the pharmacist?".
    told = [
        (text, words, shared_words(asked_words, words), holds_asked(text, asked, question))
        for text, words in _told(persona)
    ]
    # Another fact shares as many words as this one, or more, exactly when this count is at most the second
    # highest count: found once here rather than by counting all facts again for each. Words are counted
    # as said here, so that "pharmacy" does not tie with the "pharmacist" asked about through their stem.
    spoken = _spoken(question)
    counts = sorted((len(spoken & _spoken(text)) for text, _ in _told(persona)), reverse=True)
    second_most = counts[1] if len(counts) > 1 else -1
    # Nearly every fact names someone, so for "who ...?" holding a person is no sign the fact is the one
    # asked about: "Who was the lass they had to hold?" must share words with it, not with what was said
    # before, and one shared word is a sign only when no other fact shares as many ("back" in "who said
    # they'd come back?" is in "someone would come back" and in "Kofi is back tomorrow").
    # Nor for a look: "round" or "small" is as often no look at all ("ward round", "a small thing").
    around = stems(fold(context)) - asked_words if asked not in (Asked.person, Asked.looks) else set()
    best: tuple[tuple[bool, bool, int, int], str, int] | None = None
    past_asked = bool(_ASKS_PAST.search(fold(question)))
    own = bool(_ASKS_OWN.search(fold(question)))
    news = bool(_ASKS_NEWS.search(fold(question)))
    thing = asked_thing(question)
    for text, words, shared, holds in told:
        if thing and not covers(words, thing):
            continue  # "which company makes them?" is not answered by a fact that names no company
        if news and shared < MIN_SHARED:
            # "Do you know what time Ryan saw the doctor?" asks for news they may not have: a fact that
            # holds a time and names Ryan is about something else.
            continue
        if past_asked and _TO_COME.search(fold(text)):
            continue  # asked what happened ("when did you come in?"), not told what is to come
        if own and shared < MIN_SHARED and _someone_elses(text):
            # "What time did you last eat?" asks what they did: "Ryan ate the curry at seven" holds a time
            # and shares "eat", but says what someone else did.
            continue
        one_of_many = asked is Asked.person and len(spoken & _spoken(text)) <= second_most
        if not (shared >= MIN_SHARED or (holds and ((shared and not one_of_many) or around & words))):
            continue
        # A fact that holds what was asked as such ("since Tuesday") before one that only says when a thing
        # happened (`holds_asked`: "when did it start?").
        key = (holds, holds and carries(text, asked, question), shared, len(around & words))
        if best is None or key > best[0]:
            best = (key, text, shared)
    return (best[1], best[2]) if best else None


@lru_cache(maxsize=4096)
def _spoken(text: str) -> frozenset[str]:
    """The content words of `text` as written, unstemmed, and the ward classes it holds (kept: every
    question weighs each of the persona's facts by them)."""
    folded = fold(text)
    return frozenset(word for word in re.findall(r"[a-z][a-z']+", folded) if stems(word)) | classes(folded)


# A question about what they themselves do or did: "you" is its subject. Not a tag that only asks whether
# they know ("what time did he eat it, do you know?" is about what he did).
_ASKS_OWN = re.compile(
    r"\b(?:do|did|does|have|had|were|are|will|would|can|could|should|d') ?you\b"
    r"(?! (?:know|remember|recall|reckon|think)\b)|"
    r"\byou(?:'ve| have| had|'d)? (?:last|first|ever|usually|normally|just)\b"
)


def asks_own(question: str) -> bool:
    """True when `question` asks about what they themselves do or did ("you" is its subject)."""
    return bool(_ASKS_OWN.search(fold(question)))


def holds_asked(fact: str, asked: Asked | None, question: str = "") -> bool:
    """True when `fact` (in their mouth) holds what `question` asks for (coach.patient.asked.carries), or,
    asked who, opens with someone's name the question did not say: "Ryan ate the curry ..." answers "who
    ate it?". For facts only, which open with their subject: a persona line's first capital is as often
    no name ("Look at him!"), so `carries` does not read it as one."""
    if carries(fact, asked, question):
        return True
    if asks_when_started(question) and carries(fact, Asked.time):
        # A fact says when a thing happened, not when it began ("Last week I asked for a named shelf"): it
        # answers when it started. The persona's lines that say "since" still come first (`carries`).
        return True
    name = fact.split(" ", 1)[0].strip(",.;:'").removesuffix("'s")
    return asked is Asked.person and _someone_elses(fact) and name.lower() not in fold(question)


def _someone_elses(fact: str) -> bool:
    """True when `fact` (in their mouth) is about what someone else did: it opens with another's name
    ("Ryan ate ..."), not with "I", "my" or a time ("Last night a support worker told me ...")."""
    first = fact.split(" ", 1)[0].strip(",.;:'").removesuffix("'s")
    return (
        first[:1].isupper()
        and first not in ("I", "My", "Me")
        and first.lower() not in _STARTERS | _NOT_PEOPLE
    )


# "Do you know ...?", "has anyone told you ...?": news from elsewhere, not a thing of their own ("do you
# know where your phone is?" asks after theirs).
_ASKS_NEWS = re.compile(
    r"^\W*(?:\w+,\s*)?(?:(?:so|and) )?"
    r"(?:(?:do|did|d') ?you (?:know|happen to know)|has anyone (?:told|said)(?: you)?)\b"
    r"(?!.*\b(?:you|your|yours|yourself)\b)"
)
# "Which shelf ...?", "what medication ...?": the thing asked for by its kind, which the answer must name.
# Not a thing: a time, a day, a reason, a name or a number (each asked for by its own kind: a fact holds it
# without the word), a look, or words that only ask ("what else?").
_WHICH = re.compile(
    r"\b(?:which|what) (?!(?:time|day|night|date|kind|sort|type|else|exactly|actually|about|for|happened|"
    r"happens|colou?r|shape|size|ones?|bit|part|way|reason|excuse|explanation|name|age|number|amount|sum|"
    r"price|cost|point|problem|matter|issue|answer)s?\b)([a-z]+)\b"
    # "What brought you in?", "what made him ...?": a doing asked about, not a thing asked for.
    r"(?! (?:you|he|she|they|it|i|we|me|him|her|them|us|your|my|his|their)\b)"
)


def asked_thing(question: str) -> frozenset[str]:
    """The stem of the thing a which- or what-question names as what it asks for ("which doctor ...?" ->
    {"doctor"}), or none."""
    found = _WHICH.search(fold(question))
    if found is None:
        return frozenset()
    return frozenset(stems(found.group(1)))


# A question about what has happened, and a fact about what is still to come.
_ASKS_PAST = re.compile(
    r"^(?:\W*\w+,)?\W*(?:\w+ ){0,2}(?:did|was|were|had)\b|\b(?:ago|yesterday|last (?:night|week))\b"
)
_TO_COME = re.compile(r"\b(?:will|'ll|going to|gonna|tomorrow|next week)\b")


def fact_naming(words: frozenset[str], persona: Persona, question: str = "") -> str | None:
    """The first fact (in the file's order, which leads with their account) that holds every one of
    `words`, the content words a question names: "What was in the tub?" -> the fact about the tub. Asked
    about their own doing ("what did you have for your tea?"), not a fact about someone else's."""
    if not words:
        return None
    own = bool(_ASKS_OWN.search(fold(question)))
    return next(
        (text for text, held in _told(persona) if covers(held, words) and not (own and _someone_elses(text))),
        None,
    )


# Words that say a clause is not so: "has not slept", "never told", "nobody came", "missed breakfast".
_NOT_SO = re.compile(r"\b(?:not|no|never|nobody|nothing|none|neither|nor|without|missed|\w+n't)\b")
# A negative auxiliary that opens a yes/no question ("Haven't you slept?") asks the same as "Have you
# slept?": only the question's own content says not.
_NEGATIVE_OPENING = re.compile(r"^\W*(?:\w+,\s*)?\w+n't\b")
# Times a yes/no question can be pinned to: a fact says yes or no to it only when it names the same.
_PINNED = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|last (?:night|week)|this (?:morning|afternoon|evening|week)|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
)


def so_or_not(fact: str, statement: str) -> str | None:
    """ "Yes." or "No.", what `fact` says of a `statement` put to them to confirm ("You've slept, haven't
    you?"): whether the fact's clause that holds most of the statement's words is said as so or as not, as
    English answers a tag whichever way it was put ("No. I have not slept ..." to "You haven't slept, have
    you?" too). A word that means a lack ("missed") does not make the clause not so: "I missed an
    appointment" confirms "you missed one". None when the statement pins a time the fact does not name, or
    no clause of the fact holds a word of it (whether the fact is about the statement is the caller's to
    say)."""
    said = fold(statement)
    if any(t not in fold(fact) for t in _PINNED.findall(said)):
        return None
    words = named(statement)
    held = [(len(meant(fold(c)) & words), c) for c in re.split(r"[,;]|\bbut\b", fact)]
    count, clause = max(held, key=lambda h: h[0])
    if not count:
        return None
    return "No." if _SAID_NOT.search(fold(clause)) else "Yes."


# A clause said as not so: its verb negated, or no one and nothing as its subject.
_SAID_NOT = re.compile(r"\b(?:not|never|nobody|no one|nothing|\w+n't)\b")


def yes_or_no(fact: str, question: str) -> str | None:
    """ "Yes." or "No.", what `fact` says to the yes/no `question` ("Have you slept?" and "I have not slept
    since ..." -> "No."), from the clause of the fact that holds the question's words: the answer is yes
    when that clause and the question are both so or both not so. None when the question pins a time the
    fact does not name ("Is Kofi in today?" and "Kofi is back tomorrow"), or a word it names that the fact
    does not hold ("Did you hear me knock?" and "I did not answer when a nurse knocked")."""
    asked = fold(question)
    words = named(question)
    if any(t not in fold(fact) for t in _PINNED.findall(asked)) or not covers(meant(fold(fact)), words):
        return None
    clauses = [c for c in re.split(r"[,;]|\bbut\b", fact) if covers(meant(fold(c)), words, any_of=True)]
    if not clauses:
        return None
    fact_not = bool(_NOT_SO.search(fold(clauses[0])))
    question_not = bool(_NOT_SO.search(_NEGATIVE_OPENING.sub("", asked)))
    return "Yes." if fact_not == question_not else "No."
