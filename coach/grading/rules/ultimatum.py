"""Ultimatums read by their shape: a condition on what the person does, joined to a consequence done to
them or taken from them.

A threat is a structure, not a phrase (rubrics/staff-turn.yaml: threat, containment_threat, and the hard
cases "a framed limit versus a threat", "conditions and rewards"). The frames: "if you X, Y" and "Y if you
X"; "unless you X, Y"; "X again and Y", "one more X and Y", "carry on and Y" (a command joined to an
outcome); "X, or Y", "X or else", "either X or Y". The consequence decides what the frame is. A loss (leave,
the phone, a visit), a report to the team, a sanction or a veiled warning makes a threat; security, police,
restraint, seclusion or forced medication makes a containment threat; a good outcome ("do that again and
you'll feel better") or an option ("or we can go for a walk") makes neither. A frame said by someone else
("she said she'd call security if ...") is reported speech, not the trainee's threat; and a consequence put
as keeping people safe beside a way forward ("I'd rather we sorted it in the lounge") is a framed limit,
which the rubric does not flag.

The consequence is read by its kind, not its phrase: a thing taken or lost (a state of being withdrawn said of
the thing, "the pool room's shut to you", with a subject of up to five words; or parting with it, "say bye
to..."), being moved on, being written up or reported, a sanction, and for containment force done to the
person ("we'll move you ourselves") or a call for more people (an alarm, backup). What makes a hit is the
shape and the addressee together. A state of mind ("if you're worried about...") sets no condition, and a
subject with a past verb ("you labelled it and...") tells what happened; neither is a frame.
"""

from __future__ import annotations

import re

from coach.grading.rules.phrase import Feature, Hit, Scope
from coach.grading.rules.text import sentence_spans

ULTIMATUM_WHY = (
    "A condition on what the person does with a loss, a report or a sanction attached is a threat, however "
    "calmly it is said; state the limit and the reason, and offer a way forward (Project BETA: limits as "
    "facts, not threats)."
)
CONTAINMENT_WHY = (
    "A condition with security, police, restraint, seclusion or forced medication attached uses containment "
    "as leverage, and the threat itself is a flashpoint (Safewards; NICE NG10)."
)
FRAMED_WHY = (
    "A consequence put as keeping people safe, beside a way forward, is a framed limit, not a threat "
    "(rubrics/staff-turn.yaml: a framed limit versus a threat)."
)

_YOU = r"(?:you|u|ya|yous|youse)"
# A state of mind is no act: "if you're worried about your phone, ..." reassures; it sets no condition.
# So is how the person feels ("if you're feeling rough tomorrow, ..."): a state, not something they do.
_MIND = (
    r"(?:(?:'re|\s+are|\s+feel|\s+get)\s+"
    r"(?:worried|scared|anxious|unsure|concerned|wondering|nervous|frightened)"
    r"|(?:'re|\s+are)?\s+(?:still\s+)?feel(?:ing|s)?\b)"
)
# Parting with something: "say bye to", "kiss it goodbye", "forget". After "you can" these are no choice.
_PARTING_WORDS = r"forget|kiss|wave|say\s+(?:\w+\s+)?(?:goodbye|bye|ta-ra|farewell|cheerio)"
# What the person might do: "if you ...", "if I see you ...", "if this carries on"; not "if you'd like".
# Held back until the person gives leave ("unless you say so", "unless you ask me in"): what staff will not
# do without their say is a promise of restraint, not a condition on their conduct.
_THEIR_LEAVE = re.compile(
    rf"unless\s+{_YOU}\s+(?:say so|says so|ask(?:\s+(?:me|us))?(?:\s+(?:to|in))?|tell\s+(?:me|us)\s+to|"
    r"let\s+(?:me|us)|invite\s+(?:me|us)|give\s+(?:me|us)\s+the\s+(?:nod|ok|okay)|(?:'re|\s+are)\s+ready)\b"
)
_CONDITION = re.compile(
    rf"\b(?:if|unless|next time|the (?:minute|moment|second))\s+(?:(?:i|we|staff)\s+(?:\w+\s+)?"
    rf"(?:see|hear|catch|find)\b(?!\s+out)|{_YOU}(?!{_MIND})(?!(?:'d|\s+would)?\s+(?:like|want|wanna|rather|prefer"
    r"|fancy|need|can|could|ever|feel like|are up to|were up to|get cold|get tired|get bored"
    r"|(?:don't|dont|do not)\s+(?:want|wanna|fancy|feel like|mind))\b)|(?:this|that|it)(?:'s|\s+is)?\s+"
    r"(?:carries on|carrying on|continues|keeps (?:on|up|happening)|happens again))\b"
)
# A command joined to an outcome: "kick that again and ...", "five more minutes, then ...".
_COMMAND_AND = re.compile(r"\s*,?\s+(?:and|then|and then)\s+")
# "X, or Y" / "X or else" / "either X or Y" / "X, otherwise Y": Y is what happens if they do not.
_OR = re.compile(r"(?:,\s*|\s+)(?:or(?:\s+else)?|otherwise)\b\s*")
_BARE_OR_ELSE = re.compile(r"\bor\s+else\W*$")
# "X before I make you": a command, then what the speaker (or staff) will do first if it is not done.
_BEFORE = re.compile(r"\s*,?\s+before\s+(?=(?:i|we|they|staff|security|someone|somebody)\b)")
# "Don't make me come over there": the speaker warns of an act the person will have forced on them.
_DONT_MAKE_ME = re.compile(
    r"^\W*(?:don't|dont|do not)\s+make\s+me\s+(?:have to\s+|got to\s+)?"
    r"(?P<act>(?:come|get|call|ring|press|use|put|take|drag|go|do|ask|tell|say|repeat|fetch|bring|step|walk|pull|move|write|report|stop|hold|lock|send"
    r"|cancel|raise)\b.*)"
)
# "..., unless you want your phone taken off you": what the person is said to want is the consequence.
_UNLESS_WANT = re.compile(
    rf"\bunless\s+{_YOU}\s+(?:want|wanna|fancy|'d like|would like)\s+"
    r"(?P<what>(?:to\s+(?:lose|be|get|end up|spend)|your|ur|the|a|an|security|the police|staff|them"
    r"|everyone)\b.*)"
)
# A dare: "see where it gets you", "see how far you get" as a command of its own.
_DARE = re.compile(r"(?:^\W*|,\s*|\band\s+)see\s+(?:where|how far|how (?:quick\w*|fast|long)|what happens)\b")
# A second choice, not a consequence: "or we can go for a walk", "or would you rather".
_CHOICE = re.compile(
    rf"^\W*(?:(?:we|{_YOU}|i)\s+(?:can|could|might|may)(?!\s+(?:{_PARTING_WORDS}))\b|would|do {_YOU}"
    rf"|shall|how about|maybe|perhaps|if {_YOU}|whatever|something|not|two|both)"
)
# Words that open a sentence without being its verb ("right,", "but", "oi").
_OPENER = re.compile(
    r"^\W*(?:(?:oi|right|ok|okay|look|fine|well|now|but|and|so|mate|listen|ah|oh|aye|hey|basically"
    r"|honestly|seriously)\b\W*)+"
)
# A command starts the sentence: not a subject, a question word, a preposition, or "you're ...".
_NOT_COMMAND = re.compile(
    r"^\W*(?:i|i'm|im|i'll|ill|i've|i'd|we|we're|we'll|he|she|they|it|it's|its|that|that's|thats|this"
    r"|there|there's|the|a|an|my|our|his|her|their|what|why|how|when|where|who|is|are|was|were|can|could"
    r"|would|will|shall|should|did|do (?:you|we|they)|does|if|so|because|cos|let's|lets|please|thank\w*"
    r"|sorry|yes|yeah|no|your|nobody|nothing|no one|someone|somebody|something|everyone|everybody|anyone"
    r"|anything|until|till|after|before|since|by|for|with|in|on|at|\w+ing|\w+ly"
    rf"|{_YOU}\s+\w+ed|{_YOU}(?:'re|'ll|'ve|'d|\s+(?:are|will|have|can|could|might|need|must|should|know|see|said|were"
    r"|was|do|did|don't|dont|can't|cant|won't|wont|haven't|havent|aren't|arent|seem|look|sound|feel|got"
    r"|get)))\b"
)
# A command says what to do now: a first clause with "is", "was" or "have" in it describes instead.
_DESCRIBES = re.compile(r"\b(?:is|are|was|were|been|has|have|had|did)\b|'(?:s|re|ve|d)\b")
_MADE_ME = "made me: "  # marks a consequence read from "don't make me ..."
COMMAND_WORDS = 8  # an ultimatum's command is short ("kick that again"); a longer first clause tells a story
_SUBJECT = (
    rf"(?:i|we|they|he|she|{_YOU}|it|that|this|there|nobody|no one|no-one|staff|security|the police"
    r"|the \w+(?:\s+\w+){0,4}|your \w+(?:\s+\w+){0,4})"
)
# What an ultimatum's command leads to: an outcome still to come ("you'll", "your leave's off", "that's
# AWOL", "I'm ringing"), not something past ("you've had") or a choice ("you could").
_OUTCOME = re.compile(
    rf"^\W*(?:then\s+)?(?:{_SUBJECT}(?:'ll|'m|'re|'s|\s+(?:will|won't|wont|can|can't|am|are|is|goes|go"
    r"|gets|get|stays|comes|ring|call|take|press|pull))\b|(?:\w+\s+){0,3}\w+(?:'ll|\s+will|\s+won't|\s+wont"
    r"|\s+(?:is|are)\s+going\s+to)\b|(?:im|ill|its|thats|youll|ur)\b|see\b|watch\b|no\s+\w+|else\b)"
)
# The consequence of "if you ..." is a clause of its own: a subject and its verb.
_CLAUSE = re.compile(
    rf"^\W*(?:then\s+|and\s+|\w+,\s+)?(?:(?:i|we|they|he|she)(?:'\w+)?\s+\w+|{_SUBJECT}(?:'ll|'m|'re|'s"
    r"|'d|'ve|\s+(?:will|won't|wont|can|can't|could|might|may|must|am|are|is|was|goes|go|gets|get|stays"
    r"|comes|have|has|need|needs)\b)|(?:im|ill|its|thats|youll|ur)\b|see\b|no\s+\w+|else\b)"
)
# Where the consequence after "if you ..." starts: a clause break or a new subject with its verb.
_SUBJECT_BREAK = re.compile(
    r"(?:,|;|\s-\s|\bthen\b|\s(?=(?:i|we|you|u|they|it|that|this|there|the \w+|your \w+|staff|security"
    r"|someone|nobody|no one)(?:'ll|'m|'re|'s|'d|\s+will|\s+won't|\s+wont|\s+would|\s+can't"
    r"|\s+(?:am|are|is) going to|\s+gets?|\s+goes|\s+can|\s+have to|'ve got to|\s+might|\s+may|\s+need)\b)"
    r"|\s(?=(?:im|ill|its|thats|youll)\b))"
)
_CLAUSE_CUT = re.compile(r"[,;]|\s-\s|\bbut\b|\band\b|\bso\b|\bbecause\b")
_REPORTED = re.compile(
    r"\b(?:said|says|say|saying|told|tells|telling|reckons|reckoned|threatened|warned|shouted|asked)\b"
)

# Kinds of outcome. Containment first: it is the more specific flag.
_CONTAINMENT = re.compile(
    r"\b(?:police|cops|security|restrain\w*|seclu\w+|inject\w*|needle|jab|sedat\w+|tranq\w*"
    r"|section(?:ed)?|detain\w*|holding power|kept here|picu|ng tube|tube|lock(?:ed)?\s+(?:you|in|up|away)"
    rf"|drag\w*|(?:hold|holding|pin|have|get|put|take)\s+{_YOU}\s+(?:down|on the floor|to the floor)"
    r"|on the floor|by force|force it|in your (?:bum|backside|arm)|quiet room|side room|alarm"
    r"|(?:response|whole|the|a) team\b|more staff|four of us|(?:coming|come) in\b"
    r"|opening (?:it|the door|that door|this door)|the hard way"
    rf"|something to (?:\w+\s+){{0,2}}(?:calm|settle|sleep|sedate)|stop {_YOU}\b"
    rf"|(?:take|bring|carry)\s+{_YOU}\s+(?:back|there|to (?:your room|seclusion))|holding {_YOU}"
    r"|whether you like it or not|(?:call|get|ring|bleep)\w*\s+(?:for\s+)?help)\b"
    # force: the person moved, held or made to by staff, or a thing done "another way"
    rf"|\b(?:move|moving|hold|holding|carry|carrying|lift|lifting|drag|remove|shift)\s+{_YOU}\b"
    # "I'll make you", "you'll be made to": force; "make you a tea", "make you feel better" is no force
    rf"|\bmake\s+{_YOU}\b(?!\s+(?:a|an|some|the|one|another|your|yourself|something|anything|breakfast|lunch"
    r"|dinner|supper|tea|toast|coffee|feel|comfortable|welcome|laugh|smile|happy|better)\b)"
    r"|\b(?:be|being|get|gets|getting|been)\s+made\s+to\b"
    r"|\b(?:another|the other|a different|the hard) way\b"
    # a call for others: an alarm pressed, more people fetched
    r"|\b(?:press|pull|hit|push|sound)\w*\s+(?:the\s+|my\s+)?(?:buzzer|alarm|button|bell|panic)"
    r"|\b(?:call|ring|get|bleep|fetch|shout)\w*\s+(?:for\s+)?(?:everyone|everybody|backup|back-up|the others"
    r"|others|reinforcements|more people|the cavalry)\b"
)
_LOSS = re.compile(
    r"\b(?:lose|losing|lost|forget(?: about)?|kiss\b.{0,40}\bgoodbye|goodbye to|off limits|no more"
    r"|delay\w*|longer|nothing|stopp?ed|pulled|cancel\w*|suspended|revoked|confiscated|removed|taken"
    r"|take\s+(?:\w+\s+){0,3}(?:off|away)"
    r"|(?:is|'s|goes|go|gets|get|be|'ll be|will be|comes|stays)\s+(?:off|back to the office|in the office"
    r"|to the office|locked)"
    r"|(?:won't|wont|will not|not|never|can't|cant)\s+(?:be\s+)?(?:get|getting|have|having|go|going|see"
    r"|seeing|use|using|watch\w*|allowed|let|letting|signing|help)"
    r"|(?:nobody|no one|no-one)(?:'s|\s+is|\s+will|'ll)?\s+(?:\w+ing|let|take|help)"
    r"|(?<!in )no\s+(?!(?:problem|worries|rush|pressure|one|bother|way|need|harm|doubt)\b)\w+)\b"
)
# A thing made unavailable: "the pool table's out of bounds", "your visit won't be happening", "that's your
# leave gone": a state of being withdrawn, said of the thing.
_REMOVED = re.compile(
    r"(?:'s|\bis|\bare|'re|\bbe|\bbeen|\bgoes|\bgo|\bgoing|\bgets|\bget|\bstays|\bstay)\s+(?:\w+\s+){0,2}?"
    r"(?:off\b|gone\b|over\b|out of bounds|off limits|shut\b|closed\b|banned|barred|cancel\w*|stopped"
    r"|suspended|finished\b|withdrawn|confiscated|removed|cut\b|unplugged|halved|reduced|capped|docked|binned"
    r"|scrapped|axed|pulled\b|taken\b|locked\s+(?:away|up)|restricted|limited)"
    r"|\b(?:your|ur|the)\s+(?:\w+\s+){0,3}?(?:gone|off|over|cancel\w*)\b"
    r"|\b(?:won't|wont|will not|not|isn't|is not|never)\s+(?:be\s+)?(?:happening|happen|going ahead)\b"
    rf"|\b(?:{_PARTING_WORDS})\b|\bmiss(?:ing)? out\b"
)
# Being moved on: to another ward, off this one, out of the hospital.
_MOVED = re.compile(
    r"\b(?:moved|transferred|sent|shipped|kicked out|thrown out|chucked out|discharged)\b"
    r"|\b(?:off|out of)\s+(?:this|the)\s+(?:ward|unit|hospital)\b|\b(?:another|other|different)\s+ward\b"
    # carried off: "on the next van to ...", "back to the locked unit"
    r"|\bon\s+(?:the|a)\s+(?:very\s+)?(?:next|first)\s+(?:\w+\s+){1,2}?(?:to|out|back|off)\b"
    r"|\b(?:locked|secure|intensive care|high dependency)\s+(?:unit|ward)\b"
)
_REPORT = re.compile(
    r"\b(?:(?:tell|telling)\s+(?:the|dr|your|a|someone)\b|let\s+(?:the|dr|doctor|your)\b.{0,25}\bknow"
    r"|(?:ring|call|phone|get|fetch)\w*\s+(?:the|dr|your)\s+(?:doctor|nurse in charge|consultant)"
    r"|inform\w*|report\w*|(?:write|writing|wrote|written)\s+(?:\w+\s+){0,3}?(?:up|down)|document\w*|record\w*"
    r"|datix|flag(?:ged)? it|hear about|noted|(?:in|on|into)\s+(?:your|the|ur)\s+(?:notes|record|file)"
    r"|(?:the|dr|your)\s+(?:doctor|consultant|team)\s+(?:will|'ll|might|may|would)\s+(?:\w+\s+)?"
    r"(?:see|hear|know|look|find out)|(?:up|increase|put)\s+(?:\w+\s+){0,2}(?:obs|observations)"
    r"|closer obs|level \d|1:1|(?:in|into|on)\s+(?:the|your|ur|my|tonight's|today's)\s+(?:\w+\s+)?(?:handover"
    r"|hand-over|log|logbook|incident form|notes|report))\b"
)
_SANCTION = re.compile(
    r"\b(?:regret|be sorry|trouble|consequences"
    r"|(?:see|watch) (?:where|what happens|how far|how long|how quick\w*)"
    r"|what (?:happens|will happen)(?: next)?|won't like|your room|search\w*|clear\w* (?:your|the) room"
    r"|asking for it|(?:go|count|held)\s+against\s+you\w*|look bad|not going to help|won't help"
    r"|(?:affect|delay|stop|cancel|lose|review)\w*\s+your\s+\w+|(?:get|have|keep)\s+(?:it|them|your\s+\w+)"
    r"\s+back)\b"
)
# Keeping people safe, and a way forward offered beside it: a framed limit.
_SAFETY = re.compile(r"\b(?:safe|safety|hurt|harm|injur\w+)\b")
_WAY_FORWARD = re.compile(
    rf"\b(?:i'd (?:much )?rather|let's|we (?:can|could)|{_YOU} (?:can|could) (?!forget|kiss)|do {_YOU} want"
    rf"|would {_YOU} (?:like|rather)|shall we|how about|come (?:and|with me))\b"
)


_THREATENING = (_LOSS, _REMOVED, _MOVED, _REPORT, _SANCTION)


def ultimatums(speech: str) -> list[Hit]:
    """Every ultimatum in the spoken text, as a hit on its whole sentence: a threat, a containment threat,
    or a framed limit (a consequence about safety beside a way forward)."""
    lowered = speech.lower()
    if len(lowered) != len(speech):
        lowered = speech  # offsets must match the text; the patterns ignore case anyway
    spans = sentence_spans(lowered)
    way_forward = bool(_WAY_FORWARD.search(lowered))
    out = []
    for span in spans:
        consequence = _consequence(span.text)
        if consequence is None:
            continue
        hit = _judged(consequence, way_forward)
        if hit is not None:
            feature, why = hit
            quote = speech[span.start : span.end]
            out.append(Hit(feature, quote, why, Scope.speech, span.start, span.end))
    return out


def _consequence(sentence: str) -> str | None:
    """What the sentence says follows if the person does (or does not do) something, if it is an
    ultimatum said by the speaker; None otherwise."""
    text = sentence.lower()
    if _BARE_OR_ELSE.search(text):
        return "or else"
    wanted = _UNLESS_WANT.search(text)
    if wanted is not None and not _REPORTED.search(text, 0, wanted.start()):
        return _first_clause(wanted.group("what"))
    condition = _CONDITION.search(text)
    if condition is not None:
        if _REPORTED.search(text, 0, condition.start()):
            return None  # "she said she'd call security if ...": someone else's words
        if _THEIR_LEAVE.match(text, condition.start()):
            return None  # "I won't come in unless you say so": staff holding back till they are let in
        before = _CLAUSE_CUT.split(text[: condition.start()])[-1].strip(" -")
        after = _after_condition(text[condition.end() :])
        said = [part for part in (before, after) if _CLAUSE.match(part)]
        return " ".join(said) or None
    opener = _OPENER.match(text)
    command = text[opener.end() :] if opener else text
    if _NOT_COMMAND.match(command) or text.rstrip().endswith("?"):
        return None
    dare = _DARE.search(command)
    if dare is not None:
        return command[dare.start() :]
    forced = _DONT_MAKE_ME.match(command)
    if forced is not None:
        return f"{_MADE_ME}{_first_clause(forced.group('act'))}"
    for joined in (*_COMMAND_AND.finditer(command), *_OR.finditer(command), *_BEFORE.finditer(command)):
        first, rest = command[: joined.start()], command[joined.end() :]
        if _DESCRIBES.search(first) or len(first.split()) > COMMAND_WORDS:
            continue
        if (_OUTCOME.match(rest) or joined.re is _BEFORE) and not _CHOICE.match(rest):
            return _first_clause(rest)
    return None


def _first_clause(text: str) -> str:
    return _CLAUSE_CUT.split(text, maxsplit=1)[0]


def _after_condition(rest: str) -> str:
    """The consequence after "if you ...": from the first clause break or new subject to the next break."""
    cut = _SUBJECT_BREAK.search(rest)
    return _first_clause(rest[cut.end() :].lstrip(" ,")) if cut else ""


def _judged(consequence: str, way_forward: bool) -> tuple[Feature, str] | None:
    if consequence == "or else":
        return Feature.ultimatum, ULTIMATUM_WHY
    if consequence.startswith(_MADE_ME):
        # an act the speaker will be driven to is a threat whatever it is; force makes it containment
        if _CONTAINMENT.search(consequence):
            return Feature.containment_ultimatum, CONTAINMENT_WHY
        return Feature.ultimatum, ULTIMATUM_WHY
    contained = bool(_CONTAINMENT.search(consequence))
    if contained or any(kind.search(consequence) for kind in _THREATENING):
        if way_forward and _SAFETY.search(consequence):
            return Feature.framed_limit, FRAMED_WHY
        if contained:
            return Feature.containment_ultimatum, CONTAINMENT_WHY
        return Feature.ultimatum, ULTIMATUM_WHY
    return None
