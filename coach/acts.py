"""What a staff turn does, read into acts: the questions it asks (and about what), the things it offers
(in the trainee's own words), whether it introduces, apologises, validates, instructs, checks in or
closes, and whether it speaks to the persona's unmet need in any words.

The offline patient answers from this reading, and the offline grader decides `meets_need` with the same
`speaks_to_need`, so both read a turn the same way. The judgement parts of a turn (is it a no, a threat)
stay with the grader: `read_acts` takes them from the grade. The rest is read from the sentence shapes
alone, cheaply enough to run on every reply (the grader's full reading takes about a millisecond).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from coach.asked_to_do import ASKS_THEIR_KNOWING, ORDER, requests_in
from coach.asking import Question, questions_in, topic_of
from coach.grading.rules.dispatch import compile_keyed
from coach.listening import NeedMeaning
from coach.models import Flag, Grade, Persona
from coach.offers import LATER, SEAT_SAID, Offered, offers_in, thing_offered
from coach.options import asks_which, options_of
from coach.persona_memo import PersonaMemo
from coach.promises import ARRANGED_FOR_THEM, PROMISE, as_promise, promised
from coach.siding import tells_off, validates
from coach.spelling import spoken, standard_spelling
from coach.wording import ENDEARMENTS, NEGATED, clauses, fold, mentions, mentions_any, sentences, stems

__all__ = [
    "Act",
    "Offered",
    "Question",
    "Reading",
    "fold",
    "mentions",
    "read_acts",
    "sentences",
    "speaks_to_need",
    "stems",
    "thing_offered",
    "topic_of",
]


class Act(StrEnum):
    question = "question"
    check_in = "check_in"
    offer = "offer"
    refusal = "refusal"
    validation = "validation"
    apology = "apology"
    instruction = "instruction"
    threat = "threat"
    introduction = "introduction"
    closing = "closing"
    request = "request"  # "could you sit down for me?": asks the patient to do something
    choice = "choice"  # "shall I stay by the door or go?": asks them to pick one of two or more
    told_off = "told_off"  # "that can't happen again": holds them to account for something they did


@dataclass
class Reading:
    """The acts of one staff turn, in the order a listener weighs them."""

    acts: set[Act] = field(default_factory=set)
    questions: list[Question] = field(default_factory=list)
    offers: list[Offered] = field(default_factory=list)
    promises: list[str] = field(default_factory=list)  # "I'll ring Samira": things staff said they'd do
    name: str | None = None  # the staff member's first name, when they give it
    meets_need: bool = False
    requests: list[str] = field(default_factory=list)  # the sentences that ask the patient to do something
    options: list[str] = field(
        default_factory=list
    )  # an either-or question's options, in the trainee's words

    def has(self, act: Act) -> bool:
        return act in self.acts


# --------------------------------------------------------------------------- patterns

# Asked after how they are, typed in full or not: "how are you doing?", "how you are feeling now?", "you
# doing alright?", "are you feeling any better?", "you okay?".
_CHECK_IN = compile_keyed(
    r"\bhow (?:are|'re|r) (?:you|things)\b|"
    r"\bhow(?: are|'re)? you(?: are)? (?:doing|feeling|getting on|holding up)\b|"
    r"\bhow do you feel\b|\bare you (?:ok|okay|alright|all right)\b|\bhow is it going\b|\bhow's it going\b|"
    r"\bstill (?:bothering|worrying|troubling|upsetting|getting to) you\b|\bstill on your mind\b|"
    r"(?:^|[.!?] )(?:feeling |any )?better(?: now| today| tonight)?\?|"
    r"(?:^|[.!?,] )(?:are )?you (?:doing |feeling |keeping )?"
    r"(?:ok|okay|alright|all right|any better|better)\b(?: (?:now|there|in yourself|today|tonight))?"
    # "You alright, mate?": a word for them before the question mark
    rf"(?:,? (?:{ENDEARMENTS}))?\?"
)
_INTRODUCTION = re.compile(r"\b(?i:i'm|i am|my name is|my name's|it's|this is)\s+([A-Z][a-z]+)\b")
# The speaker's own name, said as theirs: "it's Karen" may name someone else ("who's sorting it? It's Karen").
_OWN_NAME_GIVEN = re.compile(r"\b(?i:i'm|i am|my name is|my name's)\s+[A-Z][a-z]+\b")
# "I'm one of the nurses", not "Kemi's your nurse" (someone else named) with an "I'm" elsewhere in the turn.
_STAFF_ROLE = re.compile(
    r"\b(?:i'm|i am)(?: (?!sorry|afraid)\w+,?)? (?:one of the|the|your) "
    r"(?:nurses?|staff|health ?care assistants?|hca|doctors?)\b"
)
# "see you" is a goodbye, but "the doctor can see you at two" offers a visit.
# Staff having to go: "I've got to go", "gotta dash".
_GOING = (
    # "I've to go and do the meds round": northern and Scots for "I have to go"
    r"(?:i've got to|i have to|i've to|i need to|i must|i've gotta|gotta|got to) "
    r"(?:go|dash|run|head off|leave)\b"
)
# Staff going now ("I've got to go", "I'm off", "bye"), not coming back or leaving room later.
_DEPARTING = (
    rf"\b{_GOING}|"
    # Going, said at the start of a sentence ("gd. I'm off home").
    r"(?:^|[.!?;,] )(?:right,? |okay,? |ok,? )?i'm (?:heading )?off\b(?! (?:work|sick|duty))|"
    # "I'm going now", "I'm leaving, okay?" (not "I'm going to get you a tea")
    r"\bi'm (?:going|leaving)(?= now\b|\W*$|[.!,;])|"
    r"\b(?:bye|goodbye)\b|"
    # "I'm going on my break now", "off for my tea": away for a while now
    r"\bi'm (?:going |off )?(?:on|for) (?:my |a )?(?:break|tea break|lunch|dinner)\b(?! later| at)|"
    # "I have to do the four o'clock medicines now, but I'll be back at half four": called away now
    r"\bi(?:'ve got| have|'ve| need| must)(?: to)? [a-z' ]+ now,? (?:but|and) "
    r"(?:i'll|i will) (?:be|come|pop) back\b"
)
_CLOSING = compile_keyed(
    r"\b(?:i'll|i will|i'm going to|i am going to) (?:come back|be back|pop back|check (?:on|in with) you|"
    # "I'll leave you to it in a bit, just gonna hang about here": staying for now is no goodbye.
    r"leave you(?! (?:to it |be |alone |in peace )?(?:in a (?:bit|minute|min|sec|second|while|mo|moment)|"
    r"after|once|when|soon|shortly))|give you (?:some )?(?:space|time|a (?:few )?minutes?))|"
    # "Someone'll come and see you later" is a visit put off, not a goodbye; "Dr Okafor will see you on
    # Thursday" a visit someone else makes, "nice to see you" a greeting.
    r"\b(?:(?<!can )(?<!could )(?<!come and )(?<!come to )(?<!will )(?<!'ll )(?<!to )see you|catch you)\b|"
    r"\bi(?:'ll| will) see you\b|"
    r"\bi'll be (?:at|in|just|over|down|by)\b|\bif you (?:want|need) me\b|"
    r"\bi'll let you (?:have a think|think|be|get|rest)\b|\bi'm (?:in|at) the \w+ (?:till|until)\b|"
    # "Take care, Nadia." ending a turn, not "we'll take care of it"; "Night" as a sign-off ("Night, Beth.").
    r"(?:^|[.!?;] )take care\b(?! of (?!yourself))|"
    r"(?:^|[.!?;,] )(?:good ?)?night(?: night)?(?:,? \w+)?(?=[.!,]|$)|" + _DEPARTING
)
_DEPARTS = re.compile(_DEPARTING)


def departs(folded: str) -> bool:
    """True when staff say they are going now (`folded`: a staff turn, folded and in standard spelling):
    the news of the turn, whatever else it offers."""
    return bool(_DEPARTS.search(folded))


_NAME_STOPWORDS = {
    "Sorry",
    "Here",
    "Just",
    "Not",
    "Really",
    "So",
    "Afraid",
    "Going",
    "Okay",
    "Ok",
    "Fine",
    "Worried",
    "Listening",
    "Sure",
    "Glad",
    "Concerned",
    "Still",
    "Back",
    "Right",
    "Happy",
    "Able",
}
# Staff saying sorry, not telling the person to ("apologise to Ryan", "say sorry to him").
_APOLOGY = compile_keyed(
    r"\b(?:(?<!say )sorry|say sorry(?= to you\b|\W*$|[.!,])|(?:i|we) (?:\w+ )?apologi[sz]e|apologies|"
    r"my fault|i was wrong|we got (?:it|that) wrong)\b"
)
# "Sorry, could you step aside?", "Sorry to bother you": a sorry that asks leave to interrupt, not one for
# something done to them.
_POLITE_SORRY = compile_keyed(
    # "Sorry, my English is not so good": sorry for how they say it, not for a wrong.
    r"\bsorry,? (?:(?:for|about) )?(?=my (?:english|accent|spelling|typing|handwriting)\b)|"
    r"\b(?:sorry|excuse me)\b,? (?=(?:just )?(?:(?:could|can|would|will) you|would you mind|do you mind|"
    r"mind if|to (?:bother|interrupt|disturb|butt in)|but (?:could|can|would) you)|"
    # "Sorry Nadia, that's the alarm, I've got to go": sorry to be going, no sorry for a wrong
    rf"(?:[a-z',]+ ){{0,6}}?{_GOING})"
)
# A threat said in words: a condition on what the patient does ("if you don't eat by seven", "unless you",
# "keep this up", "carry on like this"), then what staff will make happen to them, said as a compulsion or
# a loss ("I'll have to put you on higher obs", "you'll end up in seclusion", "you'll lose your leave").
_CONDITION = compile_keyed(
    r"\b(?:if you (?:don't|do not|won't|will not|can't|refuse|carry on|keep|kick off|start|try)|unless you|"
    r"(?:keep|carry on with|carry on) (?:this|that|it|like this|like that|doing that)|"
    r"(?:keep|carry on) \w+ing(?: (?:like this|like that|at \w+|on))?,? (?:and|or)|"
    r"(?:any )?more of (?:this|that)|"
    r"one more (?:word|time))\b"
)
_COMPULSION = compile_keyed(
    r"\b(?:(?:have|has|got) to|end up|be put on|put you on|lose (?:your|the)|no (?:leave|visits|phone)|"
    r"seclusion|sectioned|section|injection|jab|restrain\w*|security|police|higher obs|one[- ]to[- ]one|"
    r"obs|observations?|moved to|locked|"
    # a loss said of the thing: "your leave's getting stopped", "visits will be cancelled"
    r"(?:leave|visits?|phone|privileges)(?:'s| is| are| will be|'ll be| gets?)? "
    r"(?:getting |going to be |being )?(?:stopped|cancelled|pulled|taken away))\b"
)


# "Come on, Dean, it's only a curry": "come on" before a statement coaxes; it tells them to do nothing.
_COAXING = re.compile(
    r"^come on\b[^.!?]*?\b(?:it's|it is|that's|that is|there's|he's|she's|they're|i'm|i am|you're|you are|"
    r"nobody's|no one's|nothing's)\b|"
    # "Go on, hun.", "go on mate": carry on talking, not an order to go ("go on then" dares or allows)
    rf"^go on\b(?:,? (?:{ENDEARMENTS}))?[.!?]*$|"
    # "Go on then, which team d'you follow?": a lead-in to the question after it
    r"^(?:go|come) on(?: then)?,? (?=(?:what|which|who|whose|where|when|how|why)\b)|"
    # "Take your time": time given, not an order
    r"^(?:just |no rush,? )?take your time\b|"
    # "Give me one minute and I'll fetch the box": a moment asked for what staff will do in it, a promise
    r"^(?:just )?give (?:me|us) (?:a|one|two|five|a few|a couple of)? ?"
    r"(?:minute|min|mo|moment|sec|second)s?\b"
    r"[^.!?]*?\b(?:and|then|,) ?(?:i'll|i will|i'm going to|i can)\b"
)


# "Don't worry, you'll get your leave tomorrow", "Love, don't panic": comfort put as an imperative tells them
# how not to feel, and asks them to do nothing.
_REASSURING = re.compile(
    rf"^(?:(?:right|now|okay|ok|listen|hey|oh|{ENDEARMENTS}),? )*(?:please )?"
    r"(?:don't|do not|dont) (?:you )?"
    r"(?:worry|panic|stress|fret|fear|be (?:scared|frightened|afraid|sorry|silly))\b"
)


def _threatens(sentence: str) -> bool:
    """True when a folded sentence sets a condition on the patient and names a compulsion after it."""
    condition = _CONDITION.search(sentence)
    return condition is not None and bool(_COMPULSION.search(sentence[condition.end() :]))


def names_compulsion(folded: str) -> bool:
    """True when folded words name something staff can make happen to the patient (higher obs, an
    injection, security, losing leave): what a threat has to say, whatever else the turn says."""
    return bool(_COMPULSION.search(folded))


def speaks_to_need(text: str, meanings: Iterable[NeedMeaning]) -> NeedMeaning | None:
    """The first way of speaking to the need that `text` takes: a word of every group, each found in a
    clause that is not negated ("I can't ring her" does not count as ringing her)."""
    open_clauses = [c for c in clauses(fold(text)) if not NEGATED.search(c)]
    if not open_clauses:
        return None
    open_text = " | ".join(open_clauses)
    for meaning in meanings:
        if all(mentions_any(open_text, group) for group in meaning.all_of):
            return meaning
    return None


def read_acts(staff_text: str, persona: Persona, grade: Grade | None = None) -> Reading:
    """The acts of `staff_text` for a scene with `persona`; `grade` (the grader's) decides the no, the
    threat and the validation."""
    words = _read_words(staff_text, persona)
    reading = Reading(
        acts=set(words.acts),
        questions=list(words.questions),
        offers=list(words.offers),
        promises=list(words.promises),
        name=words.name,
        meets_need=words.meets_need,
        requests=list(words.requests),
        options=list(words.options),
    )
    if grade is not None:
        flags = set(grade.flags)
        if grade.refusal:
            reading.acts.add(Act.refusal)
        if flags & {Flag.threat, Flag.containment_threat}:
            reading.acts.add(Act.threat)
        if flags & {Flag.calm_down, Flag.multiple_demands}:
            reading.acts.add(Act.instruction)
        reading.meets_need = grade.meets_need
    return reading


def _in_threat(at: int, threats: list[tuple[int, int]]) -> bool:
    return any(start <= at < end for start, end in threats)


@dataclass(frozen=True)
class _Words:
    acts: frozenset[Act]
    questions: tuple[Question, ...]
    offers: tuple[Offered, ...]
    promises: tuple[str, ...]
    name: str | None
    meets_need: bool
    requests: tuple[str, ...]
    options: tuple[str, ...]


def _words_of(said: str, persona: Persona) -> _Words:
    """What the words alone do (remembered as _read_words: a scene rereads its earlier turns)."""
    folded = fold(said)
    acts: set[Act] = set()
    firsts = [fold(s) for s in sentences(said)]
    if _APOLOGY.search(_POLITE_SORRY.sub(" ", folded)):
        acts.add(Act.apology)
    elif tells_off(folded):
        acts.add(Act.told_off)
    if validates(folded, told_off=Act.told_off in acts):
        acts.add(Act.validation)
    # Where the threats are: what they say staff will do ("I'll have to let the doctor know") is no promise.
    threats = [(at, at + len(s)) for s in firsts if _threatens(s) and (at := folded.find(s)) >= 0]
    if threats:
        acts.add(Act.threat)
    # "Keep shouting and you'll lose your leave" says what will happen if they do, not to do it.
    if any(
        ORDER.match(s)
        and not _threatens(s)
        and not _COAXING.match(s)
        and not _REASSURING.match(s)
        and not ASKS_THEIR_KNOWING.match(s)
        and not SEAT_SAID.match(s)
        for s in firsts
    ):
        acts.add(Act.instruction)
    name = _introduced_name(said)
    if name == persona.profile.first_name:  # "Hi Marcus, I'm Ruth": Marcus is the patient
        name = None
    if name or _STAFF_ROLE.search(folded):
        acts.add(Act.introduction)
    if _CHECK_IN.search(folded):
        acts.add(Act.check_in)
    if _CLOSING.search(folded):
        acts.add(Act.closing)
    offers = [o for o in offers_in(folded, persona) if not _ruled_out(folded, o)]
    if offers:
        acts.add(Act.offer)
    requests = requests_in(said)
    if requests:
        acts.add(Act.request)
    options = options_of(said)
    if options:
        acts.add(Act.choice)
    # "When would you rather?" after the options asks which, and is answered by the choice.
    questions = [
        q
        for q in questions_in(said, persona, offers)
        if q.text not in requests and not (options and asks_which(q.text))
    ]
    if questions:
        acts.add(Act.question)
    words = _Words(
        acts=frozenset(acts),
        questions=tuple(questions),
        offers=tuple(offers),
        promises=(
            *(
                promised(m.group(1))
                for p in (PROMISE, _ARRANGED, _CAN_DO_LATER)
                for m in p.finditer(folded)
                if not _TAKEN_BACK.search(folded[m.end() :]) and not _in_threat(m.start(), threats)
            ),
            *(
                promised(as_promise(m.group(1)))
                for m in ARRANGED_FOR_THEM.finditer(folded)
                if not _TAKEN_BACK.search(folded[m.end() :]) and not _in_threat(m.start(), threats)
            ),
        ),
        name=name,
        meets_need=speaks_to_need(said, persona.unmet_need.meant_by) is not None,
        requests=requests,
        options=options,
    )
    return words


def _staff_words(staff_text: str, persona: Persona) -> _Words:
    """What a staff turn's words alone do: its words said aloud, in standard spelling, read."""
    said = standard_spelling(spoken(staff_text))
    return _words_of(_their_name(persona.profile.first_name).sub("", said), persona)


@lru_cache(maxsize=64)
def _their_name(first: str) -> re.Pattern[str]:
    """The patient's first name opening a sentence without a comma ("marcus can u show me ..."): said to
    get their attention, as "Marcus, can you ..." is, and read without it."""
    return re.compile(
        rf"(?:^|(?<=[.!?] ))(?:{re.escape(first)})\s+(?=(?:can|could|would|will|do|did|are|have|please|just|"
        r"i|i'm|i've|i'll|we|we're|we'll|you|come|sit|put|stop|let|take|give|show|tell|try|listen|look|hang|"
        r"wait|how|what|where|when|why|who|shall|should)\b)",
        re.IGNORECASE,
    )


# Keyed by the turn as typed: a scene rereads its earlier turns on every reply, and respelling them each
# time (three substitutions and a strip of the acted parts) cost as much as looking the reading up.
_read_words = PersonaMemo(_staff_words)

# "We'll ring Bernie together at eight": a plan for both of them, set for a time, is held to as a promise;
# without a time ("then we'll sit down and ...") it is what happens next in the talk.
_ARRANGED = re.compile(r"\bwe(?:'ll| will| are going to|'re going to) ([a-z' ]{3,}?\b" + LATER.pattern + r")")
# "I can dig out a jigsaw later": what staff can do, set for a time, is held to as what they said they'd do
# (a doing the offers reading has no verb for still counts); without a time it may be only a possibility.
_CAN_DO_LATER = re.compile(r"\bi (?:can|could) ([a-z' ]{3,}?\b" + LATER.pattern + r")")

# "You can't hold the queue up any longer": what a no rules out is no offer.
_RULED_OUT = re.compile(
    r"\b(?:can't|cannot|can not|won't|couldn't|not able to|unable to)\s+(?:[a-z']+\s+){0,2}$"
)


# Taken back after it is said: "I could ring Samira now. Actually, no, ... so probably not.", "Mind you,
# the phone's away being fixed, so probably not tonight.", "on second thoughts", "scratch that".
_TAKEN_BACK = re.compile(
    r"\b(?:actually,? no\b|on second thoughts?\b|scratch that\b|forget (?:that|i said that)\b|"
    r"(?:i'd|i had|we'd) better not\b|so (?:probably|maybe) not\b|"
    r"(?:probably|maybe) not (?:tonight|today|now)\b)"
)


def _ruled_out(folded: str, offer: Offered) -> bool:
    """True when `offer` is said as what cannot be done ("I can't get you a ..."), or taken back after it."""
    at = folded.find(offer.words)
    return (at > 0 and bool(_RULED_OUT.search(folded[:at]))) or bool(
        _TAKEN_BACK.search(folded[max(at, 0) + len(offer.words) :])
    )


def introduces_self(said: str) -> bool:
    """Whether the turn gives the speaker's name or role as their own ("I'm Ruth", "my name's Ruth", "I'm
    one of the nurses"), not only a name after "it's" or "this is", which may be someone else's."""
    plain = said.replace("’", "'")
    return bool(_OWN_NAME_GIVEN.search(plain) or _STAFF_ROLE.search(fold(plain)))


def _introduced_name(said: str) -> str | None:
    for match in _INTRODUCTION.finditer(said.replace("’", "'")):
        name = match.group(1)
        if name not in _NAME_STOPWORDS:
            return name
    return None


# Offers in other shapes than a lead: "there's a quiet room free if you want it", "you're welcome to use
# the phone", "how does a walk sound?", "would some toast help?", "cup of tea?".
