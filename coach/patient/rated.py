"""Asked to put a number on how bad it is ("out of ten, how scared are you right now?", "nought to ten,
how wound up?", "on a scale of 1-10, how worried?"): they give the number, as this person in this state
would (the persona file's optional `acts.rated` lines, each with its number written in), before anything
else the turn said is answered. A scale of how well they are ("how safe do you feel, out of ten?") is
the other way up from every line's number, and a score for something else ("how would you rate the
food?") is not how they feel: both are answered as any other question."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at
from coach.wording import fold, sentences

_TEN = r"(?:ten|10)"
_SCALE = compile_keyed(
    rf"\b(?:(?:on )?(?:a )?scale of|out of {_TEN}|(?:from )?(?:nought|zero|0|one|1) ?(?:to|-) ?{_TEN}|"
    r"put a number on|give (?:me|us) a number|what number|(?:rate|score) (?:it|that|yourself|how|your))\b"
)
# How well they are, which a number of how bad it is would answer upside down.
_WELL = re.compile(
    r"\bhow (?:safe|okay|ok|alright|all right|calm|settled|comfortable|good|well|better|happy|relaxed|"
    r"hopeful|confident)\b"
)


def rated_answers(typed: str, persona: Persona, band: Band) -> Iterator[Pool]:
    """Their number when a question of `typed` asks them to put one on how bad it is and their file writes
    the lines; nothing otherwise."""
    lines = persona.listening.acts.rated
    if lines is None:
        return
    asked = [s for s in sentences(fold(typed)) if _SCALE.search(s)]
    # "ok so scale of 1-10 how scared r u right now": asked without a question mark, by its "how".
    about_them = [s for s in asked if not (_WELL.search(s) or _SOMETHING_ELSE.search(s))]
    if any(s.endswith("?") or _ASKS.search(s) for s in about_them):
        yield lines_at("rated", lines, band)


# A score for something else, not how they feel: "out of ten, how would you rate the food?"
_SOMETHING_ELSE = re.compile(
    r"\b(?:rate|score|mark)\b(?! (?:it|that|yourself|how|your (?:mood|pain|anxiety)))"
)
_ASKS = re.compile(r"\b(?:how|what|where|which)\b")
