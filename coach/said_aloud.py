"""What a staff turn's spoken words say about who is there and whom they are said to: someone else takes
over ("Hannah's going to take over from me"), a number of staff ("there are four of us"), staff presented
by name ("Oh, here's Marek!"), and words said to a colleague rather than to the patient ("Steph, can you
come here a minute?"). Read with coach.acted, which reads the acted lines."""

from __future__ import annotations

import re

from coach.grading.rules.text import split_turn
from coach.wording import fold, sentences


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Said aloud: someone else takes over ("Hannah's going to take over from me", "I'm handing you over to
# Kemi", "Kemi's your nurse for the rest of today"), or how many staff are there.
HANDOVER_SAID = re.compile(
    r"\b(?:(?:take|taking|took) over|hand(?:ing)? (?:you )?over to|swap(?:ping)? with|"
    # "Who's your named nurse?" asks who it is; it says nobody takes over.
    r"(?<!i'm )(?<!i am )(?<!\bwho)(?<!\bwho )"
    # "Grace is the nurse on tonight": someone on later takes over nothing now.
    r"(?:is|'s|will be) (?:your|the) (?:nurse|named nurse|key ?worker)"
    r"(?! on (?:tonight|later|nights|the night|this evening|the late|the night shift))|"
    r"(?<!i )(?<!we )(?:will|'ll|is going to|'s going to) (?:look after|keep an eye on) you)\b"
)
# A handover set for later in the same sentence ("after that Sunita will be your nurse", "Grace takes over
# from two", "tomorrow Kemi will look after you"): nobody takes over now.
_LATER = re.compile(
    r"\b(?:after (?:that|this|then|lunch|tea|dinner|handover|my shift|\w+ o'clock|\d)|later|tomorrow|"
    r"tonight|(?:from|at|after) (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|"
    r"midday|\d)|when (?:i go|i leave|i finish|my shift)|(?:on|for) the (?:late|night|next) shift)\b"
)


def hands_over_now(speech: str) -> bool:
    """True when folded `speech` says someone else takes over from the speaker now, not later."""
    if not HANDOVER_SAID.search(speech):
        return False  # most turns: one search
    return any(HANDOVER_SAID.search(s) and not _LATER.search(s) for s in sentences(speech))


STAFF_COUNT_SAID = re.compile(
    r"\b(?:there (?:are|'re)|we(?:'ve| have) got|we have) (two|three|four|five|six|several|lots|loads) "
    # people counted somewhere else or tied up ("two people on one to ones", "three off sick") are not here
    r"(?:of us|staff|nurses|people)\b(?! (?:on|off|in|at|out|away|with|who|that|to|needing|doing)\b)|"
    r"\bwe(?:'re| are) all here\b|\bthe whole team\b"
)
# Said aloud of someone there, by name ("Oh, here's Marek!", "This is Gav and Pete"): staff who have come.
# Read with its capitals, so a name is a name; a day, a month or a possessive ("here's Tom's card") is not.
_PRESENTED = re.compile(
    r"\b(?:[Hh]ere's|[Hh]ere is|[Tt]his is|[Mm]eet) (?:my colleague |our )?([A-Z][a-z]+)\b(?!')"
    r"(?: and ([A-Z][a-z]+)\b)?"
)
_GREETED = re.compile(r"\b(?:hi|hello|hiya|hey|morning|afternoon|evening)\b", re.IGNORECASE)
_CALENDAR = frozenset(
    _words(
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
        "July August September October November December Christmas Easter"
    )
)

# Words said to a colleague, not to the patient: the speech opens by calling someone by a name that is not
# theirs ("Steph, can you come here a minute?", "Gill - have you got a sec?") or asks anyone within earshot
# for help ("Can somebody give me a hand?"). A greeting first ("Hi Beth, ...") is the speaker's own
# hello, and the words after it are for whoever they greet.
_VOCATIVE = re.compile(
    r"^\W*([A-Z][a-z]+)\s*(?:,|-|–|—|\?)\s*(?:[A-Z][a-z]+\s*,\s*)?"
    r"(?=(?:(?:can|could|would|will|have|are|do|did) you|you|come|pop|give|grab|get|bring|over|quick|"
    r"got a|need)\b)",
    re.IGNORECASE,
)
# A colleague asked to fetch a thing ("can you grab a few cards out the cupboard?") calls nobody; asked to
# get someone ("can you grab Jo?", "get the nurse in charge") they do.
ASKS_TO_COME = re.compile(
    r"\b(?:come (?:here|over|in|and)|over here|a (?:sec|second|minute|moment|mo|hand)|give (?:me|us) a hand|"
    r"help me|need (?:you|a hand|some help)|can you (?:come|pop)|are you free|"
    r"can you (?:grab|get|bring|fetch)\b"
    r"(?! (?:me |us |him |her )?(?:a|an|some|a few|any|his|her|their|my|that|this|these|those|"
    r"the (?!(?:nurse|doctor|nic|team|charge|manager|security|ward manager)\b))\b))\b"
)
# What opens a sentence before a comma without being anybody's name: interjections, endearments, fillers.
_NOT_A_NAME = frozenset(
    _words(
        "sorry right okay ok look listen well so now yes yeah yep no nope nah naw please mate love pet "
        "hun hen babe sweetheart darling pal buddy sir madam honestly alright oh ah aw och thanks cheers "
        "sure fine great good hang wait hold excuse just here there anyway actually again also and but "
        "because hmm um er erm see hey hiya hi hello morning afternoon evening night bye ta gosh god "
        "jeez blimey wow aye lad lads guys folks everyone everybody anyone somebody someone dear dearie "
        "chuck duck flower ha haha hahaha hehe lol"
    )
)
# A word that breaks off from the patient before a colleague is called: "Sorry, one sec. Sam, can you ..."
_BREAK_OFF = re.compile(
    r"^\W*(?:sorry|excuse me|hang on|hold on|bear with me|one (?:sec|second|moment|mo|minute)|"
    r"just a (?:sec|second|moment|mo|minute)|oh)\b[^.!?]{0,20}[.!?]\s+",
    re.IGNORECASE,
)


def without_break_off(speech: str) -> str:
    """`speech` without a first sentence that breaks off from the patient ("Hang on a sec."): what follows
    is said to whoever it names, and the break-off asks nobody to come."""
    return _BREAK_OFF.sub("", speech, count=1)


_ANYONE = re.compile(r"\b(?:can|could) (?:somebody|someone|anybody|anyone)\b")


# An acted line that opens the turn and says the words are for a colleague: "*to colleague*", "*to the
# nurse going off shift*", "*quietly, to the other nurse*".
_ASIDE = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?\*\s*(?:\w+,?\s+)?(?:turns\s+|turning\s+|says\s+|speaking\s+)?to\s+"
    r"(?:a\s+|the\s+|her\s+|his\s+|their\s+|my\s+|another\s+|the\s+other\s+|one\s+of\s+the\s+)?"
    r"(?:colleague|nurse|staff|hca|doctor|student|support\s+worker|team|other\s+nurse|[a-z]+\s+nurse)",
    re.IGNORECASE,
)
# An acted line that turns to the patient: "*turns to Nadia*", "*turns back to her*".
_TURNS_TO = r"\*\s*(?:then\s+)?turns?\s+(?:back\s+)?to\s+(?:{name}|her|him|them)\b[^*]*\*"


def spoken_to_colleague(staff_text: str, patient_name: str = "") -> bool:
    """True when the words of `staff_text` are said to a colleague, not to the patient: they open by
    calling a name that is not the patient's, or with an acted line that says so, or ask anybody about for
    a hand."""
    if _ASIDE.match(staff_text):
        return True
    speech = split_turn(staff_text).speech.replace("’", "'").strip()
    called = _VOCATIVE.match(without_break_off(speech))
    if called:
        name = called.group(1)
        if not name[0].isupper():
            return False
        called_name = fold(name)
        patient = {fold(w) for w in patient_name.split()}
        # A short form of their own name is them ("Cal" for Callum, "Nads" for Nadia); "Seriously, ..." and
        # "Honestly, ..." are said to whoever is there, as the other words of `_NOT_A_NAME` are.
        theirs = any(len(called_name) >= 3 and p[:3] == called_name[:3] for p in patient)
        aside = len(called_name) >= 7 and called_name.endswith("ly")
        return not (called_name in patient | _NOT_A_NAME or theirs or aside) and name not in _CALENDAR
    return bool(_ANYONE.search(fold(speech)))


def turned_back(staff_text: str, patient_name: str) -> str | None:
    """The words of a turn that opens to a colleague and then turns to the patient by name ("Sam, can you
    grab the cards? Callum, Sam's bringing some over now"): from the patient's name on, which are said to
    them; None when the turn is not said to a colleague or does not turn back."""
    first = patient_name.split()[0] if patient_name.split() else ""
    if _ASIDE.match(staff_text):
        # "*to colleague* So this is Nadia ... *turns to Nadia* Hi, I'm Carl": from the turning on.
        turn = re.search(_TURNS_TO.format(name=re.escape(first) if first else "x"), staff_text, re.IGNORECASE)
        return staff_text[turn.end() :].strip() or None if turn else None
    if len(first) < 3 or first[:3].lower() not in staff_text.lower():
        return None  # most turns: their name is not in it, and it is not read further
    if not spoken_to_colleague(staff_text, patient_name):
        return None
    # A sentence that opens with their name, or a short form of it ("Cal"), said to them before a comma;
    # not another name that starts the same way ("Mark" is not Marcus).
    for back in re.finditer(
        rf"(?<=[.!?])\s+((?:(?:right|okay|ok|so|now|sorry|sorry about that|thanks),?\s+)?"
        rf"({re.escape(first[:3])}[a-z]*)\s*[,.!\-–—])",
        staff_text,
        re.IGNORECASE,
    ):
        if first.lower().startswith(back.group(2).lower()):
            return staff_text[back.start(1) :].strip()
    return None


def presented_by_name(speech: str, patient: frozenset[str]) -> int:
    """How many staff the speech presents by name as there ("here's Marek", "this is Gav and Pete")."""
    for match in _PRESENTED.finditer(speech):
        if _GREETED.search(re.split(r"[.!?]", speech[: match.start()])[-1]):
            continue  # "Hi Beth, this is Jo": the speaker saying who they are
        names = [n for n in match.groups() if n and n not in _CALENDAR and fold(n) not in patient]
        if names:
            return len(names)
    return 0
