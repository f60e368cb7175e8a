"""A reason given is not asked for again: when the staff turn says why ("... because two staff are on
one-to-ones", "the packets changed, so they look different"), a reply that asks a bare "why?" of it reads
as if nobody had explained. Lines that ask why of what the turn explained come after every other line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from coach.grading.rules.dispatch import compile_keyed
from coach.patient.pools import Pool, lines_first
from coach.wording import fold, sentences, stems

# Words that give the reason for what a turn says: "because", "'cause", "cos", "due to", "that's why", "the
# reason is", "so" between two clauses ("we're short, so the trip's off"), "since" and "as" opening a
# clause of their own.
_REASON = compile_keyed(
    r"\b(?:because|'cause|cause|cos|coz|due to|that's why|that is why|the reason (?:is|was|being)|"
    r"which is why|on account of)\b|[a-z], so (?:we|i|you|it|they|there|the|your|that)\b|"
    r"(?:^|, )(?:since|as) (?:we|i|it|they|there|the|your|two|no)\b"
)

# A why-question that asks the reason again: a bare "why?", "why not?", "but why?", "tell me why", "why
# can't I ...?", "why should I?", "why is it off?". Not a why about what staff are doing now ("why are you
# shouting?", "why are there so many of you?"): that asks about something else the turn did.
_BARE_WHY = re.compile(r"^\W*(?:but |so |and |then )?why(?:,? (?:not|though|then|now|today|again))?\W*$")
_WHY_AGAIN = re.compile(
    r"\b(?:tell me why|why (?:can't|won't|couldn't|should|shouldn't|not|is (?:it|that|this)|has (?:it|that))|"
    r"what for\b|give me (?:a|one) reason)"
)
_WHY_AT_STAFF = re.compile(r"\bwhy (?:are|is|were|do|did|have) (?:you|there|everyone|they all)\b")


# A rule given as the only reason ("them's the rules", "because it's policy", "because I said so"): no
# reason at all, which a person asks the reason for.
_RULES_ONLY = compile_keyed(
    r"(?:\b(?:because|'cause|cause|cos|coz) )?(?:"
    r"\b(?:them's|them are|those are|these are|that's|it's|them's just|that's just) (?:just )?the rules\b|"
    r"\brules (?:is|are) rules\b|\b(?:it's|that's|it is|that is) (?:a |the )?(?:ward |hospital |trust )?"
    r"(?:rule|policy)\b|\b(?:of )?(?:the )?(?:rules|policy)\b(?= *[.!]|$)|\bi said so(?:,? that's why)?\b|"
    r"\bthat's (?:just )?(?:how it is|the way it is|how it works)\b)"
)


def gives_reason(text: str) -> bool:
    """True when the staff `text` gives a reason for what it says (a rule alone is none)."""
    return bool(_REASON.search(_RULES_ONLY.sub(" ", fold(text))))


def rules_only(text: str) -> bool:
    """True when the staff `text` gives a rule as its only reason."""
    return bool(_RULES_ONLY.search(fold(text))) and not gives_reason(text)


def asking_why_first(pools: Iterable[Pool]) -> Iterator[Pool]:
    """The pools with their lines that ask why first: told only that it is the rule, they ask the reason."""
    for pool in pools:
        yield from lines_first(pool, lambda line: any(_ASKS_WHY.search(s) for s in sentences(fold(line))))


_ASKS_WHY = re.compile(r"\b(?:why|what for|says who|whose rule|who says|what's the reason)\b.*\?$")


def asks_why_again(line: str, staff_text: str) -> bool:
    """True when a sentence of the patient's `line` asks the reason for what `staff_text` explained: a bare
    why, or a why-question about the same thing (a content word shared with the explained words)."""
    explained = stems(fold(staff_text))
    for sentence in sentences(fold(line)):
        if not sentence.endswith("?") or ("why" not in sentence and "what for" not in sentence):
            continue
        if _BARE_WHY.match(sentence) or _WHY_AGAIN.search(sentence):
            return True
        if not _WHY_AT_STAFF.search(sentence) and stems(sentence) & explained:
            return True
    return False


def explained_last(pools: Iterable[Pool], staff_text: str, keep: bool = True) -> Iterator[Pool]:
    """The pools with their lines that ask why of what `staff_text` explained taken out, then, after all
    of them, those lines (`keep`), or never (a lead: the answer can stand alone): asking again is the last
    thing left to say, not the next."""
    deferred: list[Pool] = []
    for pool in pools:
        asking = tuple(line for line in pool.lines if asks_why_again(line, staff_text))
        yield replace(pool, lines=tuple(line for line in pool.lines if line not in asking))
        deferred.append(replace(pool, lines=asking))
    if keep:
        yield from deferred
