"""The options of an either-or in a staff turn, in the trainee's words: "shall I stay by the door or go?"
-> "stay by the door", "go"; "soup or a jacket potato. I can bring either" -> "soup", "a jacket potato".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from coach.wording import HOUR_WORDS, fold, sentences


def options_of(said: str) -> tuple[str, ...]:
    """The options of the first either-or in `said` (a whole staff turn), or () when it offers none."""
    options = next((o for s in sentences(said) if len(o := either_or(s)) >= 2), ())
    if not options or any(_EITHER.search(o) for o in options):
        # "I can bring either on a tray, or nothing": "either" is one of the options said before it.
        options = _options_then_which(sentences(said)) or options
    return options


# The "or" that joins options, not the one in "or not", "or something", "a minute or two".
_EITHER_OR = re.compile(r",? or (?!(?:not|something|anything|what|whatever|so|two|three|more|less|else)\b)")
_OPTION_LEAD = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well|then),? )*"
    r"(?:(?:shall|should|can|could) (?:i|we)|(?:i|we) (?:could|can)|"
    r"(?:do|would|d') ?you "
    r"(?:want|like|prefer|rather|sooner)(?: (?:me|us))?(?: to)?|would it (?:help|be better) if (?:i|we)|"
    r"is it(?: better if (?:i|we))?|are you|was it|were you|do you|did you|is that|are they|would you|"
    r"there(?:'s| is| are)|(?:we|i)(?:'ve| have) got|(?:do you )?fancy|how about|what about)\s+"
)


# A question's verb and its subject first: "were your old ones ...", "is the quiet room ..." (not a doing
# offered: "do this here ... or go somewhere").
_STILL_ASKING = re.compile(r"^(?:was|were|is|are|has|have|had) (?:your|my|his|her|their|the|those|these)\b")
# "Have you had any pain or dizziness?", "have you managed to eat or drink anything?": an "or" inside
# "any" asks yes or no, not which.
_ANY = re.compile(r"\bany(?:thing|one|body|where)?\b")
# "What is the name, and she or he is what to you?": "she or he" is one person, not two things to choose.
_PERSONAL = re.compile(r"\b(?:he|she|him|her|they|them) or (?:he|she|him|her|they|them)\b")


# What follows an option is not part of it: "juice, if I bring you something", "toast first, seeing as ...".
# "... or shall I read it and you stop me if I get anything wrong?": "if" ends an option without a comma too.
_OPTION_TAIL = re.compile(
    r",\s*(?:if|when|once|seeing as|since|because|as)\b.*$|\s+if (?:i|you|we|that|it)\b.*$"
)


def either_or(sentence: str) -> tuple[str, ...]:
    """The options of an either-or question ("shall I stay by the door or go?" -> "stay by the door",
    "go"), each without the lead the first one carries; empty when the sentence offers no choice."""
    folded = fold(sentence).strip()
    if decided := _WHETHER_YOURS.match(folded):  # "whether you ... or ... is up to you": a choice put
        folded = f"would you {decided.group(1)}?"
    if " or " not in folded or not (folded.endswith("?") or _OPTION_LEAD.match(folded)):
        return ()
    parts = [p.strip(" ,") for p in _EITHER_OR.split(folded.rstrip("?!. "))]
    options = tuple(
        _OPTION_TAIL.sub("", _OPTION_LEAD.sub("", p, count=1)).strip() for p in parts if p.strip(" ,")
    )
    if len(options) < 2 or not all(options) or _PERSONAL.search(folded):
        return ()
    if any(_ANY.search(o) for o in options):
        return ()
    # "Did I say I'd come back at seven or eight?": when the last option is only a time or a day, the
    # choice is between that and the time or day the first one ends with, not the whole first clause.
    end = _TIME_OR_DAY.search(options[0])
    if _TIME_OR_DAY.fullmatch(options[-1]) and end and end.start() > 0:
        options = (end.group(0), *options[1:])
    # "Were your old ones yellow or blue?": a first option that still opens as a question asks whether its
    # subject is the one or the other, so the choice is between its last words and the last option.
    if _STILL_ASKING.match(options[0]) and len(options[0].split()) > len(options[-1].split()):
        options = (" ".join(options[0].split()[-len(options[-1].split()) :]), *options[1:])
    # "I can ask for you to go in first thing, or later on when it's quieter?": when the last option starts
    # with when, the first is the when it ends with ("first thing"), not the doing both share.
    when = _WHEN_AT_END.search(options[0]) or _WHEN_IN.search(options[0].split(",")[0])
    if _WHEN_FIRST.match(options[-1]) and when and when.start() > 0:
        options = (when.group(0).strip(), *options[1:])
    # "Do you want it right shut, or left a bit open?": the thing both options are about is not part of the
    # first ("right shut", not "it right shut").
    first = options[0].split()
    if len(first) > 1 and first[0] in _OBJECTS and options[1].split()[0] != first[0]:
        options = (" ".join(first[1:]), *options[1:])
    return options


_OBJECTS = frozenset(("it", "them"))


# "Whether you have a word with him yourself or leave it with us is up to you": the choice is theirs.
_WHETHER_YOURS = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well|look),? )*whether (?:you )?(.+ or .+?),? (?:is|'s) "
    r"(?:(?:entirely |totally |completely )?up to you|your (?:call|choice|decision))\b"
)


_WHENS = (
    r"(?:first thing|later on|later|earlier|now|right now|straight away|tonight|tomorrow|"
    r"this (?:morning|afternoon|evening)|(?:after|before) (?:lunch|tea|dinner|supper|breakfast))"
)
_WHEN_AT_END = re.compile(rf"(?<![\w'])(?:in the morning|{_WHENS})(?: (?:morning|today|tomorrow))?$")
_WHEN_FIRST = re.compile(
    rf"^(?:maybe |or )?(?:{_WHENS}|at (?:half |quarter )?(?:past |to )?(?:\d|{HOUR_WORDS}))\b"
)
# A when inside the first option's first clause: "help you ring them now, on the office phone".
_WHEN_IN = re.compile(rf"(?<![\w'])(?:{_WHENS})\b")


_HOURS_AND_DAYS = (
    r"(?:half |quarter )?(?:past |to )?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\d{1,2}(?::\d\d)?(?:\s*[ap]m)?)(?: o'clock| ?[ap]m)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"today|tonight|tomorrow"
)
_TIME_OR_DAY = re.compile(rf"(?<![\w'])(?:{_HOURS_AND_DAYS})$")


# "..., or first we write it together. Which one you prefer?": a choice stated, then asked.
_WHICH = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well),? )*(?:which(?: one| of them| of those| would you| do you| you)?\b|"
    r"what (?:would|do) you prefer\b|you (?:decide|choose|pick)\b|(?:it's )?up to you\b|"
    r"(?:when|where|who) (?:would|do) you (?:rather|prefer|want)\b|(?:when|what|which) suits\b|your call\b)"
)


def asks_which(sentence: str) -> bool:
    """True when `sentence` only asks them to choose between options put before it ("When would you
    rather?", "Which one?", "Your call."): it has no topic of its own."""
    return bool(_WHICH.match(fold(sentence)))


# "Either" or "whichever" standing for the options of the sentence before: "I can bring either."
_EITHER = re.compile(r"\b(?:either|whichever)\b(?! way\b)")


# A statement that says a choice is coming or was just put: "two ways we can do this", "you've got a
# choice", and after it "either way it goes today".
_ANNOUNCED = re.compile(
    r"\b(?:two|a couple of|a few) (?:ways|options|choices|things (?:we|i) (?:can|could) do)\b|"
    r"\byou(?:'ve| have)(?: got)? (?:a|the) choice\b|\b(?:it's|that's) your (?:choice|call)\b"
)
_EITHER_WAY = re.compile(r"\b(?:either way|whichever (?:way|one)|both work)\b")


def _options_then_which(said: Sequence[str]) -> tuple[str, ...]:
    """The options of a statement with an "or" that the next sentence asks them to choose between, says
    either way suits, or that the sentence before it announces ("Two ways we can do this. I ..., or you
    ...")."""
    for before, after in pairwise(said):
        if " or " in fold(before) and (
            _WHICH.match(fold(after)) or _EITHER.search(fold(after)) or _EITHER_WAY.search(fold(after))
        ):
            options = either_or(before.rstrip(".!") + "?")
            if options:
                return options
        if " or " in fold(after) and _ANNOUNCED.search(fold(before)):
            options = either_or(after.rstrip(".!") + "?")
            if options:
                return options
    return ()
