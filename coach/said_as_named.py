"""A call or a visit put in other words than the persona file's, said the way its offers name them: "put
you through to Samira" is ringing Samira, "the pharmacist could come up" is seeing the pharmacist. The
offer readings (coach.offers) match the persona's listed offers on the words this gives back."""

from __future__ import annotations

import re

# "give your sister a ring": the ringing is the thing offered.
_A_RING = re.compile(r"^give (.+?) a (ring|call|bell)\b")


# Someone other than staff or the patient, as a subject or an object: "samira", "your sister", "the housing
# officer". Not a pronoun: "i can come and see you" names nobody new.
_SOMEONE = (
    r"(?!(?:i|we|you|it|that|this|there|they|he|she)\b)"
    r"((?:(?:your|the|her|his|my) )(?:[a-z]+ )?[a-z]+|[a-z]+)"
)
_WILL = r"(?:can|could|will|'ll|would|is going to|'s going to|is gonna|'s gonna)"


# A call or a visit put in other words than the persona file's, said the way its offers are named: a call
# put through or got on the line ("put you through to Samira", "get Leon on the phone") is ringing them; a
# third party ringing them or coming to them ("the housing officer can ring you back", "your sister could
# pop in at two") is ringing or seeing that party.
_SAID_AS = (
    (re.compile(r"\bput (?:you|him|her|them) (?:through|over) to\b"), "ring"),
    (re.compile(rf"\bget {_SOMEONE} on the (?:phone|line|blower)\b"), r"ring \1"),
    (
        re.compile(
            rf"\b{_SOMEONE} {_WILL} "
            r"(?:give you a (?:ring|call|bell)|(?:ring|call|phone) (?:you|the ward|here))\b"
        ),
        r"ring \1",
    ),
    (
        re.compile(
            rf"\b{_SOMEONE} {_WILL} (?:come (?:in|up|over|round|by|down|and see you)|"
            r"pop (?:in|up|over|round|by|down)|visit|see you)\b"
        ),
        r"see \1",
    ),
)


def said_as_named(text: str) -> str:
    """`text` (folded) with a call or a visit put the way the persona's offers name it: "put you through to
    samira at ten" -> "ring samira at ten", "the pharmacist could come up" -> "see the pharmacist"."""
    text = _A_RING.sub(r"\2 \1", text)
    for pattern, plainly in _SAID_AS:
        text = pattern.sub(plainly, text)
    return text
