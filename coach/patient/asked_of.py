"""What a staff turn asks of the patient, read by kind so the reply answers that and not something near it:
a small doing where they are (sit up for the cuff, hold out an arm, take the cup), the reason behind what
they want ("why does that matter to you?", "what would seeing it tell you?"), leave for staff to go
("d'you want me to go back out?"), or agreement to what staff propose ("would that be okay?").

A small doing is not a move: "I'm staying here" answers "come to the dining room", not "sit up a sec". A
question for the reason behind a want is answered from the persona's need, goal or fear, not by the want
said again. Staff offering to go is space offered, answered yes or no by how the persona takes space; asked
to agree, they say yes or no first.
"""

from __future__ import annotations

import re

from coach.grading.rules.dispatch import compile_keyed
from coach.wording import fold, sentences

# The body, and what is handed to them, named by kind: a doing with these stays where they are.
_BODY = (
    r"(?:arms?|hands?|wrists?|fingers?|sleeves?|feet|foot|legs?|head|tongue|mouth|chin|back|shoulders?|"
    r"chest|side)"
)
_HANDED = r"(?:cup|mug|glass|drink|cuff|thermometer|blanket|tissues?|water|pen|form)"
_IN_PLACE = compile_keyed(
    r"\b(?:sit|sitting|lean|leaning|prop|propping|shuffle|shuffling) (?:yourself )?(?:up|forward)\b|"
    r"\b(?:roll|rolling|turn|turning) (?:over|onto|on to|towards me)\b|"
    r"\b(?:hold|holding|put|putting|pop|popping|stick|sticking|give|giving|lift|lifting|raise|raising|"
    r"show|showing|rest|resting|roll|rolling|pull|pulling|open|opening|stretch|stretching)"
    rf"(?: out| up| back)? (?:me )?(?:your|an?|the|that|this)(?: \w+)? {_BODY}\b|"
    r"\bopen (?:wide|up)\b|\bbreathe\b|\bbreathing\b|"
    rf"\b(?:take|taking|hold|holding|have|having|grab|grabbing) (?:this|that|these|the|a|my|your)"
    rf"(?: \w+)? {_HANDED}\b|"
    r"\b(?:take|taking|have|having) a (?:\w+ )?(?:sip|mouthful|breath)\b"
)
# The words without one of which no small doing is asked (the pattern is slow to run on every turn).
_IN_PLACE_WORDS = frozenset(
    [
        "arm",
        "arms",
        "hand",
        "hands",
        "wrist",
        "wrists",
        "finger",
        "fingers",
        "sleeve",
        "sleeves",
        "feet",
        "foot",
        "leg",
        "legs",
        "head",
        "tongue",
        "mouth",
        "chin",
        "back",
        "shoulder",
        "shoulders",
        "chest",
        "side",
        "cup",
        "mug",
        "glass",
        "drink",
        "cuff",
        "thermometer",
        "blanket",
        "tissue",
        "tissues",
        "water",
        "pen",
        "form",
        "up",
        "forward",
        "over",
        "onto",
        "on",
        "towards",
        "wide",
        "breathe",
        "breathing",
        "breath",
        "sip",
        "mouthful",
    ]
)
_WORD = re.compile(r"[a-z]+")
# A doing that goes somewhere, whatever else it asks: then it is a move, answered as one.
_MOVES = re.compile(
    r"\b(?:come|coming|go|going|walk|walking|follow|following|head|heading|step|stepping|move|moving|"
    r"leave|leaving|join|joining|get up|getting up|stand|standing)\b"
)


def asks_small_doing(text: str, requests: list[str]) -> bool:
    """True when what the turn `text` asks them to do (its `requests`, read by coach.acts, or a sentence
    that starts with the doing: "Pop your arm out for me.") is a small doing where they are, with their
    body or a thing handed to them, going nowhere."""
    if not _IN_PLACE_WORDS & set(_WORD.findall(fold(text))) or not _IN_PLACE.search(fold(text)):
        return False  # most turns name no body part nor thing handed: no pattern run, no sentences read
    asked = [fold(r) for r in requests]
    asked += [s for s in map(fold, sentences(text)) if _IN_PLACE.match(_LEAD.sub("", s))]
    return any(_IN_PLACE.search(r) for r in asked) and not any(_MOVES.search(r) for r in asked)


# An address or a softener before the doing: "beth, just pop your arm out", "okay, sit up for me".
_LEAD = re.compile(
    r"^(?:[a-z]+, )?(?:(?:right|now|okay|ok|so|just|please|go on),? )*"
    r"(?:would you mind (?:just )?|(?:could|can|would|will) you (?:please |just |maybe )?|"
    r"if you could (?:just )?)?"
)


# The reason behind what they want, asked: why it matters, what it would tell them, what they fear.
_PURPOSE = re.compile(
    r"\b(?:matters? (?:to you|so much|that much|most)|(?:so|that|really) important|important (?:to|for) you|"
    r"mean(?:s)? (?:so much |a lot )?to you|means? so much|"
    r"(?:would|will|could|might) (?:\w+ ){0,6}?(?:tell|give|show|do for|change for|change) you|"
    r"difference (?:would|will|does|it'd|it would|it makes)|hoping|hope for|"
    r"(?:worried|afraid|scared|frightened) (?:of|about|might|will|could|that)|"
    r"(?:worries|scares|frightens) you|the worry|the fear|putting you off|stopping you|"
    # what the thing they want is for: "what's the shop trip in aid of?", "what do you need it for?"
    # (not "what's the extension number for the office?", which asks the number)
    r"in aid of|(?:(?:what's|what is) (?:it|that|this|the [a-z]+(?: [a-z]+)?)|"
    r"(?:need|want) (?:it|that|them|one|the [a-z]+)) for(?:,? (?:anyway|then|exactly|again|mate|love))?\W*$)"
)
# What the question is about may be put first, a part or two before it ("today, the shop, why is it so
# important?").
_ASKS_WHY = re.compile(
    r"^(?:[a-z' ]*[,:-] )*(?:so |and |okay,? |ok,? |right,? |well,? |sorry,? |help me understand,? |"
    r"can i ask,? |can you tell me,? |tell me,? )*(?:why|how come|what)\b"
)


def asks_why(question: str) -> bool:
    """True when `question` asks why ("why does it matter?", "how come?"): a "because" answers it."""
    return bool(_WHY.search(fold(question)))


_WHY = re.compile(
    r"^(?:[a-z' ]*[,:-] )*(?:so |and |okay,? |ok,? |right,? |well,? |sorry,? )*(?:why|how come)\b"
)


def without_because(line: str) -> str:
    """A reason line as the answer to a what-question: "Because it's my home." -> "It's my home."."""
    return _BECAUSE.sub(lambda m: m.group(1).upper(), line)


_BECAUSE = re.compile(r"^because (\w)", re.IGNORECASE)


def asks_purpose(question: str) -> bool:
    """True when `question` asks the reason behind what they want or fear ("why does that matter to you?",
    "what would seeing the box tell you?", "what are you worried will happen?"), not a fact about why
    something happened ("why didn't you answer the door?")."""
    folded = fold(question)
    if _WHY.search(folded) and _MATTERS.search(folded):
        return True  # "why does that matter?", "why's it so important?"
    # "What are you hoping Dr Shah says?" asks what they expect of someone else, not why they want a thing.
    return (
        bool(_ASKS_WHY.search(folded)) and bool(_PURPOSE.search(folded)) and not OTHERS_DECIDE.search(folded)
    )


# What they hope or expect someone else will say or decide: "what are you hoping the doctor says?", "what
# do you expect the tribunal to decide?".
OTHERS_DECIDE = re.compile(
    r"\b(?:hoping|hope|expecting|expect|think)\b(?! (?:to|for)\b)(?: (?!you\b|i\b)[a-z']+){1,3} "
    r"(?:says?|said|does|decides?|will|'ll|would|'d|agrees?|to (?:say|decide|agree))\b"
)


_MATTERS = re.compile(
    r"\b(?:matters?|important|bothers? you|so big|(?:big|massive|huge) deal)\b|"
    # "why's it got to be today?", "why do you need to see it?": why the want cannot be otherwise
    r"^[^?]*\bwhy(?:'s| is| does| do| has)? (?:it|that|this|you) "
    r"(?:got to|gotta|have to|has to|need to|needs to|need|must)\b|"
    # "why don't you want them tonight?": the reason behind their no
    r"^[^?]*\bwhy (?:don't|won't|wouldn't|can't|didn't) you (?:want|like|fancy|trust|take|have)\b|"
    r"^[^?]*\bhow come you (?:don't|won't|wouldn't|didn't) (?:want|like|fancy|trust|take|have)\b"
)


# Staff proposing to go or to give them room: "d'you want me to go back out?", "shall I leave you to it?".
_TO_GO = re.compile(
    r"(?<=me to )go\b(?! (?:and|get|fetch|find|ask|see|check|to|with|for)\b)|"
    r"\b(?:go (?:back )?(?:out|away)|leave you(?: (?:to it|alone|be|for a bit|in peace))?|step out|pop out|"
    r"come back (?:later|in a bit|another time|in \w+ minutes)|give you (?:some |a bit of |a minute|a moment|"
    r"more )?(?:space|room|time|minute|moment|peace)|back off|head off|get (?:out of your \w+|off|going))\b"
)


def offers_to_go(text: str) -> bool:
    """True when a question of the staff turn `text` proposes that staff leave them or give them room."""
    folded = fold(text)
    if "?" not in folded or not _TO_GO.search(folded):
        return False  # most turns: one search, no sentences read
    return any(
        s.endswith("?") and _PROPOSING.search(s) and _TO_GO.search(s) for s in map(fold, sentences(text))
    )


_PROPOSING = re.compile(
    r"\b(?:(?:shall|should) (?:i|we)|want (?:me|us) to|would you (?:like|rather) (?:me|us) to|"
    r"(?:ok|okay|alright|all right) if i|mind if i|would it help if i)\b"
)


# Asking them to agree to what staff propose to do: "would that be okay?", "is that alright with you?",
# "mind if I sit here?", "how does that sound?". Answered yes or no first, the rest with it.
_AGREEMENT = compile_keyed(
    r"^(?:how's|how is) (?:that|this)\W*$|"
    r"\b(?:(?:would|will|is|'s|does) (?:that|it|this) (?:be )?(?:ok|okay|alright|all right|any good|help)|"
    r"is that (?:ok|okay|alright|all right)|(?:do you |d'you )?mind if i|(?:ok|okay|alright|all right) if i|"
    # Said as a statement with a question mark, as learners of English often put it: "It is okay for you?"
    r"(?:that|this|it) (?:is|'s) (?:ok|okay|alright|all right|good) (?:for|with) you\b|"
    r"(?:is|'s) (?:that|this|it) (?:ok|okay|alright|all right|good) (?:for|with) you\b|"
    # "Is okay like this?", "okay here?", "is okay?": the "it" left out, as learners of English may
    r"^(?:(?:so|and|sorry|now),? )*(?:is )?(?:ok|okay|alright|all right)"
    r"(?: (?:like this|like that|here|there|so|for you|with you))?\W*$|"
    r"how (?:does|would) (?:that|this|it) (?:sound|be)|(?:does|would) (?:that|this) (?:sound|work) "
    r"(?:ok|okay|alright|all right|good|any good)?|that (?:sound|work) (?:ok|okay|alright|all right|good))"
)


def asks_agreement(question: str) -> bool:
    """True when `question` asks them to agree to what staff propose to do: a yes or a no answers it."""
    folded = fold(question)
    return bool(_AGREEING_WORDS & set(_WORD.findall(folded))) and bool(_AGREEMENT.search(folded))


_AGREEING_WORDS = frozenset(["ok", "okay", "alright", "all", "good", "help", "mind", "sound", "work", "how"])
