"""Which sentences of a staff turn ask the patient something, and what about: a question's topic (the
persona's topic it names, or whose answers it shares words with), whether it asks for a fact they may not
know, for an account, or for a yes or a no to something proposed. Read by coach.acts with the rest of a
turn's acts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from coach.listening import Topic
from coach.models import Persona
from coach.offers import OFFER_LEAD, SEAT_SAID, TALK, WHY_NOT, Offered, after_lead
from coach.wording import ENDEARMENTS, fold, named_most, sentences, stems


@dataclass(frozen=True)
class Question:
    """A sentence of a staff turn that asks the patient something, as read."""

    text: str
    topic: Topic | None = None
    factual: bool = False  # who/when/where/which: a fact the patient may not know
    open: bool = True  # what/why/how ... or "tell me": asks for an account, not a yes or a no
    proposes: bool = (
        False  # "shall I ask Kofi to ...?", "want me to put you down for ...?": a yes or no to it
    )


_QUESTION_START = re.compile(
    r"^(?:so |and |okay,? |ok,? |right,? |well,? |go on(?: then)?,? )?"
    r"(?:what|why|how|who|when|where|which|is|are|was|were|do|does|"
    r"did|can|could|would|will|have|has|had|shall|should|may|tell (?:me|us)|talk me through|teach me|"
    r"show me how)\b"
    # "Can't remember, sorry", with no question mark, says they cannot; it asks nothing.
    r"(?!n?'t\b)"
)
# A wh-word then its subject, with no "?": a clause that a statement opens with ("What I can do is ring
# her", "When you're ready, come through"), not a question ("What do you need", "How are you"). A bare
# "you" is left out: "What you up to" and "Where you off to" are typed questions.
_CLAUSE_START = re.compile(
    r"^(?:so |and |okay,? |ok,? |right,? |well,? )?(?:(?:what|when|where|who|why) "
    r"(?:i|i'm|i'll|i've|we|we're|we'll|we've|you're|you'll|you've|he|she|they|they're|it|it's|the)\b|"
    # "When Kofi's back tomorrow, I'll ask him ...": when someone is or does something, said as a statement.
    r"when [a-z]+(?:'s| is| gets| comes| has) |"
    # "When you were at the door, I ...": a question puts the verb first ("when were you ...").
    r"(?:what|when|where|who|why) you (?:were|was|had|did|said|got|came|went|told|asked|saw|felt|wanted)\b|"
    # "What happens now is that we sit down with the letter", "what happens this morning is just talking":
    # what will be, said, not asked.
    r"what (?:[a-z']+ ){1,4}is (?:that|to|just|only|all)\b)"
)
# A fact the patient may not know: "do you know ...", or who/when/where about something not their own.
_FACTUAL = re.compile(
    r"^(?:so |and )?(?:(?:do|did|d') ?you know\b|has anyone (?:told|said)\b|"
    r"(?:who|when|where|which|what time|how many|how much|how long|whose)\b"
    r"(?!.*\b(?:you|your|you've|you're)\b))"
)


def questions_in(said: str, persona: Persona, offers: list[Offered]) -> list[Question]:
    """The sentences of `said` (a staff turn in standard spelling) that ask the patient something, each with
    what it is about; an offer, a tag on a statement or an instruction, and "tell me" after a question ask
    nothing of their own."""
    found: list[Question] = []
    for sentence in sentences(said):
        s = fold(sentence)
        lead_in = _LEAD_IN.match(s)
        if lead_in and s.endswith("?") and _QUESTION_START.match(s[lead_in.end() :]):
            # "Different question while I'm doing the tea round: how many sugars?": what follows the colon.
            sentence = sentence[lead_in.end() :]
            s = s[lead_in.end() :]
        if not (s.endswith("?") or _QUESTION_START.match(s)) or _TAG.match(s) or SEAT_SAID.match(s):
            continue
        if not s.endswith("?") and _CLAUSE_START.match(s):
            continue  # "What I can do is ...", "When you're ready, ...": a statement that opens with a clause
        if found and _ASKS_AGAIN.match(s):
            continue  # "What would help? Tell me and I'll see.": the question before it, asked again
        if _TAGGED.search(s) and not _QUESTION_START.match(s):
            continue  # "Keep it down a bit, yeah?": the statement is what they answer, not a question
        if OFFER_LEAD.match(s) and offers and not TALK.match(after_lead(s)):
            continue  # "would you like a drink?" is an offer, answered as one
        if WHY_NOT.match(s) and any(o.listed for o in offers):
            continue  # "why don't you want a drink?": their answer to the drink says why, or takes it
        # "Kofi told me you've got a balcony garden, what are you growing?": where staff heard it opens the
        # question, and is no part of what it asks about.
        s = _SOURCES.sub("", s, count=1) or s
        open_ = bool(_OPEN.match(s) or _ASKS_TO_ASK_WHAT.search(s))
        # "You've kept that coat on. Warm enough in it?": a question naming nothing is about what the
        # turn named around it.
        # "How long've you had those binoculars?" is about the binoculars: the words that ask ("how long")
        # name a topic only when nothing else in the question does.
        # "When it's your weekend, what film are you putting on?": the question after a clause that sets
        # the scene says what it is about; the clause is with the rest of the turn.
        scene = SCENE_SET.match(s)
        asked_of = _ASKING.sub("", s[scene.end() :] if scene else s, count=1)
        topic = (
            (named_most(asked_of, persona.listening.topics) if asked_of != s else None)
            # "You've got tomatoes on the go. Who's looking after them?": a question whose thing is a
            # pronoun names nothing itself; the thing is what the turn named around it.
            # "These binoculars on the window, they're yours?" names its thing before the pronoun.
            or (
                named_most(_around(said, s, scene), persona.listening.topics)
                if _POINTS_BACK.search(s) and named_most(asked_of, persona.listening.topics) is None
                else None
            )
            # Read by its answers, the question's asking words ("what time", "when") are no part of what it
            # is about: "what time did you last eat?" is not about "what happens next" through "time".
            or topic_of(asked_of, persona.listening.topics, by_answers=open_)
            or named_most(_SOURCES.sub("", fold(said)), persona.listening.topics)
            or named_most(fold(said), persona.listening.topics)
        )
        if _PURPOSE.match(s):
            # "What's the trip to the shop for?", "why do you need to go today?": what they want it for.
            topic = wanted_topic(persona) or topic
        found.append(Question(sentence, topic, bool(_FACTUAL.search(s)), open_, bool(_PROPOSES.match(s))))
    return found


# How they are, asked with nothing it is about: "how are you doing now, bit better?", "before we ring them,
# how are you feeling?", "you alright?"; not "how are you feeling about Thursday?" nor "... with the letter?".
_CHECKS_ON_THEM = re.compile(
    r"^(?:[^,?]+, )?(?:(?:so|and|okay|ok|right|well),? )*"
    r"(?P<asks>(?:how(?: are|'re| r)? you(?: are)? (?:doing|feeling|getting on|holding up|keeping)|"
    r"how are you|how(?:'s| is) it going|(?:are )?you (?:ok|okay|alright|all right))"
    # then only when, where and whom: "now, bit better?", "in yourself, Beth?"
    r"(?:,? (?:now|today|tonight|this (?:morning|afternoon|evening)|in yourself|at the moment|then|there|"
    rf"(?:a )?bit better|any better|better|{ENDEARMENTS}))*(?:,? [a-z]+)?\?)$"
)


def checks_on_them(question: str, persona: Persona) -> bool:
    """True when folded `question` asks how they are and about nothing else: not about a topic of the
    persona's that the asking itself names ("how are you feeling?" of their feelings)."""
    checking = _CHECKS_ON_THEM.match(question)
    return checking is not None and named_most(checking.group("asks"), persona.listening.topics) is None


# A question asking what something they want to do is for: answered by what they want, whatever the doing
# names ("the shop" of "what's the trip to the shop for?" is the trip, not the leave that was cancelled).
_PURPOSE = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well|sorry|first|before anything else),? |[a-z]+, )*"
    r"(?:why (?:do|did|would) you (?:want|need|wanna)|"
    r"what (?:do|did) you (?:want|need) (?:it|that|to\b.*) for|"
    r"what (?:are|were) you (?:going|wanting|hoping)\b.* for|"
    r"what(?:'s| is| was) (?:the|your|this|that|today's) (?:[a-z]+ )?(?:trip|outing|leave|visit|walk|"
    r"journey|call|phone call|rush|hurry)\b.* for)\b"
)


def _around(said: str, question: str, scene: re.Match[str] | None) -> str:
    """What the turn says around the (folded) question: its other sentences, less where staff heard them,
    and the clause that set the question's scene."""
    return _SOURCES.sub("", fold(said).replace(question, " ")) + (" " + scene.group(0) if scene else "")


# A leading clause of when, once, if or after that a question word follows: "when you're home, what ...?"
# (before a yes/no question it is left: "when they said 'later', did anyone give you a time?" asks one).
SCENE_SET = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well),? )?(?:when|whenever|once|if|after|before|while|as soon as) [^,?]+, "
    r"(?=(?:what|which|who|whose|where|how|why|when)\b)"
)
# Things said as a pronoun: "who's watering them?" ("it" is left: "what would make it right?" names no
# thing of the turn).
_POINTS_BACK = re.compile(r"\b(?:them|those|these)\b")
# Where staff heard what they say, at a sentence's start: "Kofi's notes say you grow tomatoes. Who's
# watering them?" is about the tomatoes, not Kofi (a turn that names nothing else keeps the source).
_SOURCES = re.compile(
    r"(?:^|(?<=[.!?] ))(?:(?:[a-z]+'s|the|your|my|in the|on the) )?"
    r"(?:notes?|handover|care plan|records?|file|chart|board|admission notes)"
    r" (?:says?|said|mentions?|mentioned|reckons?|tells? me)(?: that)? |"
    r"(?:^|(?<=[.!?] ))(?:[a-z]+|someone|somebody|the night staff|the day staff|your [a-z]+)"
    r" (?:said|says|told me|tells me|mentioned)(?: that)? |"
    r"(?:^|(?<=[.!?] ))i (?:heard|hear|read|gather|was told)(?: that)? "
)
# Words before a colon that lead into what follows ("Quick one: ...").
_LEAD_IN = re.compile(r"^[^:?]{1,80}:\s+")


# "Tell me", "go on, tell me" after a question: that question put again, with nothing asked of its own.
_ASKS_AGAIN = re.compile(
    r"^(?:(?:go on|so|and|just),? )*tell me\b(?! (?:what|why|how|who|when|where|which|about|more)\b)"
)


# A question that proposes something staff or the patient would do: answered with a yes, a no or a maybe
# to it, even when what it proposes is not a thing the offers reading knows.
_PROPOSES = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well|then),? )*(?:(?:shall|should) (?:i|we)|"
    r"(?:do you |d'you )?want (?:me|us) to|would you like (?:me|us) to|how about (?:i|we|you)|"
    r"(?:would|could) it help if|"
    # Leave asked to do something where they are ("can I open the curtains a bit?", "is it okay if I put the
    # light on?"): a yes, a no or a condition. Leave to ask or say something is a question still, and "can I
    # have / get ...?" asks for a thing.
    r"(?:(?:can|could|may) i|(?:is it |would it be )?(?:ok|okay|alright|all right) if i|"
    r"(?:do you )?mind if i)"
    r" (?!(?:just |quickly )*(?:ask|say|tell|check|be honest|talk|speak|have|get)\b)[a-z]+)\b"
)


# A statement with a tag on the end ("..., yeah?", "..., isn't it?") asks them to agree with it.
_TAGGED = re.compile(
    # "Shout if you need owt yeah?": the tags typed without their comma too
    r"\s(?:yeah|yea|eh|innit)\?$|"
    r",\s*(?:yeah|yes|ok|okay|alright|all right|right|eh|innit|fair|deal|"
    r"(?:is|was|are|do|does|did|have|has|can|will|would)n't (?:it|you|they|that|he|she|we|i)|is it|"
    # "Give over following me, will you?": an order or a request with its tag
    r"(?:will|can|could) you)\?$"
)
# A question that asks for an account: its topic may be read from what the persona's answers say. A yes/no
# question ("Have you had anything to eat?") is about what it names, or about nothing in particular.
_OPEN = re.compile(
    # "Nadia, what's going on?", "Ah nice, what position are you?"
    r"^(?:(?:so|and|okay|ok|right|well|sorry|go on|go on then),? |(?:[a-z]+ )?[a-z]+, )*"
    # "Go on, teach me": asked for what they know, as "tell me" asks for an account; so does "can you tell
    # me what the letter's about?", which asks for it, not whether they can
    r"(?:(?:can|could|would|will) you (?:please |just )?(?=tell (?:me|us)|talk me through|explain))?"
    r"(?:what|why|how|when|where|who|which|tell (?:me|us)|talk me through|teach me|show me how|explain)\b"
)


# A question asked by asking leave to ask it: "before I answer, can I ask what you've been told so far?".
_ASKS_TO_ASK_WHAT = re.compile(
    r"\b(?:can|could|may|might) i (?:just )?ask(?: you)?,? (?:what|why|how|when|where|who|which)\b"
)


# The words that ask for a kind of answer, at the start of a question.
_ASKING = re.compile(
    r"^(?:(?:so|and|okay|ok|right|well|sorry),? )*(?:how long(?:'ve|'s| have| has| had| did| do| will)?|"
    r"how often|how many|how much|what time|since when|when|where|who|why)\b"
)


# A tag after a statement ("... and I hear your side first. Yeah?") asks them to agree with it; it asks
# nothing of its own, so the statement is what they answer.
_TAG = re.compile(
    r"^(?:yeah|yes|okay|ok|alright|all right|right|deal|fair|honestly|seriously|sound good|sounds good|"
    r"(?:is )?that (?:ok|okay|alright|all right|fair)(?: (?:with|for|by) you)?|"
    # "Is okay?": a learner's "is that okay?"
    r"is (?:ok|okay|alright|all right|good|fine))\??$"
)


def wanted_topic(persona: Persona) -> Topic | None:
    """The topic of what they want: the one staff reach by asking so, else the one their request names."""
    topics = persona.listening.topics
    wants = topic_of(_ASKING_WANTS, topics, by_answers=False)
    if wants is None and persona.request:
        wants = topic_of(fold(persona.request), topics)
    return wants


_ASKING_WANTS = "what do you want what would you like what would help"


def topic_of(folded: str, topics: Sequence[Topic], by_answers: bool = True) -> Topic | None:
    """The topic the question is about: the one whose `words` it names most (longer phrases weigh more),
    or, when it names none and `by_answers`, the one whose own answers share most of the question's
    content words (at least two), so "when did you first notice?" finds the account that tells when."""
    named = named_most(folded, topics)
    if named is not None or not by_answers:
        return named
    asked = stems(folded)
    best: tuple[int, Topic | None] = (0, None)
    for topic in topics:
        if topic.by_words_only:
            continue
        shared = len(asked & _topic_stems(topic))
        if shared >= MIN_SHARED and shared > best[0]:
            best = (shared, topic)
    return best[1]


# One shared word is too often chance (measured on the dev half of the coherence suite).
MIN_SHARED = 2


@lru_cache(maxsize=1024)
def _topic_stems_of(about: str, answers: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stems(fold(" ".join((about, *answers)))))


def _topic_stems(topic: Topic) -> frozenset[str]:
    return _topic_stems_of(topic.about, tuple(topic.answers.every()))
