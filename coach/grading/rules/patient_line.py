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
from coach.grading.rules.text import fold, sentences
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


# What the patient's line puts on the table for staff to answer, as one state: the same staff words
# ("we'll wait for the doctor's round") put a request off, and only reassure after a fear.
# A request: asks for a thing, a permission or an act ("can I...?", "I want...", "give me...", "please").
REQUEST = "request"
WHEN = "when"  # asks when or how long: a time in the answer answers it
WHY_NOT = "why_not"  # asks why a limit holds: defending it is the no
SPACE = "space"  # asks staff to go or keep away
OWN_WAY = "own_way"  # says what they will or will not do: "I'm not taking it", "I'm going home"
QUESTION = "question"  # asks something else: a question of fact, of meaning, of who or where
STATEMENT = "statement"  # tells: a fear, a complaint, an account, with nothing asked
ACTED = "acted"  # only acts (words in asterisks)
NOTHING = "nothing"  # no line: the turn opens the scene
ON_THE_TABLE = (REQUEST, WHEN, WHY_NOT, SPACE, OWN_WAY, QUESTION, STATEMENT, ACTED, NOTHING)

# A sentence that opens on a verb in its plain form, with no subject, bids staff to act ("Just ring her.",
# "Open the door!", "Don't touch that."). The verbs are the common acts a patient bids staff to do; a verb
# that is as often a noun or a feeling ("look", "wait", "mind") is left out, so "Look, I'm fine" is no bid.
_BID = re.compile(
    r"^(?:(?:just|please|now|then|so|oh|well|and|right|go on|come on|ok(?:ay)?|mate|nurse)[ ,!]+)*"
    r"(?:don'?t|do not|stop|give|get|let|tell|take|bring|fetch|open|unlock|call|ring|phone|show|find|put"
    r"|hand|pass|send|check|ask|help|move|turn|switch|sign|lend|sort|fix|book|explain|answer|leave|keep"
    r"|pay|read|write|change|try|listen|speak|talk to)\b",
    re.IGNORECASE,
)
# The speaker's own will: refusing ("I'm not taking it", "I won't", "not until...", "you can't make me")
# or announcing a plan of their own ("I'm going home", "I'm leaving", "I'll ring my solicitor").
_OWN_WAY = re.compile(
    r"\bi(?:'m| am) not (?:\w+ing|having|doing)\b|\bi (?:won'?t|will not|refuse|ain'?t (?:\w+ing))\b"
    r"|\bnot until\b|\b(?:you )?can'?t make me\b|\bno way\b|\bi(?:'m| am) (?:going|leaving|off|out of here)\b"
    r"|\bi'?ll (?:go|come|stay|sit|wait|leave|ring|call|walk|sign|do|take|get|make|find|sort)\b",
    re.IGNORECASE,
)
# A want or a plea ("I'd love...", "please"): PATIENT_ASKS reads "I want", not every contraction of it.
_WANTS = re.compile(r"\bi(?:'d| would) (?:like|love|prefer|rather)\b|\bplease\b")
_ACTED_ONLY = re.compile(r"^\s*(?:\*[^*]*\*\s*)+$")
_ACTING = re.compile(r"\*[^*]*\*")


def on_the_table(patient: str | None) -> str:
    """What the patient's last line puts to staff, one of `ON_THE_TABLE`, the first that holds of: space,
    when, why not, a request (asked, wanted or bid), their own way, another question, a statement. Read by
    the line's shape (a modal question, a want, a verb with no subject, a first-person refusal or plan, a
    question mark), not by its topic."""
    if not patient or not patient.strip():
        return NOTHING
    return _table(patient)


@lru_cache(maxsize=256)
def _table(patient: str) -> str:
    if _ACTED_ONLY.match(patient):
        return ACTED
    shown = _shown(patient)
    said = fold(_ACTING.sub(" ", patient))
    if "wants_space" in shown:
        return SPACE
    if "asks_when" in shown and ("?" in said or "asks" in shown or _bids(said)):
        return WHEN
    if "challenges_limit" in shown:
        return WHY_NOT
    if "asks" in shown or _bids(said) or _WANTS.search(said):
        return REQUEST
    if _OWN_WAY.search(said):
        return OWN_WAY
    if "?" in said:
        return QUESTION
    return STATEMENT


def _bids(said: str) -> bool:
    return any(_BID.match(s.strip(" \"'")) for s in sentences(said))
