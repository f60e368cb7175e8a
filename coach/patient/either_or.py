"""The answer to an either-or: the option they know to be so (taken, not recited, when asked which they
would like), else the one they take, named."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from coach.acts import Offered, Reading, fold, sentences, stems
from coach.models import Band, Persona
from coach.patient.asked import weighs
from coach.patient.choosing import pick
from coach.patient.facts import TELLING_BANDS, told_facts
from coach.patient.held_to import held_to
from coach.patient.pools import Pool, lines_at
from coach.patient.reflected import reports_theirs
from coach.patient.scene import Scene, asks_to_recall, asks_what_was_said
from coach.wording import NEGATED, named_most

# An either-or that asks what is so ("was it a nurse or a support worker?", "is your room near the office or
# down the end?", "did you cook it or ...?"), not what they would like ("do you want tea or coffee?", "is it
# better if I ...?") nor how they are ("are you cold, or ...?": the option they take, said back, answers it).
_OF_FACT = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well),? )*(?:(?:who|what|where|when|which \w+)(?: \w+)?,? )?"
    r"(?:(?:was|were|did|had)\b|(?:is|does|do|has|have)\b(?! (?:you|ye|u)\b))"
    r"(?!.*\b(?:better|prefer|rather|suit|fancy|want)\b)"
)


def choice_answers(now: Reading, persona: Persona, band: Band, scene: Scene) -> Iterator[Pool]:
    """The answer to an either-or question: the option they know to be so (a fact of theirs, what staff
    said earlier), else the one they take, as the answer to that offer when the persona file lists it,
    else said back when it is a plain phrase; the band's other choice lines (which take neither) after.
    A question of fact ("is your room near the office or down the end?") is no choice of theirs: only
    what they know answers it, else the question is answered as any other."""
    options = now.options
    # "Did I say seven or eight?" asks what they remember staff said: answered by what they know, or a choice.
    of_fact = any(
        " or " in q.text and _OF_FACT.match(fold(q.text)) and not asks_to_recall(q.text)
        for q in now.questions
    )
    # "Did I say four or half four?" after "quarter past four": neither is what was said, so what was said
    # answers it (coach.patient.scene), not a choice taken.
    recalling = any(
        " or " in q.text and asks_to_recall(q.text) and asks_what_was_said(q.text) for q in now.questions
    )
    facts = told_facts(persona)
    asked_for = [line for line in scene.said if _ASKS_FOR_SOMETHING.search(line)]
    # What staff said themselves, not what they say back of the patient's ("you asked can you ring her"),
    # which is no option staff put earlier.
    said_by_staff = [s for t in scene.staff_texts for s in sentences(t) if not reports_theirs(s)]
    taken = pick(options, persona, [*facts, *said_by_staff], asked_for)
    # Options staff offer, or put to them to weigh ("would either of those help?").
    weighed = any(weighs(q.text) for q in now.questions)
    offered = bool(now.offers or now.promises or weighed) and not of_fact
    if taken.held in facts:
        # Options staff offer are no question of what is so: offered Dr Okafor on Thursday or a call today,
        # "I'll see Dr Okafor on Thursday" tells staff what they just said and takes no option.
        if band in TELLING_BANDS and not offered:
            yield Pool("fact", (taken.held,))
    elif taken.held is not None and taken.words is not None:  # "did I say seven or eight?"
        yield held_to(Offered(words=taken.words), persona, band)
    if (of_fact or recalling) and taken.held is None:
        return
    # "Tea or juice?" are both the drink the file lists: that offer's answer would take neither, so the
    # option is said back.
    same = [o for o in options if named_most(o, persona.listening.offers) == taken.listed]
    answers = Pool("offer", ())
    if taken.listed is not None and (len(same) < len(options) or taken.words is None):
        answers = lines_at(f"offer:{taken.listed.id}", taken.listed.answers, band)
    # A reply to a choice says which option it takes: of the offer's lines, those naming it come first, then
    # the option said back, and only then a "yes" that names neither ("Fine. Yeah." to "here or outside?").
    own = _apart(options, taken.option)
    naming_answers = tuple(line for line in answers.lines if own & stems(fold(line)))
    yield replace(answers, lines=naming_answers)
    neither = lines_at("choice", persona.listening.acts.choice, band)
    if taken.words is not None:
        # An option they can name is taken: the lines that take neither are for when it cannot be said.
        naming = lines_at("choice", persona.listening.acts.choice, band, offer=taken.words, option=True)
        # "Take them now. But I'm still not taking anything." takes the option and refuses it in one breath.
        kept = (line for line in naming.lines if line not in neither.lines)
        yield replace(naming, lines=tuple(line for line in kept if not takes_back(line, taken.words)))
    yield replace(answers, lines=tuple(line for line in answers.lines if line not in naming_answers))
    yield neither


# What they asked for in their own words: "Can you shut the door?", "I want to go home", "please, just ...".
_ASKS_FOR_SOMETHING = re.compile(
    r"\b(?:can|could|will|would) you\b|\bi (?:want|need|'d like|would like)\b|\bplease\b"
)


def _apart(options: list[str], option: str) -> frozenset[str]:
    """The content words of `option` that no other option has: what a reply must say to name it."""
    others = set().union(*(stems(fold(o)) for o in options if o != option))
    return frozenset(stems(fold(option))) - others


def takes_back(line: str, option: str) -> bool:
    """True when `line`, having named `option`, says no to it in another sentence: a sentence that does not
    hold the option's words negates one of them ("Take them now. But I'm still not taking anything ...")."""
    said = stems(fold(option))
    for sentence in sentences(fold(line)):
        if fold(option) in sentence:
            continue
        if NEGATED.search(sentence) and stems(sentence) & said:
            return True
    return False
