"""Sympathy is not an apology: "I'm sorry about your mum" or "sorry you've had such a rough week" says
staff feel for what the patient has been through, and owns no fault of staff's. Answered as an apology
("Sorry doesn't fix it.", "It's not your fault.", "Doesn't matter."), the reply hears a confession nobody
made; answered as sympathy, it takes the kindness or says how it is for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.listening import BandLines
from coach.models import Band, BandVoice, Persona, ReplyKind
from coach.patient.pools import Pool, lines_at, presuming_last
from coach.wording import fold, sentences

# "sorry" followed by what happened to them, not by what staff did: "sorry to hear", "sorry for your
# loss", "sorry about your brother", "sorry you've been ...", "sorry (that) it's been ...", "sorry that
# happened to you". The clause runs to the end of its sentence.
_SYMPATHY = re.compile(
    r"\bsorry (?:(?:to hear|for your|about your|for what you|about what you|about (?:all )?(?:that|this|"
    r"everything) (?:happening )?(?:to|with) you)|(?:that )?(?:you(?:'ve| have| had|'re| are| were| went| "
    r"had to| feel)|it's been|it has been|that happened to you|things are|today is|today's))\b[^.!?,;]*"
)
# Staff owning something in the same clause ("sorry you were kept waiting, we should have ..."): then the
# sorry is an apology after all.
_OWNS_IT = re.compile(
    r"\b(?:i|we|i've|we've|i'd|we'd|us|our|staff|nobody|no one|wait\w*|let (?:you )?down|messed|cancel\w*|"
    r"forg[eo]t\w*|fobbed|put off|ignored|left out|overlooked)\b"
)


def condoles(text: str) -> bool:
    """True when the `text` of a staff turn says sorry only in sympathy: every "sorry" in it is followed by
    what the patient has been through, and none of those clauses owns a fault of staff's."""
    said = [s for s in sentences(fold(text)) if "sorry" in s]
    if not said:
        return False
    for sentence in said:
        clauses = list(_SYMPATHY.finditer(sentence))
        if len(clauses) != sentence.count("sorry") or any(_OWNS_IT.search(c.group(0)) for c in clauses):
            return False
    return True


def without_sympathy(text: str) -> str:
    """Folded `text` without its clauses of sympathy: what is left may still say no ("sorry you're stuck
    here" holds no "sorry" that turns something down)."""
    return _SYMPATHY.sub("", fold(text))


# An answer to an apology: it takes "sorry" as owning a fault ("Sorry doesn't fix it", "It's not your
# fault", "Don't be sorry") or forgives one ("It's fine.", "Doesn't matter.", "Don't let it happen again").
_ANSWERS_A_FAULT = re.compile(
    r"\b(?:sorry|apolog\w*|fault|doesn't matter|it's fine|it's okay|don't worry|let it happen again|"
    r"first sorry)\b"
)


def sorry_answers(text: str, persona: Persona, band: Band) -> Iterator[Pool]:
    """The answer to a staff turn `text` that says sorry: to sympathy as sympathy, else as an apology."""
    if condoles(text):
        yield from sympathy_answers(persona.listening.acts.apology, persona.voice[band], band)
    else:
        yield lines_at("apology", persona.listening.acts.apology, band)


def sympathy_answers(apology: BandLines, voice: BandVoice, band: Band) -> Iterator[Pool]:
    """The answer to sympathy: of the persona's answers to an apology, those that do not take it for one
    (thanks, "at least somebody's said it"), then their answers to being understood, and only then the
    answers to a fault owned."""
    taken, *owned = presuming_last(lines_at("apology", apology, band), _ANSWERS_A_FAULT)
    yield taken
    yield Pool("validated", tuple(voice.replies[ReplyKind.validated]))
    yield from owned
