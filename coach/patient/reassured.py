"""Being told that something they fear is not happening: "nobody's going to hold you down", "your leave's
still agreed, nobody's taken it off you", "you're not in trouble", "I'm not going to write you up". The
persona file's optional `acts.reassured` lines take it in as this person would (relief, doubt, asking for
it to be true) by band; a bare "No." or "No, it doesn't." before it answers their worry and turns nothing
down (coach.patient.reacting). A reassurance with a condition ("nobody will hold you, so long as you stay
calm") is leverage, not this (the grader's threat rules read it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Act, Reading, sentences
from coach.grading.rules.dispatch import compile_keyed
from coach.models import ReplyKind
from coach.offers import KEEP_YOURS
from coach.patient.base import PatientContext
from coach.patient.pools import Pool, lines_at
from coach.spelling import plain_words

# What might be done to them, or taken from them: not "take you to the shop" nor "sent the letter" (things
# not done for them are no reassurance).
_HARM = (
    r"(?:make you|force|forcing|grab|grabbing|hold|holding|hurt|hurting|touch|touching|inject|injecting|jab|"
    r"drag|dragging|restrain|restraining|punish|punishing|lock|locking|section|sectioning|blame|blaming|"
    r"stop|stopping|stopped|cancel|cancelled|cancelling|"
    r"take(?:n)? (?:it |them |that |this |\w+ )?(?:off|away from|from) you|take(?:n)? (?:away )?your|"
    r"taking (?:away )?your|(?:put|send|sent|sending|move|moved|moving|report|reported) you|"
    r"coming in|come in)"
)
# Not when it hangs on what they do: "nobody will hold you down, so long as you stay calm" is leverage.
_NO_CONDITION = r"(?![^.!?]*\b(?:so long as|as long as|if you|unless|provided|but if)\b)[^.!?]*"
REASSURING = (
    # "nobody is going to force these on you", "no one's taken your leave off you"
    rf"\b(?:nobody|no one|no-one)(?:'s| is| has| will|'ll)? (?:going to |gonna )?{_HARM}\b{_NO_CONDITION}|"
    # "I'm not going to write you up", "we're not moving you", "I won't make you"
    r"\b(?:i|we)(?:'m| am|'re| are)? (?:not (?:going to|gonna) |not |won't )"
    r"(?:make you|force|grab|hold|write (?:you|it|that|this|anything) (?:up|down)|report you|inject|drag|"
    r"touch|send you|move you|moving you|stop you|"
    rf"section|punish|lock|restrain|blame|blaming)\b{_NO_CONDITION}|"
    # "you're not in trouble", "you won't lose your leave", "you're not being moved"
    r"\bnot in (?:any )?trouble\b|\byou(?:'re| are)? not (?:being|going to be|gonna be) "
    r"(?:moved|punished|sent|sectioned|blamed|held|injected|locked|kept|told off|written up)\b|"
    r"\byou (?:won't|will not|aren't going to|are not going to) (?:lose|be (?:moved|punished|sent|sectioned|"
    r"blamed|held|injected|locked|in trouble|told off|written up))\b" + _NO_CONDITION + "|"
    # what is theirs is still theirs: "your leave's still agreed", "your phone's still yours"
    r"\byour \w+(?: \w+)?(?:'s| is| are|'re) still (?:on|agreed|yours|going ahead|happening|booked|allowed|"
    r"fine|safe|there|okay|ok|in place|coming)\b|"
    r"\b(?:that's|that is|it's|it is|this is|this isn't|it isn't) (?:not )?a punishment\b|"
    r"\b(?:it|that|this) (?:won't|will not|doesn't|does not) (?:count|go|be held) against you\b|"
    r"\bnothing(?:'s| has) changed\b|\bno injection\b|"
    # what is theirs left with them: "you can keep your coat on", "you can hang on to your phone"
    rf"\byou can {KEEP_YOURS}"
)
_REASSURES = compile_keyed(REASSURING)
# "No.", "No, it doesn't.", "no no": the answer to their worry, said before what puts it right.
_NO_TO_THE_WORRY = re.compile(
    r"^(?:(?:no|nah|nope)\b(?:,? no\b)?(?:,? (?:it|that|you|they|he|she|we|i) (?:doesn't|does not|isn't|"
    r"is not|won't|will not|hasn't|has not|aren't|are not|didn't|did not|haven't|have not|wasn't|weren't|"
    r"'re not|'m not|'s not))?"
    # "It isn't.", "You won't.": the answer alone, in a sentence of its own
    r"|(?:it|that|you|they|he|she) (?:isn't|won't|doesn't|hasn't|aren't|'re not|'s not)(?=[.!]))[ ,.!]*"
)


def reassures(text: str) -> bool:
    """Whether staff's `text` tells them something they fear is not happening, with no condition on it."""
    return bool(_REASSURES.search(plain_words(text)))


def without_no_to_the_worry(folded: str) -> str:
    """`folded` (a staff turn, folded) without a bare "No." or "No, it doesn't." that opens a reassurance:
    it answers their worry and turns nothing down."""
    rest = _NO_TO_THE_WORRY.sub("", folded, count=1)
    return rest if rest != folded and _REASSURES.match(rest) else folded


def reassured_answers(ctx: PatientContext, now: Reading, kind: ReplyKind) -> Iterator[Pool]:
    """The persona's lines for being reassured, when the latest turn's first sentence or half its sentences
    reassure (read as `now`, it asks, offers and puts to them no choice, which they would answer first) and
    it landed (`kind`) as neither a threat nor a brush-off: "don't you worry, nobody's taking your flat" is
    the empty reassurance the rubric calls dismissive. What staff promise is answered before it
    (coach.patient.answer_pools)."""
    lines = ctx.persona.listening.acts.reassured
    text = ctx.history[-1].text if ctx.history else ""
    if lines is None or kind in (ReplyKind.threatened, ReplyKind.dismissed):
        return
    if now.questions or now.offers or now.options or now.has(Act.threat):
        return
    said = sentences(without_no_to_the_worry(plain_words(text)))
    comforting = [bool(_REASSURES.search(s)) for s in said]
    if comforting and (comforting[0] or 2 * sum(comforting) >= len(comforting)):
        # Said first ("You're not in trouble. I will have to write down there was shouting ..."), or most of
        # the turn. "The doctor wants bloods at eight, to check the level. It's not a punishment.": news with
        # a word of comfort after it is answered as the news (coach.patient.news).
        yield lines_at("reassured", lines, ctx.state.band)
