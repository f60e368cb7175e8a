"""Staff helping the patient slow down with their body or senses: breathing with them ("in for four, out for
six, with me?"), their feet on the floor, hands unclenched, naming things they can see or hear; or asking
how their body feels right now ("where are you holding all this?"). When the turn asks, offers or does
nothing else, the patient takes it up or pushes it away as this person in this state would (the persona
file's optional `acts.grounding` lines), or says what they feel in their body (`acts.body_now`), not an
answer to something nobody said ("That helps, honestly." to "name five things you can see")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Act, Reading
from coach.grading.rules.dispatch import compile_keyed
from coach.grading.rules.text import split_turn
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at, lines_first
from coach.wording import fold, sentences

_NUMBER = r"(?:one|two|three|four|five|six|seven|eight|\d)"
# Slowing the breath, the senses noticed, the body settled: "take a slow breath", "in for four", "three
# things you can hear", "press your feet into the floor", "unclench your hands", "count to ten with me".
_GROUNDING = compile_keyed(
    r"\bbreathe (?:with me|in|out|slow|slowly|deep|deeply|together|along)\b|"
    r"\b(?:slow|slower|deep|deeper|big|long|steady) breaths?\b|\btake a (?:\w+ )?breath\b|"
    r"\bbreathing (?:with me|together|exercise|slow|slowly|right down)\b|"
    r"\bslow (?:your|down your) breathing\b|"
    rf"\b(?:in|out) for {_NUMBER}\b|"
    rf"\b{_NUMBER} things? (?:that )?(?:you )?(?:can )?(?:see|hear|feel|touch|smell)\b|"
    r"\bwhat (?:can|do) you (?:see|hear|smell)\b|\bname (?:one|a|some|something) (?:thing )?you can\b|"
    r"\b(?:feet|foot) (?:on|into|flat on|down on|against) the (?:floor|ground)\b|"
    r"\bpress your (?:feet|hands)\b|\bunclench\b|\bdrop your shoulders\b|"
    r"\b(?:relax|loosen|soften) your (?:jaw|shoulders|hands|fists|grip)\b|"
    r"\bcount (?:to \w+|with me|backwards|down)\b|\bfeel the (?:chair|floor|ground|seat)\b"
)
# How their body feels now: "how's your body doing?", "where are you holding it?", "any tension?".
_BODY = re.compile(
    r"\bhow(?:'s| is| does| do| are) your body\b|"
    r"\bwhere (?:in your body )?(?:do|are) you (?:feel(?:ing)? it|holding)\b|"
    r"\bin your body\b|\bany tension\b|\bwhat(?:'s| is) your body\b|"
    # a part of it, as it feels now: "how does your chest feel right now?"; "how are your hands today?"
    # asks after their health (the persona's body topic)
    r"\bhow (?:does|do|is|are|'s) your (?:chest|head|stomach|tummy|hands|shoulders|breathing|heart|legs|jaw) "
    r"feel(?:ing)?\b[^?.]*\b(?:now|at the moment)\b"
)
# The kinds of grounding, each as a turn asks it and as a line does it.
_KINDS = (
    (
        re.compile(r"\bbreath|\b(?:in|out) for\b"),
        re.compile(r"\bbreath|\b(?:in|out) for\b|\bin\b\W+\band out\b"),
    ),
    (re.compile(r"\b(?:see|look around)\b"), re.compile(r"\b(?:see|seen|look|looking)\b")),
    (re.compile(r"\b(?:hear|listen)\b"), re.compile(r"\b(?:hear|heard|listen|listening)\b")),
    (
        re.compile(r"\b(?:feet|foot|floor|ground|hands|fists|shoulders|jaw|unclench|chair|seat)\b"),
        re.compile(r"\b(?:feet|foot|floor|ground|hands|fists|shoulders|jaw|chair|seat)\b"),
    ),
)
# Staff slowing their own breath beside them ("I'm just going to breathe slowly here, you don't have to do
# anything") asks nothing of them.
_OWN_BREATH = re.compile(r"\b(?:i'm|i am|i'll|i will)(?: just)?(?: going to| gonna)? breath")
# An action that shows them the breath: "*breathes out long and slow*".
_BREATHING = re.compile(r"\bbreath")
# What makes the rest of the turn the thing to answer.
_MORE_PRESSING = frozenset({Act.refusal, Act.threat, Act.closing, Act.told_off})


def grounding_answers(typed: str, now: Reading, persona: Persona, band: Band) -> Iterator[Pool]:
    """Their answer when `typed` (read as `now`) helps them slow down with body or senses, or asks how
    their body feels, and asks or offers nothing else; nothing otherwise, or when the file has no lines."""
    acts = persona.listening.acts
    turn = split_turn(typed)
    speech = fold(turn.speech)
    said = [fold(s) for s in sentences(turn.speech)]
    body = any(_BODY.search(s) for s in said)
    grounding = any(_GROUNDING.search(s) and not _OWN_BREATH.search(s) for s in said) or (
        any(_BREATHING.search(fold(a)) for a in turn.actions) and len(speech.split()) <= 6
    )
    if not (body or grounding) or now.acts & _MORE_PRESSING or now.promises or now.meets_need:
        return
    # Every question and offer of the turn is this one: "breathe with me? in for four" asks nothing else,
    # "take a breath, then tell me what happened" asks for the account.
    asked = [fold(q.text) for q in now.questions] + [fold(o.words) for o in now.offers]
    if any(not (_GROUNDING.search(a) or _BODY.search(a) or _BREATHING.search(a)) for a in asked):
        return
    lines = acts.body_now if body else acts.grounding
    if lines is None:
        return
    pool = lines_at("body_now" if body else "grounding", lines, band)
    # "what can you see?" gets a line that names what they see, "breathe with me" one that breathes
    kinds = [line_kind for turn_kind, line_kind in _KINDS if turn_kind.search(speech)]
    yield from lines_first(pool, lambda line: any(kind.search(fold(line)) for kind in kinds))
