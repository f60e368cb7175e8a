"""Sarcasm read by its shape: praise, sympathy or service offered in a form that says the opposite.

Most mockery in the corpus is sarcasm, not name-calling (evals/calibration/README.md, "Threats by implied
force, losses by their grammar, and sarcasm by its shape"). Its words are ordinary ("medal", "hotel",
"well done"); what makes it mockery is the shape they sit in, aimed at the person:
- a reward or an honour offered as a question ("want a trophy?", "shall we roll out the red carpet?"), or
  the news of it mock-announced ("I'll tell the papers"): an exaggerated reward for something trivial;
- the ward said not to be a place of luxury or service ("this isn't a hotel", "you're on a ward, not at a
  spa", "I didn't realise this was a restaurant"): a comparison that casts the person as demanding;
- mock sympathy: an interjection of pity for a trivial hardship ("poor you, having to queue"), crying
  mimed ("boo hoo"), or a question that flatters ("aren't you clever");
- praise for a disruptive act ("well done for screaming the place down"), not for its absence;
- agreement that turns ("oh yes, because shouting will get it posted"), and a service offered with a
  tag that mocks it ("I'll just drop everything, shall I?", "... while I'm at it?").
A compliment said straight ("you deserve a medal for putting up with that"), sympathy for a real hardship
("you poor thing, that sounds awful"), praise for something done well, and a question that offers a real
thing ("do you want a biscuit?") are none of these shapes. Someone else's words ("he said ...") are not
the speaker's.
"""

from __future__ import annotations

import re

from coach.grading.rules.dispatch import dispatched
from coach.grading.rules.phrase import Feature, Hit
from coach.grading.rules.text import lowered_sentence_spans

WHY = (
    "Sarcasm says the opposite of its words to belittle: the person hears contempt, and respect is the first "
    "thing an agitated person checks for (Project BETA: do not be provocative; no humiliation)."
)

# Honours and rewards nobody gives for ordinary things.
_REWARD = (
    r"(?:medal|trophy|prize|award|certificate|gold star|round of applause|applause|standing ovation"
    r"|pat on the back|red carpet|fanfare|parade|knighthood|rosette)"
)
_OFFERED = re.compile(
    rf"\b(?:(?:do|d'|did|would)\s*(?:you|u|ya)\s+(?:want|like|expect)|(?:you|u|ya)\s+(?:want|expecting|expect)"
    rf"|^\W*(?:oh\s+)?want|(?:shall|should|do you want)\s+(?:i|we|me to|us to)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:get|give|buy|fetch|order|roll out|lay on|throw|organise|arrange|award|hand)"
    rf"(?:\s+(?:you|u|ya))?)\s+(?:(?:a|an|the|some|another)\s+)?(?:\w+\s+)?{_REWARD}\b[^.!?]*\?"
)
# The news of a trivial thing mock-announced.
_ANNOUNCED = re.compile(
    r"\b(?:(?:i'?ll|let me|better|shall i|someone)\s+(?:\w+\s+)?(?:alert|call|ring|phone|tell|tip off)\s+"
    r"(?:the\s+)?(?:media|papers|press|newspapers|news|bbc)|stop the press(?:es)?|hold the front page)\b"
)
# Places of luxury or service the ward is said not to be.
_VENUE = (
    r"(?:(?:five|5)[- ]star\s+\w+|luxury\s+\w+|hotel|spa|holiday camp|holiday park|butlins|resort|restaurant"
    r"|caf[eé]|b\s*&\s*b|bed and breakfast|the ritz|the savoy|the hilton|hilton|travelodge|premier inn"
    r"|cruise(?: ship)?|palace|room service|masterchef|nursery|cr[eè]che|playgroup|kindergarten"
    r"|butler service|health farm|country club|courtroom|holiday)"
)
_NOT_A_VENUE = re.compile(
    rf"\b(?:(?:this|it|here|we|the ward|this ward|this place)(?:'s|\s+is|'re|\s+are)?\s*"
    rf"(?:not|n't|isn't|aren't|is not|are not|ain't)\s+(?:a|an|the|at|in|some|running|run)?\s*"
    rf"(?:\w+\s+)?{_VENUE}"
    rf"|(?:didn't|did not|never|don't|do not)\s+(?:realise|realize|know|knew|see|saw)\s+(?:that\s+)?"
    rf"(?:[\w']+\s+){{0,4}}?(?:a|an|in|into|at|the)\s+(?:\w+\s+)?{_VENUE}"
    rf"|\b(?:ward|hospital|unit)\W*(?:,\s*)?(?:and\s+)?not\s+(?:a|an|at|in|the)?\s*(?:\w+\s+)?{_VENUE}"
    rf"|\bthink\w*\s+(?:this|it|you're|youre|you are)\s+(?:is\s+)?(?:a|an|at|in)\s+(?:\w+\s+)?{_VENUE})\b"
    # a clause that describes the place ("a hotel I'd pick", "a cafe that ...") is no comparison
    r"(?!\s+(?:i|i'd|id|i'm|im|we|we'd|you'd|that|which|where|who)\b)"
)
# Mock sympathy: pity for a trivial hardship, crying mimed, flattery asked as a question.
_MOCK_PITY = re.compile(
    r"\b(?:boo[- ]?hoo|diddums|my heart bleeds|cry me a river|(?:smallest|tiny|little) violin"
    r"|poor[- ]me\b|(?:oh\s+)?poor (?:you|baby|diddums|little (?:you|me|thing|lamb))[,!]?\s+"
    r"(?:having|being|getting|forced|stuck|made|asked|told)"
    r"|(?:aren't|arent|ain't)\s+(?:you|we)\s+(?:just\s+|so\s+)?(?:special|clever|precious|important"
    r"|the clever one|the special one|a clever (?:one|clogs)|a special one|a little \w+|a bright spark"
    r"|a smart one)"
    r"|(?:ooh|oh)\s+(?:la[- ]?di[- ]?da|get (?:you|her|him)))\b"
)
# Praise for a disruptive act: "well done for kicking off", not "well done for not shouting".
_DISRUPTIVE = (
    r"(?:shout|scream|yell|swear|kick|smash|break|broke|throw|threw|slam|bang|punch|hit|upset|wak|wind|wound"
    r"|annoy|ruin|spill|trash|sulk|moan|whing|whin|storm|stomp|fight|start|wreck|flood|set off|stress|lose"
    r"|lost|miss|refus|insult|offend)\w*"
)
_PRAISED = re.compile(
    r"\b(?:well done|congratulations|congrats|bravo|good job|nice one|nice work|great work|great job"
    r"|good work|top marks|brilliant|gold star|what an achievement|good effort)\b\W*(?:,\s*\w+\s*,\s*)?"
    r"(?:for|on)\s+"
    rf"(?P<between>(?:\w+\s+){{0,4}}?){_DISRUPTIVE}"
)
# Agreement that turns: "oh yes, because ..." and a service offered with a mocking tag.
_TURNED = re.compile(
    r"^\W*(?:oh\s+(?:yeah|yes|yep|sure|right|aye)|yeah|yes|sure|right|aye)\s*,?\s+because\b"
    r"(?=.*\b(?:going to|gonna|will|'ll|definitely|obviously|totally|course|that's|thats|always)\b)"
    r"|\b(?:i'?ll|let me|i will|i can)\s+just\b[^.!?]{3,120}?,\s*(?:shall|should|will|can)\s+i\s*\?"
    r"|\b(?:while|whilst)\s+(?:i'?m|i am|im)\s+at\s+it\s*\?"
)
_REPORTED = re.compile(r"\b(?:said|says|told|tells|telling|asked|called|calls|shouted|reckons|goes)\b")
_NEGATED = re.compile(r"\b(?:not|never|no)\b|n't\b")

# The shapes as written above, in the order they are tried, and as they are run: each alternation keyed by
# first character (coach.grading.rules.dispatch), the same matches and groups, in about two thirds of the
# time (tests/test_rule_dispatch.py compares both on the corpus's sentences).
SHAPES = (_OFFERED, _ANNOUNCED, _NOT_A_VENUE, _MOCK_PITY, _TURNED, _PRAISED)
KEYED = tuple(re.compile(dispatched(shape.pattern)) for shape in SHAPES)
_KEYED_SHAPES, _KEYED_PRAISED = KEYED[:-1], KEYED[-1]


def sarcasm(speech: str) -> list[Hit]:
    """Each sentence of the spoken text whose shape is sarcasm aimed at the person, as a hit on the words."""
    out = []
    for at, text in lowered_sentence_spans(speech):  # the rare sentence left out: the learned heads read it
        match = _sarcastic(text)
        if match is None or _REPORTED.search(text, 0, match[0]):
            continue
        out.append(Hit.on_speech(Feature.sarcasm, WHY, speech, at + match[0], at + match[1]))
    return out


def _sarcastic(text: str) -> tuple[int, int] | None:
    """Where in the sentence a sarcastic shape is, if any."""
    for shape in _KEYED_SHAPES:
        match = shape.search(text)
        if match is not None:
            return match.start(), match.end()
    praised = _KEYED_PRAISED.search(text)
    if praised is not None and not _NEGATED.search(praised.group("between")):
        return praised.start(), praised.end()
    return None
