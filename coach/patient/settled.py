"""What a staff turn settled about the thing it offered, and the answers to it put in order by that: lines
that ask when come last when the turn said when (coach.patient.timing), lines that ask who will do it
("Who's doing it?", "But it's you, is it?") when it said who ("I'll post it myself", "Jo will come at
four"), and lines that ask or tell where ("Could you leave it on the table?") when it said where ("on the
side", "at the postbox"). An answer that asks for what was just said is not listening; such lines stay for
a turn that left it open."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from coach.patient.pools import Pool, presuming_last
from coach.patient.timing import timed
from coach.wording import fold

# The speaker says they will do it ("I'll post it", "I'm going to bring her", "I can take it down myself"),
# or names who will ("Jo will come", "my colleague's going to ring"): capitals are read in the turn as typed.
_SAYS_WHO = re.compile(
    r"(?i:\b(?:i'll|i will|i'm going to|i am going to|i'm gonna|i can|let me)\b|\bmyself\b|"
    # "I'm sitting down with you this minute", "me and you": the speaker, doing it now.
    r"\bi(?:'m| am) [a-z]+ing (?:down )?(?:with|for) you\b|\b(?:me and you|you and me)\b|"
    r"\b(?:my colleague|my manager|the (?:nurse|doctor|social worker|pharmacist))\b)|"
    # Someone named ("Jo will come at four"), by the capital of their name.
    r"\b(?!(?:It|That|This|There|What|Which|Who|Everything|Nothing|Someone|Somebody|Nobody|Things?)\b)"
    r"[A-Z][a-z]+(?: the [a-z]+(?: [a-z]+)?)?(?: will|'ll| is going to|'s going to| is coming|'s coming)\b"
)
# A place where it will be done or left: "on the side", "to your room", "at the entrance postbox"; not a time
# said the same way ("in a minute", "in the morning").
_SAYS_WHERE = re.compile(
    r"\b(?:in|on|at|into|to|by|outside|inside|next to) (?:the|your|my|a) "
    r"(?!(?:minute|moment|bit|sec|second|while|morning|afternoon|evening|night|week|end|time|way)\b)\w+"
)
# A line that asks who will do it, or checks it is this one.
_ASKS_WHO = re.compile(
    r"\bwho(?:'s| is|'ll| will)\b[^.!?]*\?|\byou, is it\b|\bis it you\b|\bare you the one\b|\bnot 'someone'"
)
# A line that asks where, or tells staff where to put it.
_ASKS_WHERE = re.compile(r"\bwhere\b[^.!?]*\?|\b(?:leave|put|bring) it (?:on|in|by|at|to) (?:the|my)\b")


def settled(text: str, pools: Iterable[Pool]) -> Iterator[Pool]:
    """Answers to what `text` (the staff turn as typed) offered, lines that ask for what it settled last:
    when (coach.patient.timing), who will do it, and where."""
    folded = fold(text)
    who = bool(_SAYS_WHO.search(text))
    where = bool(_SAYS_WHERE.search(folded))
    for pool in timed(folded, pools):
        parts = presuming_last(pool, _ASKS_WHO) if who else iter((pool,))
        yield from (
            last for part in parts for last in (presuming_last(part, _ASKS_WHERE) if where else (part,))
        )
