"""A goodbye answered: staff held to what they offered earlier unless the goodbye sets its time, and not
asked when or whether they will come back when the goodbye already said so."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from coach.acts import Offered
from coach.models import Band, Persona
from coach.patient.asked import Asked, carries
from coach.patient.held_to import held_to
from coach.patient.pools import Pool, lines_at, presuming_last
from coach.patient.timing import ASKS_WHEN, MEALTIME, says_when
from coach.said_aloud import HANDOVER_SAID
from coach.spelling import plain_words


def goodbye_answers(text: str, pending: list[Offered], persona: Persona, band: Band) -> Iterator[Pool]:
    """The answers to a goodbye in folded `text`, with `pending` what was offered or promised earlier and
    not yet brought up."""
    if pending and not (carries(text, Asked.clock) or MEALTIME.search(text)):
        # "Four o'clock, the letter. See you then.": a goodbye that sets the time is the plan; asking
        # whether an earlier promise is still on would not have heard it ("back later" sets none).
        thing = pending[-1]
        yield held_to(thing, persona, band)
        if thing.listed is not None:
            # What cannot be said back in a few words ("a set time when a named person will come back") is
            # held to as they took it: their answer to it again.
            yield lines_at(f"offer:{thing.listed.id}", thing.listed.answers, band)
    # "See you at teatime": a goodbye that said when is not asked when. "Knock when you're ready": a
    # goodbye that leaves the next step to them is not held to staff coming back.
    closing: Iterable[Pool] = (lines_at("closing", persona.listening.acts.closing, band),)
    if says_when(text):
        closing = (last for pool in closing for last in presuming_last(pool, ASKS_WHEN))
    if _LEFT_TO_THEM.search(text):
        closing = (last for pool in closing for last in presuming_last(pool, _STAFF_BACK))
    if HANDOVER_SAID.search(spelled := plain_words(text)) or _SOMEONE_WITH_THEM.search(spelled):
        # "Jo's going to sit with you till I'm back": who they can turn to was said.
        closing = (last for pool in closing for last in presuming_last(pool, _ASKS_WHO))
    yield from closing


# A goodbye that leaves the next step to them ("knock when you're ready", "come and find me", "give me a
# shout", "press the buzzer if you need anything"), and the lines that hold staff to coming back to them.
_LEFT_TO_THEM = re.compile(
    r"\b(?:knock (?:on|at|when|if)|come and (?:find|get) me|come (?:to|and see) me|find me|"
    r"give (?:me|us) a (?:shout|knock|call|buzz)|shout (?:me|us|if|when|for)|i'm in the office|"
    r"(?:press|use|ring) (?:the|your) (?:buzzer|bell)|buzz (?:me|us|if)|let (?:me|us) know (?:if|when)|"
    r"if you (?:want|need) (?:me|us|anything)|i'm (?:on|here|about|around) (?:till|until))\b"
)
_SOMEONE_WITH_THEM = re.compile(
    r"\b(?!(?:i|we|it|that|this|there)\b)[a-z]+(?:'s| is| will|'ll)(?: going to| gonna)? "
    r"(?:sit|stay|be) (?:here )?with you\b"
)
_ASKS_WHO = re.compile(r"\bwho (?:do|can|will|is|'s)\b")
_STAFF_BACK = re.compile(r"\b(?:come back|coming back|be back|back later|hold you to)\b")
