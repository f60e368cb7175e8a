"""Something staff offered, promised or gave a choice of earlier in the scene, taken back ("Actually, we
can't go in the lounge after all", "sorry, I've just been told the garden's shut", "thinking about it, we
can't replace food"): the person had been counting on it, so its loss is answered before anything else
the turn said, from the persona file's optional `acts.taken_back` lines, the thing said back where a line
names it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Offered, fold, sentences
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at
from coach.wording import named_most

# What marks a turn as going back on what was said: "after all", "actually", "it turns out", news just in.
_GOING_BACK = re.compile(
    # "Actually, ..." or "... today actually", not "have you actually taken that in"
    r"(?:^|[,.;!] ?)actually\b|\bactually(?:[,.!]|$)|"
    r"\b(?:after all|turns out|change of plan|scrap that|forget what i said|not any ?more|no longer|"
    r"(?:go|going|gone) back on|"
    r"i've (?:just )?(?:been told|found out|heard|checked)|i'm afraid (?:it's|that's|we)|"
    # second thoughts and own mistakes: "thinking about it, we can't", "sorry, I am wrong, it's booked"
    r"thinking about it|on second thoughts?|oh wait|i (?:am|was) wrong|i got (?:that|it) wrong|"
    r"i shouldn't have said|i spoke too soon|i take (?:that|it) back)\b"
)
# What says the thing cannot happen now: it can't or won't, or a state that rules it out; not any "not"
# ("actually, I'm not sure that's right" takes nothing back).
_RULED_OUT = re.compile(
    r"\b(?:can't|cannot|can not|won't|will not|(?:is|are)n't going to|not going to|not possible|"
    r"not happening|unable to|booked|closed|shut|busy|full|cancelled|off|taken|in use|locked|"
    r"(?:is|are)?n't allowed|not allowed|(?:doesn't|don't|not) come)\b"
)
# A word that points back at the thing: "we can't go in there after all", "that's off".
_POINTS_BACK = re.compile(r"\b(?:there|it|that|this|them|those)\b")


def taken_back_answers(typed: str, earlier: list[Offered], persona: Persona, band: Band) -> Iterator[Pool]:
    """Their answer to losing one of the `earlier` offers or promises (newest last) when `typed` takes it
    back and the file writes the lines; nothing otherwise."""
    lines = persona.listening.acts.taken_back
    folded = fold(typed)
    if lines is None or not earlier or not _GOING_BACK.search(folded):
        return  # most turns: nothing goes back on anything, and nothing more is read
    said = sentences(folded)
    for at, sentence in enumerate(said):
        # "I've got to go back on that. I can't do either this afternoon.": the no may come a sentence on.
        said_so = " ".join(said[at : at + 2])
        # a question takes nothing back ("have you actually taken that in?")
        if sentence.rstrip().endswith("?") or not (
            _GOING_BACK.search(sentence) and _RULED_OUT.search(said_so)
        ):
            continue
        thing = _named(said_so, earlier, persona) or (earlier[-1] if _POINTS_BACK.search(said_so) else None)
        if thing is not None:
            yield lines_at("taken_back", lines, band, offer=thing.words)
            return


def _named(sentence: str, earlier: list[Offered], persona: Persona) -> Offered | None:
    """The newest earlier offer the sentence names: its listed offer, or its words."""
    listed = named_most(sentence, persona.listening.offers)
    for thing in reversed(earlier):
        if (listed is not None and thing.listed == listed) or (thing.words and thing.words in sentence):
            return thing
    return None
