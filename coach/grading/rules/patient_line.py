"""What only the patient's last line shows about a staff turn.

The same words mean different things after different lines: "Hmm, I'd have to check" is honest
uncertainty after a worry and a hedged no after "Can I...?" ("in a bit" likewise puts a request off, or
nothing); moving closer is a no after "get away from me"; and a word the patient used themselves
("tribunal") is not jargon to them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from coach.grading.rules.lexicon_refusal import (
    AGAINST_SPACE_WHY,
    ASKS_IF_TRUE,
    MOCKING_WHY,
    PATIENT_ASKS,
    PATIENT_ASKS_WHEN,
    PATIENT_CHALLENGES_LIMIT,
    PATIENT_WANTS_SPACE,
    UPHOLDS_WHY,
)
from coach.grading.rules.phrase import Cue, Feature, Hit
from coach.grading.rules.text import fold
from coach.models import Flag

_SAID_NO = (Feature.decline, Feature.delay, Feature.limit)
_PUSHING = (Flag.hands_on, Flag.crowding, Feature.commanding, Feature.approach)
_DEFENDING = (Feature.reason, Feature.vague_reason, Feature.curt, Feature.lecture)
_DENIES = re.compile(r"\bnot (?:true|right|real)\b|\bisn'?t (?:true|right)\b", re.IGNORECASE)


def asked_for_something(patient: str | None) -> bool:
    """Whether the patient's line asks for something ("Can I...?", "I want...", "Is anyone going to...?")."""
    return bool(patient) and "asks" in _shown(patient or "")


def asked_when(patient: str | None) -> bool:
    """Whether the patient's line asks when ("When can I go?"): a time in the answer then answers it."""
    return bool(patient) and "asks_when" in _shown(patient or "")


def what_it_shows(patient: str | None) -> list[str]:
    """What a staff turn's grade may take from the patient's last line: whether it asks for something, asks
    when, asks for space, challenges a limit or asks if something is true (each a name). Only these: the
    line's other words are the patient's, and the same staff words mean the same after any of them."""
    if not patient:
        return []
    return list(_shown(patient))


_SHOWS = {
    "asks": PATIENT_ASKS,
    "asks_when": PATIENT_ASKS_WHEN,
    "wants_space": PATIENT_WANTS_SPACE,
    "challenges_limit": PATIENT_CHALLENGES_LIMIT,
    "asks_if_true": ASKS_IF_TRUE,
}


@lru_cache(maxsize=256)
def _shown(patient: str) -> tuple[str, ...]:
    # Cached: the turn and every better line tried for it are read after the same line.
    said = fold(patient)
    return tuple(name for name, pattern in _SHOWS.items() if pattern.search(said))


def as_answer(asked: bool, hits: list[Hit], when: bool = False) -> list[Hit]:
    """`hits` read as the answer to the patient's line: after a request a hedge is an evasive no, an opening
    "No, ..." declines, and a stall ("in a bit", "tomorrow", "the phone's broken") is a delay unless the
    turn grants what was asked ("Course you can") or the patient asked `when`; otherwise they are left as
    they are, and count for nothing."""
    if not asked:
        return hits
    turned: dict[Cue, Cue] = {Feature.hedge: Feature.evasive, Feature.request_no: Feature.decline}
    if not when and not any(h.feature is Feature.grant for h in hits):
        turned[Feature.stall] = Feature.delay
    return [replace(h, feature=turned[h.feature]) if h.feature in turned else h for h in hits]


def answers_the_patient(patient: str | None, asked: bool, hits: list[Hit]) -> list[Hit]:
    """The no that only the patient's last line shows.

    After a request, sarcasm is a mocking no. After "get away from me" (or "don't come in"): closing in,
    touching or ordering is a no acted out instead of said. After "why can't I...?": defending the
    restriction is the no.
    """
    if not patient:
        return []
    shown = _shown(patient)
    found: list[Hit] = []
    mocking = [h for h in hits if h.feature is Flag.mockery]
    if asked and mocking:
        found.append(replace(mocking[0], feature=Feature.decline, why=MOCKING_WHY))
    if any(h.feature in _SAID_NO for h in [*hits, *found]):
        return found
    if "wants_space" in shown:
        pushing = [
            h
            for h in hits
            if h.feature in _PUSHING or (h.feature is Feature.safety and "anywhere" in h.quote.lower())
        ]
        if pushing:
            return [*found, replace(pushing[0], feature=Feature.acts_against, why=AGAINST_SPACE_WHY)]
    if "challenges_limit" in shown:
        defending = [h for h in hits if h.feature in _DEFENDING]
        if defending:
            return [*found, replace(defending[0], feature=Feature.decline, why=UPHOLDS_WHY)]
    return found


def in_context(patient: str | None, hits: list[Hit]) -> list[Hit]:
    """`hits` less what the patient's line excuses: jargon they used themselves (a word they said is a word
    they know), and "that's not true" in answer to "is that true?" (it answers the question they asked
    about a rule or a fact, it disputes no belief)."""
    if not patient:
        return hits
    said = fold(patient)
    asked_if_true = "asks_if_true" in _shown(patient)
    return [
        h
        for h in hits
        if not (h.feature is Flag.jargon and re.search(rf"(?<!\w){re.escape(fold(h.quote))}(?!\w)", said))
        and not (h.feature is Flag.argues_with_belief and asked_if_true and _DENIES.search(h.quote))
    ]
