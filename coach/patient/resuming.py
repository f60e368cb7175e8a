"""Picking the thread back up: after an interruption ("Sorry, the phone. Go on.", "Where were we?", "You
were saying?"), the patient goes on with what was in hand in the scene, not with an answer to the sorry
for the interruption nor a line from nowhere. What was in hand: what staff said they would do and has not
happened (they hold staff to it), else what staff had asked them about (they carry on telling it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Reading
from coach.grading.rules.dispatch import compile_keyed
from coach.patient.base import PatientContext
from coach.patient.held_to import held_to, said_back
from coach.patient.pools import Pool
from coach.patient.questions import question_answers
from coach.patient.scene import Scene, chosen_offer
from coach.wording import fold

# Asking them to pick the thread up: "go on", "carry on", "you were saying", "where were we", "where was
# I", "where had we got to", "as you were saying", "sorry, continue". "Go on, then" after an offer asks
# for a yes, so a "go on" counts only with a sorry for the break or nothing else in the turn.
_RESUME = compile_keyed(
    r"\b(?:carry on|you were (?:saying|telling me|in the middle)|where (?:were|was|are) (?:we|i)\b|"
    r"where (?:had|have|did) (?:we|i) (?:got|get)(?: to)?|as you were saying|what were you saying|"
    r"(?:please |do )?continue\b|pick (?:it|that|this) (?:up|back up))"
)
_GO_ON = re.compile(r"(?:^|[.!?] )(?:go on|please go on|do go on|keep going)\b")
_SORRY_FOR_A_BREAK = re.compile(r"\bsorry\b")


def resumes(text: str) -> bool:
    """True when staff `text` asks the patient to pick the thread back up after a break."""
    folded = fold(text)
    if _RESUME.search(folded):
        return True
    return bool(_GO_ON.search(folded)) and (
        bool(_SORRY_FOR_A_BREAK.search(folded)) or len(folded.split()) <= _BARE_GO_ON_WORDS
    )


_BARE_GO_ON_WORDS = 5


def picked_up(ctx: PatientContext, scene: Scene, now: Reading) -> Iterator[Pool]:
    """What was in hand before the break: something staff offered or promised that has not happened yet
    (held to: "Jo at four, you said."), else the latest account they were asked for, carried on (the
    topic's lines not yet said), else the latest thing offered, said back."""
    persona, band = ctx.persona, ctx.state.band
    # Still to come: a thing the persona file names ("Jo, the social worker") or one set for later; not
    # what staff are doing there and then ("I'll stand by the door"), nor a doing read around it ("you'd go").
    coming = [t for t in scene.pending(now) if t.listed is not None or t.later]
    if coming:
        thing = coming[-1]
        yield held_to(thing, persona, band, due=not scene.just_said(thing))
        return
    for reading in reversed(scene.earlier):
        told = [q for q in reading.questions if q.topic is not None]
        offered = chosen_offer(reading.offers)
        if told:
            yield from question_answers(ctx, told)
            return
        if offered:
            yield said_back(offered, persona, band)
            return
