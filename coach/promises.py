"""What staff say they will do for the patient, read from a turn ("I'll ring your sister", "I'm taking you
to the shop at four") and put as the patient would quote it back ("you'd ring my sister"); and what is
done for someone else ("I'll get Ryan a sandwich"), which is neither offered nor promised to them."""

from __future__ import annotations

import re

from coach.offered_phrase import patient_side, short

# Staff taking themselves off ("I'll get out of your hair", "I'll get off now"): a going, not a thing given.
GOING_OFF = r"(?:get (?:out|off|going)|head off|shoot off|push off|make a move)\b"


PROMISE = re.compile(
    r"\bi(?:'ll| will| am going to|'m going to) "
    # "I'll leave you to it" is going; "I'll leave a jug of water by the door" gives them something.
    r"(?!be\b|stay\b|leave\b(?! (?:a|an|some|you a|you some|you an) )|go\b|come back\b|check\b|"
    rf"{GOING_OFF}|give you (?:some )?(?:space|time|a minute))([a-z' ]{{3,}})"
)


NEW_CLAUSE = re.compile(
    r"\b(?:(?:and|so|then|but) (?:we|i|you|she|he|they)(?:'ll|'d| will| can| could)?|"
    r"and (?:ask|see|check|find|let|tell|make|have|go|sort|take|pass|explain))\b.*"
)


# Something arranged, said in the present ("I'm taking you to the shop myself at four", "I'm sitting down
# with you this minute"): a promise when it is done to or with them; "I'm doing the medicines" is not.
_UNDER_WAY = {
    "taking": "take",
    "bringing": "bring",
    "getting": "get",
    "ringing": "ring",
    "phoning": "phone",
    "calling": "call",
    "sitting": "sit",
    "booking": "book",
    "putting": "put",
    "sorting": "sort",
    "doing": "do",
}
ARRANGED_FOR_THEM = re.compile(
    rf"\bi(?:'m| am) ((?:{'|'.join(_UNDER_WAY)}) (?:down |up |in |out )?"
    r"(?:you|your|with you|for you|it for you|them for you)\b[a-z' ]*)"
)


def as_promise(doing: str) -> str:
    """An arranged doing said as a promise would be ("taking you to the shop" -> "take you to the shop")."""
    verb, _, rest = doing.partition(" ")
    return f"{_UNDER_WAY.get(verb, verb)} {rest}".strip()


def promised(words: str) -> str:
    """What staff said they would do, as the patient would quote it back: "you'd ring my sister"."""
    doing = NEW_CLAUSE.sub("", words).strip()
    return "you'd " + patient_side(short(doing))


# A thing given to someone else: "get Ryan a sandwich", "make him a tea", "make sure he gets a sandwich".
# One word between the giving and the thing is who gets it, unless it is the patient, "us" or a particle
# ("bring over a chair").
_TO_SOMEONE_ELSE = re.compile(
    r"^(?:you'd )?(?:(?:get|make|bring|fetch|grab|find|give|buy|pour|order|save|keep) "
    r"(?!(?:you|yourself|ya|us|me|back|over|up|down|in|out|round|along|across|it|that|this|one)\b)"
    r"[a-z']+ (?:a|an|some|his|her|their|another|the)\b(?! (?:ring|call|bell|buzz|shout)\b)|"
    r"(?:make sure|ensure|see to it|see that|make certain) (?:that )?(?!you\b)[a-z']+ (?:gets?|has|have)\b)"
)


def for_someone_else(clause: str) -> bool:
    """True when `clause` (folded, its lead taken off; a promise may open with "you'd") gives a thing to
    someone other than the patient: no offer to them, and no help promised them."""
    return bool(_TO_SOMEONE_ELSE.match(clause))
