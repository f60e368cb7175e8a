"""Staff promising or reassuring more than anyone could know: "I'll get Ryan to say sorry tonight,
guaranteed", "you'll definitely be home by Friday", "it'll all be fine". A person who has been let down
doubts it (the persona file's optional `acts.too_sure` lines), before the promise is taken up as if it
could be kept; a plain "I'll come back at eight" is no such promise."""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.acts import Reading
from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at
from coach.wording import DAYS, fold

# Words that make a promise or a reassurance sure beyond what staff can know.
_SURE = compile_keyed(
    r"\b(?:guarantee(?:d)?|i swear|hundred per ?cent|100 ?(?:%|per ?cent)|definitely|for definite|"
    r"for sure|for certain|without fail|no doubt about it|you have my word|i give you my word|trust me|"
    r"believe me|take my word for it)\b|"
    r"\b(?:it|everything|it all)(?:'ll| will)(?: all)? (?:be|turn out) "
    r"(?:fine|ok|okay|alright|all right|sorted)\b|"
    r"\b(?:you've|you have) (?:got )?nothing (?:at all )?to worry about\b"
)
# What staff will do, or what will be for them ("you'll be home by Friday"); not what someone else said
# they will do, passed on ("Samira says she'll definitely be here at two").
_WILL = re.compile(r"\b(?:you'll|you will|you won't|it'll|it will|it won't|i'll|i will|we'll|we will)\b")

# "Tomorrow, mate, I promise, first thing": a promise for another day, which this shift cannot bind; "I'll
# be with you in five minutes, I promise" is staff's own to keep.
_I_PROMISE = re.compile(r"\bi promise\b")
_ANOTHER_DAY = re.compile(
    rf"\b(?:tomorrow|first thing|next week|(?:by|on|till|until) (?:{DAYS})|at the weekend|"
    r"(?:by|on|at) (?:the )?(?:weekend|ward round))\b"
)


def too_sure_answers(typed: str, now: Reading, persona: Persona, band: Band) -> Iterator[Pool]:
    """Their doubt when `typed` promises or reassures beyond what staff could know and their file writes
    the lines; nothing otherwise."""
    lines = persona.listening.acts.too_sure
    text = fold(typed)
    sure = _SURE.search(text) and (now.promises or _WILL.search(text))
    if lines is not None and (sure or (_I_PROMISE.search(text) and _ANOTHER_DAY.search(text))):
        yield lines_at("too_sure", lines, band)
