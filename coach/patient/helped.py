"""Asked whether something done or given for them earlier helped ("has the tea helped at all?", "did that
do you any good, getting out in the garden?", "feeling any better for it?"): they say whether it did, by
band, and what they still need (the persona file's optional `acts.helped` lines), before the thing is
answered as if offered again or the question is read as a choice between helping and not."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at
from coach.wording import fold

_HELPED = re.compile(
    r"\b(?:has|have|did|does|is|was)(?:n't)? (?:that|it|this|the \w+|your \w+|a bit of \w+|getting \w+|"
    r"having \w+)(?: \w+){0,3}? (?:helped|help|do(?:ne)? you (?:any |some |a bit of )?good|"
    r"made (?:a |any )?difference|make (?:a |any )?difference)\b|"
    r"\b(?:feel|feeling) (?:any |a bit |a little )?better (?:for|after) (?:it|that|this|the \w+|your \w+)\b|"
    r"\bany better (?:for|after) (?:it|that|this|the \w+|your \w+)\b|"
    # asked outright, not said of something else ("lying in the dark won't make you feel any better")
    r"\b(?:feel|feeling) any (?:better|different)(?: (?:now|for it|after (?:it|that)))?\?|"
    r"\bgo (?:down|in) (?:all ?right|ok|okay|well)\b"
)


def helped_answers(typed: str, persona: Persona, band: Band) -> Iterator[Pool]:
    """Their answer when `typed` asks whether something done for them helped and their file writes the
    lines; nothing otherwise."""
    lines = persona.listening.acts.helped
    text = fold(typed)
    if lines is not None and "?" in text and _HELPED.search(text):
        yield lines_at("helped", lines, band)
