"""Staff talking in initials and ward jargon ("I'll raise a referral to the SW via the MDT, get the DWP
side escalated, and the HA liaison should action it"): the person cannot follow it, and says so or picks
out the one thing they want, by band (the persona file's optional `acts.jargon` lines), before anything
else the turn said. Plain words are a skill the rubric asks for (NICE NG10: clear, simple language); a
turn that buries its point in jargon does not land as what it meant."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at
from coach.spelling import spoken
from coach.wording import capital_letters

# Initials a ward uses among staff ("MDT", "AMHP", "HA", "s.2"), typed as capitals; not the ones everyone
# says (the NHS, a GP, A&E, the TV) nor a shouted word.
_INITIALS = re.compile(r"(?<![\w&])(?:[A-Z]{2,5}s?|[sS]\.\s?\d+[a-z]?)(?![\w&])")
_EVERYDAY = frozenset(
    {"NHS", "GP", "GPS", "TV", "OK", "UK", "ID", "AM", "PM", "ASAP", "DVD", "CD", "PIN", "BBC"}
)
# Ward and office words for what plain words say ("oral intake" for eating, "obs" for checks), each a
# phrase staff use among themselves; matched at word starts, lower case.
_WARD_WORDS = compile_keyed(
    r"(?<![\w'])(?:oral intake|obs level|enhanced obs|level (?:one|two|three|1|2|3) obs|care pathway|"
    r"finance pathway|referral|escalat|liaison|action (?:it|that|this)|risk assess|capacity assess|"
    r"formulation|de-?escalat|ward round outcome|section (?:two|three|seventeen|2|3|17) leave|"
    r"s17|tribunal|mental health act|responsible clinician|approved mental health professional|"
    r"advocacy referral|safeguarding|discharge planning|multidisciplinary|per the|as per|pathway|"
    r"presentation|risk profile|psychosocial|intermittent observations|fluid chart|signpost|facilitate|"
    r"contingent on|pending|going forward|re-?risk|stepping (?:you|her|him) (?:up|down)|"
    # the ward's forms and scores by their names: an incident report, an early-warning score, a screen
    r"datix|news ?2\b|post-?incident|must screen|prn\b|sats\b)"
)
# So many in one turn, and the turn is jargon to the person hearing it.
JARGON_MIN = 3


def jargon_in(staff_text: str) -> int:
    """How many initials and ward-jargon phrases `staff_text` holds, said aloud."""
    said = spoken(staff_text)
    words = len(_WARD_WORDS.findall(said.lower()))
    # A word in capitals among words in capitals is shouting ("STOP IT NOW"), not initials.
    capitals, letters = capital_letters(said)
    if capitals * 2 > letters:
        return words
    return words + sum(1 for m in _INITIALS.finditer(said) if m.group(0).rstrip("s") not in _EVERYDAY)


def not_followed(staff_text: str, persona: Persona, band: Band) -> Iterator[Pool]:
    """The person's answer to a turn they cannot follow for its jargon, when it is one and their file
    writes the lines."""
    lines = persona.listening.acts.jargon
    if lines is not None and jargon_in(staff_text) >= JARGON_MIN:
        yield lines_at("jargon", lines, band)
