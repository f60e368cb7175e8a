"""Their answer to being told or asked to do something: to the thing a request names when the persona file
lists it, else the band's lines for being told (which comply, bargain or refuse), ordered by how it was put
(asked politely, with a reason, a small doing where they are)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at, presuming_last
from coach.wording import fold, named_most


def request_answers(
    requests: list[str], persona: Persona, band: Band, small: bool, reasoned: bool
) -> Iterator[Pool]:
    """The answer to being asked to do something: to the thing it names when the file lists it ("can you
    come with me to the lounge?"), else their answer to being told to do something, which in each band
    complies, bargains or refuses (a small doing where they are as that: coach.patient.asked_of)."""
    listed = named_most(_MOVED.sub(" ", fold(" ".join(requests))), persona.listening.offers)
    told = [replace(p, name="request") for p in told_lines(persona, band, small, bool(requests), reasoned)]
    if small:  # "could you take the cup?": the doing, then the thing
        yield from told
    if listed is not None:
        yield lines_at(f"offer:{listed.id}", listed.answers, band)
    yield from told


def told_lines(
    persona: Persona, band: Band, small: bool, asked: bool = False, reasoned: bool = False
) -> Iterator[Pool]:
    """Their answer to being told to do something; to a small doing where they are, its own lines first,
    and the told lines that refuse to move ("I'm staying here") last: nobody asked them to go anywhere.
    `asked` politely ("could you come through for a sec?"), the lines that object to orders come last;
    `reasoned` ("... so we're not stood in the corridor"), the lines that ask why."""
    told = lines_at("instruction", persona.listening.acts.instruction, band)
    parts: Iterator[Pool] = iter((told,))
    if asked:
        parts = (last for part in parts for last in presuming_last(part, _OBJECTS_TO_ORDERS))
    if reasoned:
        parts = (last for part in parts for last in presuming_last(part, _ASKS_WHY))
    if small:
        yield lines_at("request", persona.listening.acts.small_request, band)
        parts = (last for part in parts for last in presuming_last(part, _MOVING))
    yield from parts


# A thing of theirs they are asked to move ("could you shift your chair away from the fire door?") is what
# the request is about, not something offered to them (a chair to sit on).
_MOVED = re.compile(
    r"\b(?:shift|move|push|pull|drag|put|take|clear|tidy) (?:your|ur) (?:[a-z']+ ){0,2}?[a-z']+"
    r"(?= (?:away|back|out|off|over|up|along|from|to|into|onto|somewhere|elsewhere|for)\b)"
)
_ASKS_WHY = re.compile(r"\bwhy\b|\bwhat for\b|\bwhat's it for\b|\bgive me a reason\b")
# "Don't tell me what to do", "Stop ordering me about": said to an order, not to "could you ...?".
_OBJECTS_TO_ORDERS = re.compile(
    r"\b(?:tell(?:ing)? me what to do|order(?:ing|s)?\b|(?:don't|stop) tell(?:ing)? me\b|don't tell me!)"
)


_MOVING = re.compile(r"\b(?:staying|stay|moving|move|getting up|get up|going|go|leave|leaving|out)\b")
