"""Staff taking as known what the person was never told: "as Jo will have explained to you this morning,
...", "since you already know today's leave is off, ...". What they know is their facts, less those the
persona file marks `untold` (staff know them; the person has not been told), and what was said earlier in
the scene. News taken as known is still news: they say nobody told them (the persona file's optional
`acts.not_told` lines), before anything else the turn said. A patient who nods along teaches the trainee
nothing about checking what someone has been told.
"""

from __future__ import annotations

from collections.abc import Iterator

from coach.acts import fold
from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona
from coach.patient.facts import told_facts
from coach.patient.meaning import meant, shared
from coach.patient.pools import Pool, lines_at
from coach.wording import sentences

# A sentence taken as known is news when it shares this many words with an untold fact, and is known when
# it shares this many with a fact of theirs or an earlier turn of the scene (more: a fact of theirs and
# the news often share a name, "the housing association").
MIN_UNTOLD = 2
MIN_KNOWN = 3

# Taking it as known: "as you know", "since you already know", "as the doctor explained", "like Jo went
# through with you", "you'll have been told", "you know all that already"; not "let you know", nor a bare
# "you know that" after a statement, which asks them to agree.
_TAKEN_AS_KNOWN = compile_keyed(
    r"\b(?:as you(?: already| will|'ll| probably)? know|since you(?: already)? know|"
    r"you(?:'ll| will) have been told|as you(?:'ve| have) been told|"
    r"you already know(?: that| all that)?|you know (?:all )?that already|you know all that|"
    r"(?:as|like) (?:the |your |dr |mr |mrs |ms )?[a-z]+(?: [a-z]+)?(?: will have| would have| has|'s)? "
    r"(?:explained|told you|went through|gone through|said to you|mentioned))\b"
)


def not_told_answers(typed: str, earlier: list[str], persona: Persona, band: Band) -> Iterator[Pool]:
    """Their answer to a sentence of `typed` that takes as known one of their `untold` facts, or what no
    fact of theirs nor any `earlier` turn of the scene holds; nothing when their file has no lines."""
    lines = persona.listening.acts.not_told
    text = fold(typed)
    if lines is None or not _TAKEN_AS_KNOWN.search(text):
        return
    for sentence in sentences(text):
        phrase = _TAKEN_AS_KNOWN.search(sentence)
        if phrase is None:
            continue
        news = meant(sentence[: phrase.start()] + " " + sentence[phrase.end() :])
        if len(news) < MIN_UNTOLD:
            continue  # "you know that": nothing said to be news
        untold = max((shared(news, meant(fold(f))) for f in persona.untold), default=0)
        known = max((shared(news, meant(fold(t))) for t in [*told_facts(persona), *earlier]), default=0)
        if (untold >= MIN_UNTOLD and untold >= known) or (known < MIN_KNOWN and untold < MIN_UNTOLD):
            yield lines_at("not_told", lines, band)
            return
