"""Name-calling read by its addressee: a belittling word said of the person ("you're pathetic", "you big
baby", "acting like a toddler", "nice one, Einstein"), not of a thing ("a stupid rule"), not denied ("you're
not pathetic for crying", "nobody thinks you're stupid") and not someone else's words ("he called you an
idiot"). The rubric's mockery flag names name-calling; the words are a class (what belittles a person), and
what makes a hit is that they are aimed at the person by the speaker.
"""

from __future__ import annotations

import re

from coach.grading.rules.phrase import Feature, Hit
from coach.grading.rules.text import lowered_sentence_spans

WHY = (
    "Calling the person names belittles them; respect is the first thing an agitated person checks for "
    "(Project BETA: do not be provocative; no humiliation)."
)

# Words that belittle a person when said of them.
_BELITTLING = (
    r"(?:baby|big baby|cry ?baby|child|toddler|brat|princess|diva|kid|idiot|stupid|moron|muppet|pathetic"
    r"|loser|nutter|nut ?job|lunatic|weirdo|freak|numpty|plonker|dickhead|imbecile|clown|joke|drama queen"
    r"|attention seeker|psycho|loony|nuts|mental|childish|spoilt|spoiled|einstein|genius|sherlock"
    r"|your majesty|missy)"
)
_DEGREE = r"(?:(?:just|such|so|being|acting like|behaving like|like|a|an|the|absolute|complete|total|right"
_DEGREE += r"|real|proper|big|little|spoilt|spoiled|silly|bloody|fucking|massive)\s+)*"
_SAID_OF_YOU = re.compile(
    rf"\b(?:you(?:'re|\s+are|re|\s+r)|ur|you\s+(?:act|acting|behave|behaving|sound|look)|(?:act|acting"
    rf"|behave|behaving)\s+like)\s+{_DEGREE}{_BELITTLING}\b"
    rf"|\byou\s+{_DEGREE}{_BELITTLING}\b(?!\s+(?:\w+\s+)?(?:is|was|are|were|who|that))"
    rf"|\b(?:don't|dont|do not|stop)\s+(?:be|being)\s+{_DEGREE}{_BELITTLING}\b"
    rf"|,\s*{_BELITTLING}\W*$"
)
# "not", "never" or "nobody thinks" just before it, or someone else's words ("he called you").
UNDO_REACH = 25  # characters before the words: "nobody here thinks you're", not a "not" clauses earlier
_UNDONE = re.compile(
    r"\b(?:not|never|n't|nobody|no one|no-one|isn't|aren't|called|calls|calling|said|says|say|thinks"
    r"|think|reckons|told|tells)\b|n't\b"
)

_DENIED = re.compile(r"\b(?:not|never)\b")


def name_calling(speech: str) -> list[Hit]:
    """Each sentence of the spoken text that calls the person a belittling name, as a hit on the words."""
    out = []
    for at, text in lowered_sentence_spans(speech):  # the rare sentence left out: the learned heads read it
        for match in _SAID_OF_YOU.finditer(text):
            if _UNDONE.search(text, max(0, match.start() - UNDO_REACH), match.start()) or _DENIED.search(
                match.group()
            ):
                continue
            out.append(Hit.on_speech(Feature.name_calling, WHY, speech, at + match.start(), at + match.end()))
    return out
