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

from coach.listening import NeedMeaning, Offerable, Topic
from coach.models import Flag, Grade, Persona


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


@dataclass(frozen=True)
class Offered:
    """One thing offered: the persona's listed offer it names (if any) and the trainee's words for it."""

    words: str  # a short phrase from the patient's side: "a walk in the garden", "my sketchbook"
    listed: Offerable | None = None


@dataclass(frozen=True)
class Question:
    text: str
    topic: Topic | None = None
    factual: bool = False  # who/when/where/which: a fact the patient may not know


@dataclass
class Reading:
    """The acts of one staff turn, in the order a listener weighs them."""

    acts: set[Act] = field(default_factory=set)
    questions: list[Question] = field(default_factory=list)
    offers: list[Offered] = field(default_factory=list)
    promises: list[str] = field(default_factory=list)  # "I'll ring Samira": things staff said they'd do
    name: str | None = None  # the staff member's first name, when they give it
    meets_need: bool = False

    def has(self, act: Act) -> bool:
        return act in self.acts


# --------------------------------------------------------------------------- patterns

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_NEGATED = re.compile(
    r"\b(?:not|no(?! one)|nothing|never|can't|cannot|won't|don't|isn't|aren't|couldn't|wouldn't|shouldn't)\b"
)
_CLAUSE_BREAK = re.compile(r"[,;:]|\bbut\b|\bbecause\b|\bthough\b")
_QUESTION_START = re.compile(
    r"^(?:so |and |okay,? |ok,? |right,? |well,? )?"
    r"(?:what|why|how|who|when|where|which|is|are|was|were|do|does|"
    r"did|can|could|would|will|have|has|had|shall|should|may|tell me|talk me through)\b"
)
# A fact the patient may not know: "do you know ...", or who/when/where about something not their own.
_FACTUAL = re.compile(
    r"^(?:so |and )?(?:(?:do|did) you know\b|has anyone (?:told|said)\b|"
    r"(?:who|when|where|which|what time|how many|how much|how long|whose)\b"
    r"(?!.*\b(?:you|your|you've|you're)\b))"
)
_CHECK_IN = re.compile(
    r"\bhow (?:are|'re|r) (?:you|things)\b|\bhow(?: are|'re)? you (?:doing|feeling|getting on|holding up)\b|"
    r"\bhow do you feel\b|\bare you (?:ok|okay|alright|all right)\b|\bhow is it going\b|\bhow's it going\b"
)
_GIVING = (
    r"(?:get|make|bring|fetch|ring|call|phone|find|sort|grab|put|show|read|take|arrange|book|pop|try|help|"
    r"give(?! you (?:some |a bit of )?(?:space|room|time|a (?:minute|moment|second|few minutes)))|sit|walk|"
    r"go through|organise|fix|look into)\b"
)
_OFFER_LEAD = re.compile(
    r"^(?:(?:so|and|or|maybe|perhaps|then|tonight|today|now|later|first|after that|this (?:afternoon|evening|"
    r"morning)|in a (?:bit|minute|moment|few minutes)),? )*"
    r"(?:would you like(?: to\b| me to\b)?|would you prefer(?: to\b)?|would you rather|"
    r"do you want(?: to\b| me to\b)?|would it help(?: if i\b| to\b| if we\b)?|how about|what about|"
    r"shall we|we can|we could|you could|you can|fancy|if you like,?|if you want,?|or|"
    rf"(?:shall i|should i|can i|could i|i can|i could|i'll|i will|let me|i'm happy to) (?={_GIVING}))\s*"
)
_TALK = re.compile(r"^(?:talk|tell|chat|speak|say|explain|go over)\b")
_OFFER_TAIL = re.compile(
    r"\s*(?:,?\s*(?:if you (?:like|want|fancy|'d like|would like)|for you|instead|then|maybe|perhaps|"
    r"now|first|as well|too|with me|if that helps|if that would help|would you)\s*)+$"
)
_PROMISE = re.compile(
    r"\bi(?:'ll| will| am going to|'m going to) "
    r"(?!be\b|stay\b|leave\b|come back\b|check\b|give you (?:some )?"
    r"(?:space|time|a minute))([a-z' ]{3,})"
)
_NEW_CLAUSE = re.compile(r"\b(?:and|so|then|but) (?:we|i|you|she|he|they)(?:'ll|'d| will| can| could)?\b.*")
_INTRODUCTION = re.compile(r"\b(?i:i'm|i am|my name is|my name's|it's|this is)\s+([A-Z][a-z]+)\b")
_STAFF_ROLE = re.compile(
    r"\b(?:one of the|the|your) (?:nurses?|staff|health ?care assistants?|hca|doctors?)\b"
)
_CLOSING = re.compile(
    r"\b(?:i'll|i will|i'm going to|i am going to) (?:come back|be back|pop back|check (?:on|in with) you|"
    r"leave you|give you (?:some )?(?:space|time|a (?:few )?minutes?))|\b(?:see you|bye|goodbye|catch you)\b|"
    r"\bi'll be (?:at|in|just|over|down|by)\b|\btake your time\b|\bif you (?:want|need) me\b|"
    r"\bi'll let you (?:have a think|think|be|get|rest)\b|\bi'm (?:in|at) the \w+ (?:till|until)\b"
)
_VERBS = re.compile(
    r"^(?:get|make|bring|fetch|find|ring|call|phone|text|email|sit|go|come|have|take|give|grab|put|show|read|"
    r"talk|chat|speak|look|walk|check|sort|ask|arrange|book|help|try|do|write|use|borrow|pop|head|step|stay|"
    r"spend|watch|play|draw|listen)\b\s*"
)
_OBJECT_PRONOUN = re.compile(r"^(?:you|yourself|us|me|them|her|him|it)\b\s*")
_PREPOSITION = re.compile(
    r"^(?:in|into|to|at|on|for|with|about|over|through|outside|out|up|down|round|around)\b\s*"
)
_PERSPECTIVE = {
    "you": "me",
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "you're": "I'm",
    "me": "you",
    "my": "your",
    "i": "you",
    "i'll": "you'll",
    "we": "we",
}
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
_VALIDATION = re.compile(
    r"\b(?:that|it|this) (?:sounds|must be|must have been|is|was) (?:really |so |very |pretty |quite )?"
    r"(?:hard|awful|horrible|frightening|scary|upsetting|frustrating|difficult|rough|tough|painful|unfair|"
    r"rubbish|lonely|a lot|too much)|\bmakes (?:total |complete )?sense\b|"
    r"\bi can (?:see|hear|tell|imagine)\b|\bi understand\b|\bno wonder\b|\bof course you\b|"
    r"\byou(?:'re| are| sound| seem| look) (?:really |so |very )?"
    r"(?:scared|frightened|upset|angry|frustrated|fed up|worried|sad|low|hurt|annoyed|let down|exhausted)|"
    r"\banyone would\b|\bi'd be (?:\w+ )?(?:upset|angry|scared|frustrated|furious|worried) too\b"
)
_APOLOGY = re.compile(
    r"\b(?:sorry|apologi[sz]e|my apologies|my fault|i was wrong|we got (?:it|that) wrong)\b"
)
_INSTRUCTION = re.compile(
    r"^(?:(?:right|now|okay|ok|come on|listen),? )?(?:please )?"
    r"(?:go|sit|stop|come|take|calm|put|get|stay|move|wait|leave|give|lower|keep|back|step|hand|quiet|"
    r"settle|shut|don't|do not|you need to|you have to|you must|"
    r"you've got to|i need you to|i want you to)\b"
)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, straight apostrophes, single spaces."""
    return _SPACE.sub(" ", text.replace("’", "'").replace("‘", "'").lower()).strip()


@lru_cache(maxsize=4096)
def _phrase(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w']){re.escape(phrase)}")


def mentions(text: str, words: Iterable[str]) -> int:
    """How many of `words` (lower-case words or phrases, matched at word starts) `text` (folded) holds."""
    return sum(1 for w in words if _phrase(w).search(text))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


# --------------------------------------------------------------------------- the need


def speaks_to_need(text: str, meanings: Iterable[NeedMeaning]) -> NeedMeaning | None:
    """The first way of speaking to the need that `text` takes: a word of every group, each found in a
    clause that is not negated ("I can't ring her" does not count as ringing her)."""
    clauses = [c for c in _clauses(fold(text)) if not _NEGATED.search(c)]
    if not clauses:
        return None
    open_text = " | ".join(clauses)
    for meaning in meanings:
        if all(mentions(open_text, group) for group in meaning.all_of):
            return meaning
    return None


def _clauses(folded: str) -> list[str]:
    return [c.strip() for s in sentences(folded) for c in _CLAUSE_BREAK.split(s) if c.strip()]


# --------------------------------------------------------------------------- reading a turn


def read_acts(staff_text: str, persona: Persona, grade: Grade | None = None) -> Reading:
    """The acts of `staff_text` for a scene with `persona`; `grade` (the grader's) decides the no, the
    threat and the validation."""
    words = _read_words(_without_actions(staff_text), persona)
    reading = Reading(
        acts=set(words.acts),
        questions=list(words.questions),
        offers=list(words.offers),
        promises=list(words.promises),
        name=words.name,
        meets_need=words.meets_need,
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


@dataclass(frozen=True)
class _Words:
    acts: frozenset[Act]
    questions: tuple[Question, ...]
    offers: tuple[Offered, ...]
    promises: tuple[str, ...]
    name: str | None
    meets_need: bool


_CACHE: dict[tuple[int, str], _Words] = {}
_CACHE_SIZE = 4096


def _read_words(said: str, persona: Persona) -> _Words:
    """What the words alone do; a scene rereads its earlier turns on every reply, so this is cached."""
    key = (id(persona), said)
    cached = _CACHE.get(key)
    if cached is not None and _CACHE_OWNERS.get(id(persona)) is persona:
        return cached
    folded = fold(said)
    acts: set[Act] = set()
    firsts = [fold(s) for s in sentences(said)]
    if _VALIDATION.search(folded):
        acts.add(Act.validation)
    if _APOLOGY.search(folded):
        acts.add(Act.apology)
    if any(_INSTRUCTION.match(s) for s in firsts):
        acts.add(Act.instruction)
    name = _introduced_name(said)
    if name or (_STAFF_ROLE.search(folded) and re.search(r"\b(?:i'm|i am)\b", folded)):
        acts.add(Act.introduction)
    if _CHECK_IN.search(folded):
        acts.add(Act.check_in)
    if _CLOSING.search(folded):
        acts.add(Act.closing)
    offers = _offers(folded, persona)
    if offers:
        acts.add(Act.offer)
    questions = _questions(said, persona, offers)
    if questions:
        acts.add(Act.question)
    words = _Words(
        acts=frozenset(acts),
        questions=tuple(questions),
        offers=tuple(offers),
        promises=tuple(_promised(m.group(1)) for m in _PROMISE.finditer(folded)),
        name=name,
        meets_need=speaks_to_need(said, persona.unmet_need.meant_by) is not None,
    )
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
        _CACHE_OWNERS.clear()
    _CACHE[key] = words
    _CACHE_OWNERS[id(persona)] = persona  # keeps the id meaning this persona while it is cached
    return words


_CACHE_OWNERS: dict[int, Persona] = {}


def _without_actions(text: str) -> str:
    """The words said aloud: stage directions (*steps back*) and bracketed asides left out."""
    return re.sub(r"\*[^*]*\*|\[[^\]]*\]", " ", text)


def _introduced_name(said: str) -> str | None:
    for match in _INTRODUCTION.finditer(said.replace("’", "'")):
        name = match.group(1)
        if name not in _NAME_STOPWORDS:
            return name
    return None


def _questions(said: str, persona: Persona, offers: list[Offered]) -> list[Question]:
    found: list[Question] = []
    for sentence in sentences(said):
        s = fold(sentence)
        if not (s.endswith("?") or _QUESTION_START.match(s)):
            continue
        if _OFFER_LEAD.match(s) and offers and not _TALK.match(_after_lead(s)):
            continue  # "would you like a drink?" is an offer, answered as one
        found.append(Question(sentence, topic_of(s, persona.listening.topics), bool(_FACTUAL.search(s))))
    return found


def topic_of(folded: str, topics: Iterable[Topic]) -> Topic | None:
    """The topic the question is about: the one whose `words` it names most (longer phrases weigh more),
    or, when it names none, the one whose own answers share most of the question's content words (at
    least two), so "when did you first notice?" finds the account that tells when."""
    topics = list(topics)
    best: tuple[float, Topic | None] = (0.0, None)
    for topic in topics:
        score = sum(1 + 0.5 * w.count(" ") for w in topic.words if _phrase(w).search(folded))
        if score > best[0]:
            best = (score, topic)
    if best[1] is not None:
        return best[1]
    asked = stems(folded)
    for topic in topics:
        shared = len(asked & _topic_stems(topic))
        if shared >= MIN_SHARED and shared > best[0]:
            best = (shared, topic)
    return best[1]


# One shared word is too often chance (measured on the dev half of the coherence suite).
MIN_SHARED = 2
_STOP_WORDS = (
    "the a an and or but if so to of in on at for with about from by is are was were be been being "
    "am do does did done have has had having you your yours i me my we us our they them their he him "
    "his she her it its this that these those there here what when where which who whom whose why "
    "how can could would should will shall may might must not no yes just now then than too very "
    "really any some all more most other again ever also only still going want like get got tell "
    "told say said know think okay right well "
)
_STOP = frozenset(_STOP_WORDS.split())

_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly|er)$")


def stems(folded: str) -> set[str]:
    """Content words of folded text, crudely stemmed ('noticed' -> 'notic'), leaving out stop words."""
    words = re.findall(r"[a-z][a-z']+", folded)
    return {_SUFFIX.sub("", w.replace("'", ""))[:7] for w in words if len(w) > 2 and w not in _STOP}


@lru_cache(maxsize=1024)
def _topic_stems_of(about: str, answers: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stems(fold(" ".join((about, *answers)))))


def _topic_stems(topic: Topic) -> frozenset[str]:
    return _topic_stems_of(topic.about, tuple(topic.answers.every()))


# Offers in other shapes than a lead: "there's a quiet room free if you want it", "you're welcome to use
# the phone", "how does a walk sound?", "would some toast help?", "cup of tea?".
_OFFER_SHAPES = (
    re.compile(r"^(?:there's|there is) (.+?) (?:free |spare )?(?:if you (?:want|like|fancy|need)|for you)\b"),
    re.compile(r"^(?:you're|you are) (?:welcome|free) to (.+)"),
    re.compile(r"^feel free to (.+)"),
    re.compile(r"^how (?:does|would|about) (.+?) (?:sound|be|feel)$"),
    re.compile(r"^would (?:a |an |some )(.+?) help$"),
)


_SOME = re.compile(r"^(?:a|an|some|another|more|any|cup|glass|mug|bit of|slice)\b")


def _shaped(sentence: str) -> str | None:
    """The offered thing of a sentence shaped as an offer without a lead, as a clause with one."""
    bare = sentence.rstrip("?.! ")
    for shape in _OFFER_SHAPES:
        if match := shape.match(bare):
            return f"would you like {match.group(1)}"
    if sentence.endswith("?") and len(bare.split()) <= 4 and _SOME.match(bare):
        return f"would you like {bare}"  # "Cup of tea?"
    return None


def _offers(folded: str, persona: Persona) -> list[Offered]:
    clauses: list[str] = []
    for sentence in sentences(folded):
        if shaped := _shaped(sentence):
            clauses.append(shaped)
            continue
        parts = [p.strip() for p in re.split(r",? or |, (?=\w)", sentence.rstrip("?.!")) if p.strip()]
        # "Would you like a drink or some toast?": the second choice carries the first one's lead.
        led = [p for p in parts if _OFFER_LEAD.match(p + " ")]
        if led:
            clauses.extend(
                p for p in parts if p in led or sentence.rstrip().endswith("?") or " or " in sentence
            )
    offered: list[Offered] = []
    for clause in clauses:
        if _after_lead(clause) in _BARE:  # "Do you want one?": the one named just before
            clause = _referent(folded, clause) or clause
        if _NEGATED.search(clause) or not clause.strip():
            continue
        if _TALK.match(_after_lead(clause)):
            continue  # "would you like to tell me about it?" asks, and is answered as a question
        listed = _listed(clause, persona.listening.offers)
        words = thing_offered(clause)
        if not words and listed is None:
            continue
        if all(o.words != words or o.listed != listed for o in offered):
            offered.append(Offered(words=words or listed.about if listed else words, listed=listed))
    return offered


def _referent(folded: str, clause: str) -> str | None:
    """The thing a bare "one" or "it" offer points back to: the first thing named in the sentence before."""
    said = sentences(folded)
    at = next((i for i, s in enumerate(said) if _after_lead(clause) in s and s.startswith(clause[:12])), None)
    if not at:
        return None
    thing = _THING.search(said[at - 1])
    if thing is None:
        return None
    return "would you like " + re.split(r"\b(?:in|on|at|from|for|if)\b", thing.group(0))[0].strip()


def _listed(clause: str, offers: Iterable[Offerable]) -> Offerable | None:
    best: tuple[float, Offerable | None] = (0.0, None)
    for offer in offers:
        score = sum(1 + 0.5 * w.count(" ") for w in offer.words if _phrase(w).search(clause))
        if score > best[0]:
            best = (score, offer)
    return best[1]


def _promised(words: str) -> str:
    """What staff said they would do, as the patient would quote it back: "you'd ring my sister"."""
    doing = _NEW_CLAUSE.sub("", words).strip()
    return "you'd " + _patient_side(_short(doing))


def thing_offered(clause: str) -> str:
    """The offered thing as a short noun phrase from the patient's side ('would you like me to bring your
    sketchbook' -> 'my sketchbook'; 'shall we sit in the lounge' -> 'sitting in the lounge'), or '' when
    the clause names no thing that a reply could repeat ("you can come and get them any time")."""
    text = whole = _OFFER_TAIL.sub("", _after_lead(clause))
    doing = _DOING.match(text)
    if doing:  # "ring your sister": the doing is the thing, said as "ringing my sister"
        verb = doing.group(1)
        return _patient_side(_GERUND.get(verb, verb + "ing") + text[doing.end(1) :])
    for step in (_VERBS, _OBJECT_PRONOUN, _PREPOSITION, _VERBS, _OBJECT_PRONOUN, _PREPOSITION):
        shorter = step.sub("", text, count=1)
        if shorter:
            text = shorter
    text = re.split(r"\b(?:and then|so that|so you|while|because|if)\b", text)[0].strip(" ,")
    if len(text) < 3 or text in _BARE:
        text = whole  # "sit down": the doing is the thing offered
    thing = _THING.search(text)
    if not text.strip():
        return ""
    if not (_THING.match(text) or text.split()[0].endswith("ing")):
        text = thing.group(0) if thing else ""
    return _patient_side(_short(_NEW_CLAUSE.sub("", text)))


_DANGLING_WORDS = "a an the to of in on at for with my your and or from by about"
_DANGLING = frozenset(_DANGLING_WORDS.split())


def _short(text: str) -> str:
    """At most MAX_WORDS words, never ending on a word that needs one after it ("take it to the")."""
    words = text.split()[:MAX_WORDS]
    while words and words[-1] in _DANGLING:
        words.pop()
    return " ".join(words)


# A phrase a reply can repeat starts with a determiner, a possessive or a number ("some toast").
_THING = re.compile(
    r"\b(?:a|an|some|the|your|my|another|more|this|that|any|one of the|\d+|two|three|half)\b.*"
)
MAX_WORDS = 8  # a quoted offer longer than this reads as a recital, not a reply


_DOING = re.compile(
    r"^(ring|call|phone|text|email|walk|talk|chat|speak|sit|watch|play|draw|listen|read|write)\b"
)
_GERUND = {"sit": "sitting", "phone": "phoning", "write": "writing", "chat": "chatting"}
_BARE = {"down", "up", "out", "here", "there", "back", "a bit", "for a bit", "it", "that", "this", "one"}


def _after_lead(clause: str) -> str:
    text = fold(clause).rstrip("?.!, ")
    while (lead := _OFFER_LEAD.match(text + " ")) and 0 < lead.end() <= len(text):
        text = text[lead.end() :]
    return text


def _patient_side(text: str) -> str:
    """Staff words turned round for the patient to say: your -> my, you -> me."""
    return " ".join(_PERSPECTIVE.get(w, w) for w in text.split()).strip()
