"""What staff promised earlier in the scene, coming back in the turn: a promise they say they are keeping
("Told you I'd be quick. Three cards, pick one."), one not done yet ("Don't know about the visit yet."),
and a plan checked as still on ("Are we still okay for five?"). Each is answered as that, before anything
else the turn says; a thing handed over in words ("Here's the box") is read with the acted lines
(coach.acted).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Offered, fold, sentences, stems
from coach.models import Band, Persona
from coach.patient.held_to import held_to, weighed
from coach.patient.pools import Pool, lines_at, presuming_last
from coach.wording import named_most

# A line that waits for a thing still to come ("You'll bring it here?", "Won't be long?"): said last when it
# is here.
STILL_TO_COME = re.compile(
    r"\b(?:bring|fetch|get me|you'll|will you|won't be long|be long|when|what time|later)\b"
)
# Staff saying what they promised is not done yet: "don't know about the visit yet", "no news yet", "still
# waiting to hear", "took longer than I thought".
_NOT_DONE = re.compile(
    r"\b(?:(?:don't|do not) know (?:\w+ ){0,4}yet|not (?:heard )?(?:back )?yet|"
    r"(?:haven't|have not|hasn't|has not) (?:heard|got|had) (?:\w+ ){0,2}(?:back|an answer|a reply|yet)|"
    r"no (?:news|answer|word|reply) yet|still (?:waiting|no news|no answer)|took longer)\b"
)
# Staff saying they are doing what they said: "told you I'd be quick", "as promised", "like I said I would".
_KEPT = re.compile(
    r"\b(?:told you (?:i'd|i would|we'd|we would)|as (?:promised|i said|i promised)|"
    r"like i (?:said|promised?)(?: (?:i would|you))?|i said i would)\b"
)
# A plan checked as still on: "are we still okay for four?", "is half four still good?", "still happy to
# ring them together?"; or said to be.
_STILL_ON = re.compile(
    r"\b(?:(?:are we|is it|is that|is this|is \w+(?: \w+)?) still (?:ok|okay|on|alright|all right|good|fine)|"
    r"still (?:ok|okay|on|good|happy|alright|all right) (?:for|with|to)\b|"
    # or said to be unchanged: "nothing's changed from what I said", "none of that's moved", "we're still on"
    r"nothing(?:'s| has) (?:changed|moved)|none of (?:that|it)(?:'s| has) (?:changed|moved)|"
    r"we(?:'re| are) still on\b)"
)


def keeps_promise(text: str, pending: list[Offered]) -> bool:
    """True when folded `text` says staff are doing what they promised and something is `pending`."""
    return bool(pending) and bool(_KEPT.search(text))


def done_as_promised(text: str) -> bool:
    """True when folded `text` says staff have done what they promised ("I did it, like I promised", "I've
    rung her, as I said"), not that they are about to ("I'll ring her now, like I said")."""
    if not _KEPT.search(text):
        return False  # most turns: one search
    return any(_KEPT.search(s) and _DONE.search(s) and not _TO_DO.search(s) for s in sentences(text))


# Said done: "I did it", "I've rung her", "that's sorted", "all done".
_DONE = re.compile(
    r"\b(?:(?:i|we)(?:'ve| have)? (?:did|done|rang|rung|called|phoned|spoke|spoken|told|sorted|asked|got|"
    r"fetched|brought|posted|checked|sent|emailed|found)|(?:it's|that's|it is|that is|all) (?:done|sorted))\b"
)
_TO_DO = re.compile(r"\b(?:will|'ll|going to|gonna|about to)\b")


def coming_back(
    text: str, pending: list[Offered], persona: Persona, band: Band, choice: bool
) -> Iterator[Pool]:
    """The answers to what was promised earlier, as folded `text` brings it back: held to when not done
    yet; the thing's own answer when staff say they are keeping the promise (lines that wait for it
    last); the plan answered again when checked as still on (not when
    the turn offers a `choice`, which is answered as one)."""
    if not pending:
        return
    if _NOT_DONE.search(text):
        undone = max(reversed(pending), key=lambda p: len(stems(fold(p.words)) & stems(text)))
        yield held_to(undone, persona, band)
    if keeps_promise(text, pending):
        # The thing kept is named where the keeping is said ("I've rung Samira, like I said I would"), not
        # in what else the turn brings ("I've fetched your sketchbook too").
        keeping = next((s for s in sentences(text) if _KEPT.search(s)), "")
        offers = persona.listening.offers
        listed = named_most(keeping, offers) or named_most(f"{fold(pending[-1].words)} {keeping}", offers)
        if listed is not None:
            yield from presuming_last(lines_at(f"offer:{listed.id}", listed.answers, band), STILL_TO_COME)
    if _STILL_ON.search(text) and not choice:
        yield from weighed(pending[-1], persona, band, fresh=True)
