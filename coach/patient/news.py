"""Being told something: a reason, a rule, news or what happens next, said as a statement with nothing asked,
offered, promised or refused in it ("Jo from social work rang, she's coming up at four to go through the
letter"; "turns out the pharmacy switched supplier on Tuesday"). The persona file's `told` lines take it in
and ask what it means for them. Without them, or where the turn is a no in words that can carry one (the
grader may read a no into good news with a time: coach.patient.reacting), a brush-off or a threat, the
band's lines for how the turn landed answer it, as before."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Act, Reading
from coach.grading.rules.dispatch import compile_keyed
from coach.models import ReplyKind
from coach.patient.base import PatientContext
from coach.patient.pools import Pool, lines_at
from coach.patient.reacting import sounds_like_a_no
from coach.spelling import plain_words
from coach.wording import DAYS, HOUR_WORDS, fold

# Words that tell: a reason, a rule, who rang or said what, what was found, what is arranged and when.
_TELLING = re.compile(
    r"\b(?:because|'cause|cos|that's why|which is why|the rules?|policy|rang|phoned|rung|emailed|"
    r"said|says|turns out|found out|checked|is coming|are coming|'s coming|coming up|coming in|popping in|"
    r"will be|'ll be|booked|changed|switched|decided|agreed|authorised|detained|section|starts?|"
    rf"tomorrow|tonight|this (?:afternoon|evening)|at (?:\d|{HOUR_WORDS}|half)|on (?:{DAYS}))\b"
)
_MIN_WORDS = 5
# Staff saying what they will not or cannot do.
_REFUSING = compile_keyed(r"^no\b|\b(?:i|we)(?:'m| am|'re| are)? (?:not|can't|cannot|won't|couldn't)\b")


def told_answers(ctx: PatientContext, now: Reading, kind: ReplyKind) -> Iterator[Pool]:
    """The persona's lines for being told something, when the latest turn (read as `now`) tells and does
    nothing else the patient answers: no act read in it but a no its words cannot carry, no question, and
    `kind` (what the reply would otherwise be, a no only where the words carry one) neither a no, a
    brush-off nor a threat."""
    lines = ctx.persona.listening.acts.told
    text = ctx.history[-1].text if ctx.history else ""
    # A no the grade read into words that cannot carry one ("Jo's coming up at four to go through it") is
    # no act of the turn to the person hearing it (coach.patient.reacting).
    heard = now.acts - {Act.refusal} if not sounds_like_a_no(text, now) else now.acts
    if lines is None or heard or "?" in text or kind not in (ReplyKind.validated, ReplyKind.neutral):
        return
    said = fold(plain_words(text))
    if _REFUSING.search(said):
        return  # "No, I'm not going through the box with you tonight": a no, whatever the grade heard
    if len(said.split()) >= _MIN_WORDS and _TELLING.search(said):
        yield lines_at("told", lines, ctx.state.band)
