"""Escalation risk: the likely effect of a turn on this patient now, read as a ladder.

The worst fault decides first, and the patient's agitation decides how far it carries: a threat, mockery,
shouting, touch or closing in is likely to escalate and very likely from BARS 6 up (instructions and
calming words lose power there); cold words (commands, "calm down", a bare no, a brush-off, a hedge) are
likely to escalate and very likely high in BARS 6; flat faults (jargon, arguing a belief, shrinking a
feeling, blanket reassurance, a script of stock phrases) are likely to escalate unless the person is
calm or warmth around them offsets them. A turn with no fault is read by how it lands (its tone) and
what it leaves the person: a no calms only with a way forward (choices, or attunement), and at high
agitation only with somewhere to go now; bad news with nothing to do about it stays a disappointment; a
false promise is neutral at best. Plain-words version in rubrics/README.md.
"""

from __future__ import annotations

import re

from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.phrase import Hit
from coach.grading.rules.reading import Reading
from coach.grading.rules.scoring import COLD, FLAT, HOSTILE, UNATTUNED, Judgement, cite, gist
from coach.models import Evidence

KEY = "escalation_risk"
SEVERE = (*HOSTILE, F.hands_on, F.crowding)
COLD_RISK = (*COLD, F.evasive)
FLAT_RISK = tuple(f for f in (*FLAT, *UNATTUNED) if f not in SEVERE)
# Things that calm by themselves, without which even an attuned turn is "likely", not "very likely", to
# calm: choices, space, a safety line, calling on the team, the need met, the feeling named with its reason.
SELF_CALMING = (F.space, F.safety, F.teamwork)

HIGH_AGITATION = 55  # BARS 6: instructions and calming words lose power
TIPPING_AGITATION = 60  # high in BARS 6: cold words tip into crisis
CALM_AGITATION = 25  # below this the person is calm (BARS 4) and absorbs a flat remark
# "Somewhere to go, now": what a choice must offer to calm a no at high agitation.
_PLACE = re.compile(
    r"\b(?:lounge|garden|room|here|there|window|outside|corridor|office|kitchen|quiet|walk|bed|table|chair"
    r"|clinic|somewhere|area|side|away)\b"
)


def escalation_risk(
    reading: Reading,
    tone: int,
    validation: int,
    is_refusal: bool,
    meets_need: bool,
    agitation: float | None,
) -> Judgement:
    """1-5: the worst fault and the agitation first; then, for a turn without faults, how it lands.

    `agitation` None means unknown: faults are read as if the person were agitated (BARS 6) but not yet
    at the tipping point.
    """
    severe = reading.of(*SEVERE)
    if severe:
        high = agitation is None or agitation >= HIGH_AGITATION or reading.has(F.shouting)
        why = (
            "Very likely to escalate: this provokes, and at this agitation nothing around it can calm it."
            if high
            else "Likely to escalate: this provokes whatever else is said."
        )
        return _judged(5 if high else 4, severe, why)
    cold = reading.of(*COLD_RISK)
    if cold:
        tipping = agitation is not None and agitation >= TIPPING_AGITATION
        why = (
            "Very likely to escalate: cold, controlling words to someone this agitated."
            if tipping
            else "Likely to escalate: cold, controlling or evasive words are heard as not caring."
        )
        return _judged(5 if tipping else 4, cold, why)
    flat = reading.of(*FLAT_RISK)
    if flat:
        if tone >= 4:
            return _judged(3, flat, "Neutral: the warmth around it roughly offsets the fault.")
        if agitation is not None and agitation < CALM_AGITATION:
            return _judged(3, flat, "Neutral: the person is calm enough to let this pass.")
        return _judged(4, flat, "Likely to escalate: the person feels unheard or talked past.")
    if reading.has(F.false_promise):
        why = "Neutral at best: relief now, and a broken promise later."
        return _judged(3, reading.of(F.false_promise), why)
    value, evidence = (
        _no_moment(reading, tone, agitation) if is_refusal else _without_a_no(reading, tone, validation)
    )
    if meets_need and value > (2 if is_refusal else 1):
        value -= 1
        evidence.append(Evidence(key=KEY, quote=gist(reading), why="Speaks to the need behind the anger."))
    return Judgement(value, evidence)


def _judged(value: int, hits: list[Hit], why: str) -> Judgement:
    return Judgement(value, [*cite(KEY, hits, 2), Evidence(key=KEY, quote=hits[0].quote, why=why)])


def _without_a_no(reading: Reading, tone: int, validation: int) -> tuple[int, list[Evidence]]:
    """No fault and nothing declined: attuned calms, warm likely calms, flat is neutral."""
    said = gist(reading)
    if tone <= 3:
        return 3, [Evidence(key=KEY, quote=said, why="Nothing that escalates or calms: neutral.")]
    calming = reading.of(*SELF_CALMING)
    if tone == 5 and (reading.options or calming or validation >= 3):
        quote = reading.options[0] if reading.options else calming[0].quote if calming else said
        why = "Very likely to calm: attuned, and it gives real choices, space or understanding."
        return 1, [Evidence(key=KEY, quote=quote, why=why)]
    return 2, [Evidence(key=KEY, quote=said, why="Likely to calm: calm and respectful.")]


def _no_moment(reading: Reading, tone: int, agitation: float | None) -> tuple[int, list[Evidence]]:
    """A no said without fault: it calms only with a way forward, and is never "very likely" to calm."""
    said = " / ".join(reading.refusal_sentences)[:160] or gist(reading)
    high = agitation is not None and agitation >= HIGH_AGITATION
    somewhere = reading.has(F.space) or any(_PLACE.search(option) for option in reading.options)
    way_forward = bool(reading.options) and (somewhere or not high)
    if reading.has(F.bad_news) and not reading.options:
        why = "Neutral: bad news stays a disappointment, however kindly told, with nothing to do about it."
        return 3, [Evidence(key=KEY, quote=said, why=why)]
    if high and not way_forward:
        why = "Neutral: above 55 a limit loses its power unless space and somewhere to go now come with it."
        return 3, [Evidence(key=KEY, quote=said, why=why)]
    if tone == 5 or (tone == 4 and way_forward):
        why = "Likely to calm: a fair no with a way forward (Safewards Soft Words)."
        return 2, [Evidence(key=KEY, quote=reading.options[0] if reading.options else said, why=why)]
    return 3, [Evidence(key=KEY, quote=said, why="Neutral: a plain no, and nothing to do next.")]
