"""A statement put to the patient to confirm: "You're seeing Dr Okafor on Thursday, aren't you?", "Your
benefits got stopped while you were in here, didn't they?". The tag asks them whether the statement is so,
and what they know says: the yes or no their facts give it, and the fact.

A tag on an instruction ("Keep it down a bit, yeah?") or on what staff will do ("I'll sort it, okay?")
asks them to go along with it, not whether it is so; and a statement no fact of theirs says yes or no to
is left to the rest of the reply, as before.
"""

from __future__ import annotations

import re

from coach.acts import fold, sentences
from coach.models import Band, Persona
from coach.patient.asked import asks_for, named
from coach.patient.facts import TELLING_BANDS, fact_for, fact_said, so_or_not, told_facts
from coach.patient.meaning import meant
from coach.patient.own_name import puts_own_name
from coach.patient.pools import Pool, lines_at
from coach.patient.shouted import shouted
from coach.spelling import plain_words

# The tag: an auxiliary and a pronoun either way round ("aren't you?", "have you?"), or a word that asks
# them to agree ("..., right?").
_TAG = re.compile(
    r",\s*(?:(?:is|was|are|were|do|does|did|have|has|had|can|could|will|would|should)(?:n't)? "
    r"(?:it|you|they|that|he|she|we|i|there)|yeah|right|eh|innit|isn't it)\?$"
)
# A question for a fact or an account, after the tagged statement.
_ASKS_AFTER = re.compile(
    r"^(?:(?:and|so|okay|ok|right|well),? )*(?:what|which|who|whose|where|when|how|why)\b.*\?$"
)
# Words a statement may open on before what it is about: "And ...", "So, ...".
_OPENER = r"^(?:(?:and|so|but|now|well|right|okay|ok),? )*"
# "You do know you're on a section, don't you?": told, with a tag; not a thing of theirs to confirm.
_TELLING = re.compile(_OPENER + r"you (?:do )?(?:know|realise|realize|understand|see)\b")
# The statement's own negation, taken out to look it up as if put plainly ("you haven't slept" -> "you
# have slept"): the fact's clause, not the staff's wording, says whether it is so.
_NEGATED = re.compile(r"\b(?:(\w+)n't|(?:not|never) ?)\b")
# A statement opens with what it is about: them, what is theirs, someone or something else. An instruction
# opens with its verb; what staff will do opens with "I" or "we", which their facts do not hold.
# Someone else: "nobody", "he's", "they've"; and someone by name ("Anita's the pharmacist ..."), a word
# with "'s" that is no question word.
_OTHER_PEOPLE = r"nobody|no one|someone|somebody|everyone|he|he's|she|she's|they|they're|they've"
_NAMED = r"(?!let's|what's|how's|where's|who's|when's|why's)[a-z]+'s"
_SUBJECT = re.compile(
    _OPENER + rf"(?:you(?:'re|'ve|'d|'ll)?|your|yours|{_OTHER_PEOPLE}|"
    r"it|it's|that|that's|there|there's|the|this|his|her|their|my|"
    # someone by name or title: "Dr Okafor's seeing you ...", "Anita's the pharmacist ..."
    rf"dr|mr|mrs|ms|miss|{_NAMED})\b"
)


def confirmed(text: str, persona: Persona, band: Band) -> Pool | None:
    """The yes or no, and the fact, that answer a statement of `text` put to them with a tag, while they can
    still say it; "don't know" to one about what others did that no fact of theirs holds; None when no
    sentence is one or no fact says yes or no to it."""
    if "?" not in text or band not in (*TELLING_BANDS, Band.highly_agitated):
        return None
    fallback: Pool | None = None
    said_all = sentences(text)
    for at, sentence in enumerate(said_all):
        said = plain_words(sentence)  # "didnt they?" read as "didn't they?", as every reading reads a turn
        tag = _TAG.search(said)
        if tag is None or not _SUBJECT.match(said) or _TELLING.match(said) or puts_own_name(said, persona):
            continue  # "you're Callum, yeah?" puts their name to them: they say it (coach.patient.own_name)
        if any(_ASKS_AFTER.match(fold(later)) for later in said_all[at + 1 :]):
            # "Samira's got a dog, hasn't she? What kind is it?": the statement leads into the question after
            # it, which is what they answer.
            continue
        # Looked up as if put plainly: the fact's own clause says whether it is so. The tag asks about the
        # clause it closes ("... you're lucky to get any leave, it's not a good look, is it?" asks about
        # the look, not the leave), the last that opens with what it is about.
        clauses = said[: tag.start()].split(", ")
        own = next((i for i in range(len(clauses) - 1, -1, -1) if _SUBJECT.match(clauses[i])), 0)
        question = _NEGATED.sub(r"\1", ", ".join(clauses[own:]).strip()) + "?"
        asked = asks_for(question)
        found = fact_for(question, persona, asked)
        fact = found[0] if found is not None else _most_shared(question, persona)
        verdict = so_or_not(fact, question) if fact else None
        if fact is None and _OTHERS.match(clauses[own]) and band in TELLING_BANDS:
            # "Nobody else had been in that fridge since Sunday, had they?": what others did that nothing
            # of theirs holds is not theirs to confirm; they say they don't know.
            fallback = fallback or lines_at("dont_know", persona.listening.acts.dont_know, band)
        if fact is None or verdict is None:
            continue
        if band in TELLING_BANDS:
            return Pool("fact", (f"{verdict} {fact_said(fact, question, asked)}",))
        return Pool("fact", (shouted(fact_said(fact, question, asked), asked, question, verdict),))
    return fallback


# A statement about what someone else did or what is so, not about them: "nobody else had been in it",
# "he was with the doctor", "there's a meeting on Friday".
_OTHERS = re.compile(_OPENER + rf"(?:{_OTHER_PEOPLE}|everybody|they'd|(?!it's|that's){_NAMED})\b")


def _most_shared(statement: str, persona: Persona) -> str | None:
    """The one fact that shares more of the statement's words than any other ("You've managed a bit of
    sleep" and "I have not slept since the restraint"), or None when none shares one or two share as many."""
    words = named(statement)
    counts = sorted(((len(meant(fold(f)) & words), f) for f in told_facts(persona)), reverse=True)
    if not counts or not counts[0][0] or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]
