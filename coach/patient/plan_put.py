"""A plan put to them to agree: "So: Sam takes Ryan to the lounge, you and me walk out to the garden. Yes?",
"Tonight you start off in the small lounge and the night nurse pops in every hour. Deal?", "you rest now, I
come back in one hour. Is good for you?". Whatever the plan's words name, what the turn asks is whether they
go along with it, so they answer that first: the persona's answers to what is put to them (the band's
`options` replies: yes, no, maybe, or yes with a question), as they answer a proposal.
"""

from __future__ import annotations

import re

from coach.grading.rules.dispatch import compile_keyed
from coach.patient.asked_of import asks_agreement
from coach.wording import fold, sentences

# The ask that puts it to them, as the turn's last words: "Deal?", "Yes?", "You agree with this?", "Can you
# do that?", "Is good for you?", "Are you happy with that?"; not a bare "okay?" or "yeah?", which staff tag
# onto anything they say ("I'm just going to stand here, okay?").
_AGREE_ASK = compile_keyed(
    r"(?:^|[,;:.] ?)(?:(?:so|and|right|okay|ok|then),? )*"
    r"(?:deal|agreed|yes|fair|sound(?:s)? (?:good|ok|okay|alright|fair)|"
    r"(?:are )?you (?:ok|okay|alright|all right|happy|good|fine) with (?:that|this|it)(?: plan)?|"
    r"(?:do )?you agree(?: with (?:that|this|it))?|(?:can|could|will) you (?:do|live with) (?:that|this)|"
    r"(?:is|'s) (?:that|this|it) (?:a )?(?:deal|plan|fair)|(?:is )?good for you|"
    r"(?:is )?(?:ok|okay|alright) for you|are you up for (?:that|it)|happy with that)\?$"
)
# What will happen, said before the ask: a time or an order of things, someone who will do something, what
# they or staff can do.
_PLAN = re.compile(
    r"\b(?:you'll|we'll|i'll|he'll|she'll|they'll|will|going to|gonna|then|plan|tonight|tomorrow|"
    r"this (?:afternoon|evening)|after|once|first|later|in (?:an?|one|two|half an) (?:hour|minute)s?|"
    r"(?:you|we|i) (?:can|could)|let's|how about|come back|pop (?:in|back)|at (?:\d|half|quarter)|"
    r"from there)\b|"
    # a plan summed up: "so: Sam takes Ryan to the lounge, ...", "here's the plan"
    r"^so: |\bhere's (?:the plan|what)\b"
)

_THEIRS = re.compile(r"\b(?:you|your|you're|you'll)\b")
_OF_IT = re.compile(r"\b(?:that|this|it)\b")
_IF_I = re.compile(r"\bif (?:i|we)\b")


def puts_plan(typed: str) -> bool:
    """True when `typed` (a staff turn) lays out what will happen and ends by asking them to agree to it."""
    said = sentences(fold(typed).strip())
    if not said:
        return False
    last = said[-1]
    ask = _AGREE_ASK.search(last)
    # "Does that work for you?" of what was said before it, not "okay if I sit here?", which proposes itself
    put_back = last.endswith("?") and asks_agreement(last) and _OF_IT.search(last) and not _IF_I.search(last)
    if ask is None and not put_back:
        return False
    laid_out = [*said[:-1], last[: ask.start()] if ask else ""]
    # what they or others will do, not only where staff will be ("I'll stand here. Is that okay?")
    return any(_PLAN.search(s) for s in laid_out) and any(_THEIRS.search(s) for s in laid_out)
