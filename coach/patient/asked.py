"""What kind of content a question asks for, and whether a line carries it: "When did you first notice?"
asks for a time, so of the patient's lines on the topic the one that says "Since Tuesday" answers it;
"Where had you kept it?" asks for a place; "How did it build up?" for a reason.

Read from the question's first words alone (what, when, where, who, why, how many ...), so a question on a
topic the persona can speak to gets the line that answers it, not merely a line on that topic, and a
question for a fact the persona does not hold ("what time does Jo finish?") gets "I don't know" instead of
a fact that is near it.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from coach.asking import SCENE_SET
from coach.grading.rules.dispatch import compile_keyed
from coach.wording import DAYS, HOUR_WORDS, fold, stems


class Asked(StrEnum):
    clock = "clock"  # what time
    deadline = "deadline"  # by when
    since = "since"  # when did it first happen, when did it start
    time = "time"  # when, how long ago, since when
    place = "place"  # where
    person = "person"  # who
    number = "number"  # how many, how much
    age = "age"  # how old
    often = "often"  # how often
    reason = "reason"  # why, how come, how did it happen
    looks = "looks"  # what did it look like, what colour
    kind = "kind"  # what kind of, which sort of: the word that picks one out ("lamb" curry)
    means = "means"  # what with: what a thing was done with ("what did you label it with?")
    code = "code"  # a postcode, a phone number, an address: a string they know by heart or do not
    words = "words"  # what someone else said or says: "what's Ryan saying about it?"


# "What kind of curry", "what make of fridge", "which breed of dog": the word that picks one out.
_KIND_WORDS = r"(?:kinds?|sorts?|types?|flavou?rs?|brands?|makes?|models?|breeds?|variet(?:y|ies))"
_LEAD = (
    r"^(?:so |and |okay,? |ok,? |right,? |well,? |sorry,? |"
    r"(?:do|did|d') ?you (?:happen to )?(?:know|remember),? )*"
)
_ASKS: tuple[tuple[Asked, re.Pattern[str]], ...] = (
    (
        Asked.kind,
        re.compile(_LEAD + rf"(?:what|which) {_KIND_WORDS} of\b"),
    ),
    (Asked.clock, re.compile(_LEAD + r"(?:what time|at what time)\b")),
    (
        Asked.deadline,
        re.compile(
            _LEAD + r"(?:(?:by|until|till|til) (?:when|(?:what|which) (?:day|date|time))\b|when\b.*\bby\??$|"
            r"what(?:'s| is) the deadline)"
        ),
    ),
    (
        Asked.since,
        re.compile(
            _LEAD + r"(?:when\b.*\b(?:first|start|began|begin)|how long(?:'ve| have| has|'s)\b|"
            # "How long you are here already?": the span so far, its "have" left out
            r"how long (?:you|u|he|she|they) (?:are|is|been|stay(?:ed)?|living|lived)\b"
            r"(?!.*\b(?:going|gonna|will)\b)|"
            r"since (?:what|which) (?:time|day|night|date)\b)"
        ),
    ),
    (
        Asked.time,
        re.compile(_LEAD + r"(?:when|since when|how long ago|(?:what|which) (?:day|night|date)s?)\b"),
    ),
    (Asked.place, re.compile(_LEAD + r"(?:where(?:abouts)?|which (?:room|shelf|ward|fridge|place))\b")),
    (
        Asked.person,
        re.compile(
            # not "who do you support?": a team, not a person
            _LEAD + r"(?:who(?! (?:do|d'you|d'ya) (?:you |ya )?(?:support|follow)\b)|whose|"
            r"which (?:nurse|one|person|member|doctor|doc|consultant|psychiatrist|"
            r"pharmacist|(?:social )?worker|relative|friend)|"
            r"what(?:'s| is| was) (?:the |their |his |her )?name|(?:know )?the name of|"
            # "the support worker's name": the name of someone known by what they are, not "your sister's"
            r"(?:the|that|this) (?:[a-z]+ ){0,2}[a-z]+'s (?:first |full |last )?name|"
            r"what(?:'s| is| was| are| were) (?:the |your |their |his |her )?\w+(?: \w+){0,3} called\b|"
            r"(?:is there|have you got|do you have) (?:anyone|anybody|someone|somebody))\b"
        ),
    ),
    (Asked.often, re.compile(_LEAD + r"how often\b")),
    # What someone else said, says or reckons ("what did the doctor tell you?", "what's Ryan saying?"), not
    # what they themselves say (a view, or a "say that again").
    (
        Asked.words,
        re.compile(
            _LEAD + r"what(?:'s| is| was| were| did| does| do| has| have) (?!you\b|i\b)(?:[\w']+ ){1,4}"
            r"(?:say|says|saying|said|tell|telling|told|reckon|reckons|reckoned)\b"
        ),
    ),
    (
        Asked.looks,
        re.compile(
            _LEAD + r"(?:what (?:colou?r|shape|size)\b|"
            r"what (?:do|does|did|was|were|is|are)\b.*\blook(?:ed)? like\b)"
        ),
    ),
    (Asked.number, re.compile(_LEAD + r"(?:how (?:many|much))\b")),
    (Asked.age, re.compile(_LEAD + r"how old\b")),
    # After the people: "which nurse would you like to talk with?" asks for a person, and being happy with,
    # sitting with someone or talking with them is a view or a company, not what a thing was done with.
    (
        Asked.means,
        re.compile(
            _LEAD + r"(?:(?:what|which \w+) .*(?<!happy )(?<!ok )(?<!okay )(?<!fine )(?<!comfortable )"
            r"(?<!sit )(?<!talk )(?<!speak )(?<!stay )(?<!go )(?<!come )(?<!help )(?<!deal )"
            r"\bwith\W*$|with what\b)"
        ),
    ),
    (
        Asked.reason,
        re.compile(
            _LEAD + r"(?:why|how come|what made|what caused|what led|"
            r"how (?:did|has|have|do|does) (?:it|that|this|the \w+|your \w+|things?)\b.*"
            r"\b(?:end up|come about|happen|get|got|build|built|start)|"
            # How they came to be in a plight: "how did you fall behind?", "how did you end up in here?".
            r"how (?:did|have|had|do) (?:you|they|he|she) "
            r"(?:end up|come to|wind up|fall|get (?:into|behind)))\b"
        ),
    ),
)

_DAYS = rf"{DAYS}|weekend"
_HOURS = HOUR_WORDS
_CLOCK = (
    r"\d{1,2}(?::\d\d)?\s*(?:am|pm)\b|\d{1,2}:\d\d|o'clock|\bquarter (?:past|to)\b|\bnoon\b|\bmidnight\b|"
    rf"\bhalf (?:past|{_HOURS})\b|\bat (?:about |around |roughly )?(?:{_HOURS})\b|"
    # "about eight last night": an hour said roughly, not a count of things ("about eight people").
    rf"\b(?:about|around|roughly|gone|till|until) (?:{_HOURS})\b(?! (?:\w+ )?(?:minutes?|hours?|days?|weeks?|"
    r"months?|years?|times?|of|people|staff|nurses?|patients?|quid|pounds?)\b)"
)
# A number in words, up to ninety-nine ("three", "nineteen", "twenty-odd", "forty five").
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER = (
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:{_UNITS}|odd))?|"
    rf"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_UNITS})"
)
_TIME = (
    rf"\b(?:(?:{_DAYS})s?|today|tonight|yesterday|tomorrow|last (?:night|week)|"
    r"this (?:morning|afternoon|evening|week)|since|ago|days|weeks|months|years|"
    r"(?:a|one|two|three|four|five|six|few|couple of) (?:day|week|month|year)s?|"
    r"morning|afternoon|evening|night)\b|" + _CLOCK
)
# A name: a capitalised word after the line's first, not a day or a month.
_NAME_PATTERN = (
    r"(?<=[a-z,] )(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b)[A-Z][a-z]+"
)
_NOT_PLACES = r"morning|afternoon|evening|night|week|moment|time|minute"
_CARRIES: dict[Asked, re.Pattern[str]] = {
    Asked.clock: re.compile(_CLOCK),
    Asked.deadline: re.compile(
        rf"\b(?:by|till|until|before|deadline)\b.{{0,20}}\b(?:{_DAYS}|\w+day|tomorrow|the end)|\bdeadline\b"
    ),
    # "How long have you been here?" is answered by a start ("since Tuesday") or a span ("three weeks").
    Asked.since: re.compile(
        r"\b(?:since|ago|started|began|first)\b|"
        rf"\bfor (?:\d+|a|an|few|couple of|{_NUMBER}) (?:day|week|month|year)s?\b"
    ),
    Asked.time: re.compile(_TIME),
    Asked.place: re.compile(
        r"\b(?:in|on|at|into|from|under|behind|inside|outside) (?:the|my|his|her|their|a) "
        rf"(?!(?:{_DAYS}|{_NOT_PLACES})\b)\w+|\b(?:upstairs|downstairs|outside|indoors|at home|in here)\b"
    ),
    Asked.person: re.compile(
        r"\b(?:nurse|doctor|consultant|pharmacist|worker|sister|brother|mum|dad|mother|father|son|daughter|"
        r"friend|manager|staff)\b|" + _NAME_PATTERN
    ),
    Asked.number: re.compile(
        r"\d|£|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|"
        r"eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|twice|once|dozen|hundred|few|several)\b"
    ),
    # An age is a number ("six", "turns 6"), not "a few" nor "twice".
    Asked.age: re.compile(rf"\d|\b(?:{_NUMBER})\b"),
    Asked.often: re.compile(
        r"\b(?:every|each|twice|once|usually|always|never|most|weekly|daily|evenings|mornings|weekends|"
        rf"(?:{_DAYS})s)\b"
    ),
    Asked.looks: re.compile(
        r"\b(?:white|yellow|blue|red|green|pink|orange|brown|black|grey|gray|purple|colou?r\w*|round|oval|"
        r"square|flat|shiny|small|big|large|tiny|long|short|thick|thin|striped|spotty|plain)\b"
    ),
    Asked.reason: re.compile(r"\b(?:because|cause|due to|so|that's (?:how|why)|'cos|cos)\b"),
    # "with masking tape", "using a biro": the thing it was done with.
    Asked.means: re.compile(r"\b(?:with|using) (?:a |an |the |my |his |her |their |some )?[a-z]+"),
    # Someone's words, reported or quoted: "he says", "'just take it,' he said".
    # A quote opens and closes outside a word: the "'s" of "He's ... he's" is no quote.
    Asked.words: re.compile(
        r"\b(?:says|said|saying|told|tells|reckons|claims|according to)\b|(?<![a-z])'[^']{4,}'(?![a-z])"
    ),
    # Digits in a run, a UK postcode, an email, a number and street: what a code or an address looks like.
    Asked.code: re.compile(
        r"\b\d{4,}\b|\b\d{3,}[ -]\d{3,}\b|\b[a-z]{1,2}\d{1,2}[a-z]? ?\d[a-z]{2}\b|@|"
        r"\b\d+ \w+ (?:road|street|avenue|lane|close|drive|way|crescent|terrace)\b"
    ),
}


# Leave to ask, asking nothing itself: "if you don't mind me asking", "can I ask", "is it okay if I ask
# you", "out of interest" (coach.patient.leave_to_ask answers it said alone).
LEAVE_TO_ASK = (
    r"(?:if you don'?t mind (?:me|my) asking|(?:do you |would you )?mind if i ask(?:ed)?(?: you)?|"
    r"(?:can|could|may) i (?:just )?ask(?: you)?|if i (?:can|may) ask|"
    r"(?:is it|would it be) (?:ok|okay|alright|all right) (?:if i ask(?:ed)?|to ask)(?: you)?|"
    r"i was (?:just )?wondering|out of (?:interest|curiosity))"
)

# A word that asks which time of a thing (see _ASKING).
_WHICH_TIME = "last|first|next|ever|usually|normally|generally|typically"
# Words that say what kind of thing a question asks for, not what it is about: "any names?", "what
# day?", "d'you remember?" ("who is your named nurse?" keeps its "named").
_ASKING = compile_keyed(
    r"\b(?:any|a|the|their|his|her|its|some) names?\b|\b(?:do|did|d'|can|could) ?you (?:remember|recall)\b|"
    rf"\b{LEAVE_TO_ASK}\b|"
    r"\b(?:what|which) (?:time|day|night|date)s?\b|"
    # Which time of a thing is asked ("when did your sister last come in?", "when is he next in?", "when do
    # you normally ring?"): the thing is the subject, not the "last" of "last night" it may share by chance.
    # A time noun after it makes it the thing asked about ("what happened last night?"), and so does a word
    # that makes it name a thing ("when's the last post?", "your first admission").
    # (the word looked for first: eight looks behind at every word cost more than the rest of the pattern)
    rf"\b(?=(?:{_WHICH_TIME})\b)"
    r"(?<!\bthe )(?<!\bmy )(?<!\byour )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bour )(?<!\bits )"
    rf"(?:{_WHICH_TIME})\b"
    r"(?! (?:night|week|weekend|month|year|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)|"
    # "What do you grow out there?": where, pointed at, not what it is about
    r"\b(?:out|over|up|down|round|back) there\b|"
    # "When did she visit last time?": which time of a thing, as "last" alone says it (not "the last time
    # you were here", a time that is itself asked about)
    r"(?<!\bthe )(?<!\bthat )(?<!\bthis )\b(?:last|next) time\b"
)


def about(question: str) -> frozenset[str]:
    """The content words of `question` less the words that only ask: what it asks about."""
    return stems(_ASKING.sub(" ", fold(question)))


# A string of the kind only a document or memory holds, asked for anywhere in the question ("do you know
# Gemma's postcode off by heart?", "what's the housing office's phone number?").
_ASKS_CODE = re.compile(
    r"\b(?:post ?codes?|(?:phone|mobile|landline|contact|telephone|reference|account|extension) numbers?|"
    r"(?:e-?mail|home|postal) address(?:es)?|address(?:es)?|e-?mails?)\b"
)
# Question words written without their apostrophe ("whats the name ...?", "wheres it kept?").
_UNMARKED = re.compile(r"\b(what|where|who|when|how)s\b")


@lru_cache(maxsize=4096)  # a reply asks it of the same question from several readings
def asks_for(question: str) -> Asked | None:
    """The kind of content the question asks for, or None for an open or yes/no question."""
    folded = _UNMARKED.sub(r"\1's", fold(question).strip())
    if _ASKS_CODE.search(folded):
        return Asked.code
    # "When you're home again, what film are you putting on?": a clause of when or if before the question
    # sets the scene; the question after it says what is asked.
    folded = SCENE_SET.sub("", folded, count=1)
    # "The person we contact for you, the next of kin, what is the name please?": the asking words may
    # come after what the question is about.
    clauses = (folded, *(c.strip() for c in folded.split(",")[1:]))
    # "You go birdwatching where?", "you live where, before?", "did they say when?": the asking words at
    # the end of the question or of a part of it are read as if they came first.
    pieces = folded.split(",")
    for i, piece in enumerate(pieces):
        if ending := _ASKED_LAST.search(piece):
            clauses = (*clauses, f"{ending.group('wh')} {','.join([*pieces[:i], piece[: ending.start()]])}")
    for clause in clauses:
        for asked, pattern in _ASKS:
            if pattern.search(clause):
                return asked
    return None


# Asking words that end the question (a preposition before them and a tag after them left out): "what"
# alone is not among them ("you know what?", "and then what?" ask for nothing in particular).
_ASKED_LAST = re.compile(
    r"\b(?:from |for |with |to |at |in |on )?"
    r"(?P<wh>(?:until|till|by|since) (?:when|(?:what|which) (?:day|date|time))|"
    r"who|whom|whose|where(?:abouts)?|when|why|how (?:old|long|many|much|often|come)|what time|"
    r"(?:what|which) (?:day|date|night|time|room|ward|one|nurse|person|colou?r))"
    r"(?:,? (?:please|sorry|then|now|exactly|already|again|usually|normally|roughly|about|no|yeah))*\W*$"
)


def carries(line: str, asked: Asked | None, question: str = "") -> bool:
    """True when `line` holds the kind of content asked for (always False when nothing specific is).

    With `question`, what the line holds must be news to it: "Who's the pharmacist you like?" is not
    answered by "She's the pharmacist", which only says back the question's own word, but by a name."""
    return _held(line, asked, question) is not None


def match_of(line: str, asked: Asked | None, question: str = "") -> tuple[int, int] | None:
    """Where in `line` the word or words asked for are, as `carries` finds them: for a time the day or hour
    itself ("Tuesday" of "Since Tuesday"), not the word that marks it; for a person their name. None when
    it is not there, or for a reason, a place or a look."""
    if asked in (None, Asked.reason, Asked.place, Asked.looks, Asked.kind, Asked.means, Asked.words) or len(
        fold(line)
    ) != len(line):
        # No one word is a reason; a place or a look is a phrase ("on the middle shelf"). Positions in the
        # folded line are the line's own only when folding kept its length.
        return None
    if asked is Asked.person:  # the name, not the role before it ("the ward pharmacist, ANITA")
        name = _NAME.search(line)
        return name.span() if name else None
    if asked in (Asked.since, Asked.time):  # the day itself, else an hour or a span ("three weeks")
        day = _DAY.search(fold(line))
        return day.span() if day else _held(line, Asked.clock, question) or _held(line, asked, question)
    return _held(line, asked, question)


def _held(line: str, asked: Asked | None, question: str) -> tuple[int, int] | None:
    """Where the first thing of the kind `asked` is in `line` (news to `question`, when given), or None."""
    if asked is None:
        return None
    # People are found by their capitals, everything else in the folded line.
    text = line if asked is Asked.person else fold(line)
    if asked is Asked.kind:
        return _kind_held(text, fold(question))
    if asked is Asked.time and _ASKS_DAY.search(fold(question)):
        # "Which day did they change?" is answered by a day ("Tuesday", "last night"), not by any time
        # word ("Second night I've said no").
        found = _DAY.search(text)
        return found.span() if found else None
    if asked is Asked.person and _WHO_DOES.match(fold(question)):
        # "Who's watering them?": "nobody" answers who does a thing (not who someone is).
        nobody = _NOBODY.search(text)
        if nobody:
            return nobody.span()
    said = stems(fold(question)) if question and asked in _THINGS else None
    for found in _CARRIES[asked].finditer(text):
        if said is None or _news(found.group(0), said):
            return found.span()
    return None


def _kind_held(text: str, question: str) -> tuple[int, int] | None:
    """Where `text` names the thing "what kind of X?" asks about with a word that picks it out ("her lamb
    curry"), not a word that only points at it ("the curry", "Bernie's curry", "my curry")."""
    thing = _KIND_OF.search(question)
    if thing is None:
        return None
    # The thing asked after, and any thing the question names after it: "what sort of meat was in Bernie's
    # curry?" is answered by "lamb curry".
    things = [thing.group(1), *_NAMED_THING.findall(question[thing.end() :])]
    said = set(re.findall(r"[a-z'-]+", question))
    for word in things:
        # "sealed bottles of pop": a word that picks it out, through what holds it.
        pattern = rf"\b([a-z][a-z-]+) (?:[a-z]+ of )?{re.escape(word)}(?:e?s)?\b"
        for found in re.finditer(pattern, text):
            picked = found.group(1)
            if picked not in _POINTING and not picked.endswith("'s") and picked not in said:
                return found.span()
    return None


_KIND_OF = re.compile(rf"\b{_KIND_WORDS} of (?:a |an |the )?([a-z]+?)(?:e?s)?\b")
_NAMED_THING = re.compile(r"\b(?:the|a|an|your|my|his|her|their|\w+'s) ([a-z]{3,})")
_POINTING_WORDS = (
    "a an the this that these those my your his her their our its some any one no which what whole same "
    "other another that's of on in and or but with to for from at by me him them us it"
)
_POINTING = frozenset(_POINTING_WORDS.split())
_NAME = re.compile(_NAME_PATTERN)
_WHO_DOES = re.compile(
    _LEAD + r"who(?:'s| is| will| would| does| did|'ll)? (?!(?:your|the|that|this|he|she|it|they|my|a|an)\b)"
    r"[a-z]+(?:ing|s|ed)\b"
)
_NOBODY = re.compile(r"\b(?:[Nn]obody|[Nn]o[ -]one)\b")
_ASKS_DAY = re.compile(r"\b(?:what|which) (?:day|night|date)\b")
_WHEN = re.compile(_LEAD + r"when\b")


def asks_when_started(question: str) -> bool:
    """True when `question` asks for the point something started ("when did you first notice?"), which a
    day or a time answers ("on Tuesday", "last week"), not only a "since"; "how long?" asks for a span."""
    return asks_for(question) is Asked.since and bool(_WHEN.match(fold(question)))


_DAY = re.compile(
    rf"\b(?:(?:{_DAYS})s?|today|tonight|yesterday|tomorrow|last (?:night|week)|"
    r"this (?:morning|afternoon|evening))\b"
)


# Kinds whose answer is a thing in its own right (a name, a place, a look), so it can be the question's own
# word said back; a time or a reason is marked by words a question shares ("first", "because").
_THINGS = frozenset((Asked.person, Asked.place, Asked.looks, Asked.means))


def _news(held: str, said: frozenset[str]) -> bool:
    """True when `held` (what a line holds of the kind asked) is not only words the question said."""
    words = stems(fold(held))
    return not words or not words <= said


# Words that ask after the person rather than name a thing: "what's on your mind?", "what happened?",
# "what's wrong?", "why so upset?". A question with a content word outside these names something in
# particular ("what was in the tub?"), and the stock answer to "what's on your mind?" does not answer it.
_ACCOUNT_WORDS = (
    "mind head happen happened happening wrong matter problem trouble feel feeling feelings bother "
    "bothering worry worrying worried upset help need going doing up actually honestly exactly then "
    "today tonight now moment bit things thing stuff reckon gone hold morning afternoon evening anything "
    "something yet ever still "
    # "tell us what's gone on, from the start", "your side of the story"
    "tell us start beginning side story"
)
_ACCOUNT = frozenset(stems(" ".join(_ACCOUNT_WORDS.split())))


# The one spoken to, named at either end of the question ("Nadia, what's up?", "what's happened, Maureen?").
_ADDRESSED = re.compile(r"^[A-Z][a-z]+,\s*|,\s*[A-Z][a-z]+\W*$")


def named(question: str) -> frozenset[str]:
    """The content words of `question` that name something in particular (none for "what's up, Dean?")."""
    return frozenset(stems(fold(_ADDRESSED.sub(" ", question.strip())))) - _ACCOUNT


def asks_account(question: str) -> bool:
    """True when `question` asks for their account or state in general, not for a particular thing or a
    kind of fact (a time, a place, a name): the question the persona's stock question lines answer."""
    return asks_for(question) in (None, Asked.reason) and not named(question)


# A time or a day as said: "quarter to seven", "half nine", "eight", "6.45pm", "Thursday", "tonight".
_SAID_TIME = re.compile(
    rf"\b(?:(?:(?:half|quarter|(?:twenty|twenty-five|ten|five) (?:past|to)) (?:past |to )?)?"
    rf"(?:{_HOURS})(?: o'clock)?|"
    rf"\d{{1,2}}(?:[:.]\d\d)?\s*(?:am|pm)?|noon|midnight)\b(?! (?:minutes?|hours?|days?|weeks?|of)\b)|"
    rf"\b(?:{_DAYS})\b"
)


def times_in(text: str) -> list[str]:
    """Every time or day in folded `text`, as said ("four or half four" -> "four", "half four")."""
    return [m.group(0) for m in _SAID_TIME.finditer(text)]


# An hour word or number alone is a time only after a word that puts one ("at four", "goes at seven") or
# said on its own ("Seven."): not "four staff" nor "one of the cards".
_HOUR_ALONE = re.compile(rf"(?:{_HOURS}|\d{{1,2}})")
_PUTS_TIME = r"\b(?:at|by|till|until|around|about|before|after|is|goes)"


def times_put(text: str) -> list[str]:
    """The times and days in folded `text` put as times (`times_in`, less an hour word or number alone
    where nothing puts it as a time)."""
    alone = re.sub(r"\W", "", text)
    return [
        t
        for t in times_in(text)
        if not _HOUR_ALONE.fullmatch(t) or re.search(rf"{_PUTS_TIME} {re.escape(t)}\b", text) or alone == t
    ]


def said_time(text: str) -> str | None:
    """The longest time or day in folded `text` ("at quarter to seven" -> "quarter to seven"), or None."""
    found = times_in(text)
    return max(found, key=len) if found else None


def weighs(question: str) -> bool:
    """True when `question` asks what they make of what was just put to them ("how's that?", "how does
    that sound?", "would either of those help?", "what do you reckon?"), not for a fact."""
    return bool(_WEIGHS.match(fold(question).strip()))


_WEIGHS = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well|then),? )*(?:"
    r"how(?:'s| is| does| would) (?:that|this|it)(?: sound| seem| feel)?|"
    r"what do you (?:think|reckon)|what d'you (?:think|reckon)|"
    r"(?:would|will|could|does|did|might) (?:that|this|it|either|either of (?:those|them|these)|"
    r"any of (?:those|them|these)|one of (?:those|them|these)) (?:help|work|do|suit)|"
    r"(?:does|would) (?:that|this) (?:sound|seem)|"
    r"(?:is )?that (?:any good|better|okay|ok|alright|all right)|any good|sound good|sounds good)\b"
)
