"""Staff checking the patient took in what was explained or agreed: "does that make sense?", "have you
understood what I said?", "did you hear that bit?", "so, tea now and me at ten: have I got that right?".
The patient says whether they got it (yes, most of it, written down please, or "I'm not stupid, I heard
you") as this person in this state would, from the persona file's optional `acts.understood` lines, not
an answer to something else the turn is near ("I heard you! Saying it again doesn't help!" to a summary
put to them to confirm)."""

from __future__ import annotations

from collections.abc import Iterator

from coach.acts import Act, Reading
from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at
from coach.wording import fold

_THAT = (
    r"(?:that|it|this|all that|all of that|everything|"
    r"what i(?:'ve| have|'m| am)? (?:just )?(?:said|saying)(?: to you)?)"
)
_TOOK_IN = r"(?:understood|understand|follow|followed|take|taken|get|got|catch|caught|hear|heard)"
# A check that what was said went in, asked of them.
_CHECK = compile_keyed(
    rf"\b(?:does|did) {_THAT} (?:make sense|sound clear)\b|^(?:\w+,? )?(?:make|makes) sense\?|"
    rf"\b(?:have|did) (?:you|u|ya)(?: actually| really| definitely)? {_TOOK_IN}(?: in)? {_THAT}"
    r"(?: in| bit)?\b|"
    rf"\b(?:do|did) (?:you|u|ya) understand\b|\bdid (?:you|u|ya) hear (?:that|the) (?:last )?(?:bit|part)\b|"
    rf"\b(?:is|was|are) {_THAT} (?:clear|okay to follow)\b|\bare we clear\b|"
    r"\bhave we understood each other\b|\bare (?:you|u) with me\b|"
    r"\bhave i (?:got|explained|said) (?:that|it|this|all that|everything) "
    r"(?:right|okay|ok|properly|clearly)\b|"
    rf"^(?:\w+,? )?got {_THAT}(?:,? \w+)?\?$|"
    rf"\b(?:any|got any) questions (?:about|on) {_THAT}\b"
)
# What makes the rest of the turn the thing to answer: a no, a threat, a goodbye.
_MORE_PRESSING = frozenset({Act.refusal, Act.threat, Act.closing})


def understood_answers(typed: str, now: Reading, persona: Persona, band: Band) -> Iterator[Pool]:
    """Their answer when the last question of `typed` (read as `now`) checks that they took in what was
    said, and the file writes the lines; nothing otherwise."""
    lines = persona.listening.acts.understood
    if lines is None or not now.questions or now.acts & _MORE_PRESSING:
        return
    if _CHECK.search(fold(now.questions[-1].text)):
        yield lines_at("understood", lines, band)
