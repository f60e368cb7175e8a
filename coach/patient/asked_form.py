"""The form of an honest answer to a question: whether it asks for their view (what they want, would like,
prefer, make of something, or how they feel) rather than a fact, which topic holds that view, and the
non-answer that fits a fact the persona file does not hold.

A view is never remembered or forgotten: asked "what sort of card were you thinking of?" or "what would help
most with the letter?", a patient does not say "I can't remember", and a fact of the file restated ("The
pharmacy changed supplier on Tuesday.") is not what they make of it. Their answer is what they have said
they want (the topic staff reach by asking what they want) or how they feel (the topic of their
feelings), in the band's voice. A fact asked for that nothing holds gets "can't remember" only for a thing
of their own they would have known, and "don't know" for one they may never have been told.
"""

from __future__ import annotations

import re

from coach.acts import topic_of
from coach.asking import wanted_topic
from coach.grading.rules.dispatch import compile_keyed
from coach.listening import Topic
from coach.models import Band, Persona
from coach.patient.asked import Asked, named
from coach.patient.asked_of import OTHERS_DECIDE
from coach.patient.facts import asks_own, told_facts
from coach.patient.pools import Pool, lines_at
from coach.wording import fold, stems

# Asking what they need or hoped for: "what would help", "what'd be best", "what sort were you expecting?",
# "what had you pictured?", "what would you settle for?". Their answer is what they want in this scene.
_NEED = (
    r"\b(?:were|are) you (?:expecting|hoping|thinking|wanting|after|looking for|picturing|imagining)\b|"
    r"\b(?:do|did|had|have) you (?:picture|imagine|expect|hope|want)\b|"
    r"\b(?:would|'d|could|might) (?:help|make|feel|work)\b|"
    # What would have to come first: "what would need to happen for you to feel up to it?", "what needs to
    # change?". Feeling up to something is being ready for it, not a feeling asked after.
    r"\bwhat\b[^?.]{0,30}?\b(?:would|'d|will|needs to|has to|have to|must) (?:(?:need|have) to )?"
    r"(?:happen|change)\b|\bfeel up to\b|"
    # What would let them feel sure, safe or ready: "what would let you feel sure enough to decide?"
    r"\bwhat (?:would|'d|could|might|will|can) (?:let|make|help|get) you(?: to)? (?:feel|be|trust|decide)\b|"
    # What they would accept, settle for or do: a wish, never a thing to remember.
    r"\b(?:would|'d) you (?:accept|settle|take|need|do|say|choose|pick|go for|be happy)\b|"
    # what they meant to get or do: "what were you going to get at the shop?", "what was it you were after?"
    r"\bwhat (?:was it |is it )?(?:were |are |was )?you(?: were| are)? "
    r"(?:(?:going to|gonna|hoping to|planning to|wanting to) (?:get|buy|pick up)|after)\b|"
    # asked inside another question: "may I ask what you would need to see?"
    r"\b(?:what|which) you(?: would|'d) (?:need|want|like|prefer|accept|settle for)\b|"
    r"\b(?:would|'d) (?:it |that |this )?be (?:best|better|easiest|most|more|fair|good|nice|helpful|useful)\b"
)
# Asking what someone likes or would choose of a thing: "which would she love?", "what kind do you like?",
# "what's your favourite?". Their answer is what they say of that thing, not the scene's want.
_TASTE = (
    r"\b(?:would|'d|do|did|does) \w+ (?:like|love|want|prefer|rather|fancy|enjoy)\b|"
    r"\bprefer\b|\bfancy\b|\bfavou?rite\b|\blike best\b"
)
# Asking what they make of something: "what do you make of", "do you reckon", "in your view".
_OPINION = (
    r"\b(?:what|how) do you (?:make of|think|reckon|find)\b|\bd'you (?:think|reckon)\b|\byou reckon\b|"
    r"\bin your (?:view|opinion)\b|\bis (?:it|that) fair\b"
)
# Asking how they feel: "how are you feeling about ...", "how did it feel, seeing that?".
_FEELING = (
    r"\bhow (?:are|were|do|did|does|is|was) (?:you|it|that|this)\b.*\b(?:feel|feeling|felt)\b|"
    r"\bfeel(?:ing|s)? about\b"
)
_ASKS_VIEW = compile_keyed(f"{_NEED}|{_TASTE}|{_OPINION}|{_FEELING}")
_ASKS_NEED = re.compile(_NEED)
_ASKS_FEELING = re.compile(_FEELING)
# A view is asked with what, which or how: "do you want a tea?" and "fancy a game of darts?" offer a thing
# (coach.offers), and "would you rather I stayed?" weighs what staff would do.
_WH = re.compile(r"\b(?:what|which|how)\b")
# Staff putting a doing of theirs ("I could ..., what do you reckon?", "want me to ...?") or its condition
# ("..., if you think it'd help?"): what they make of it is answered by the offer's own lines. Not a wish
# ("if you could have one thing, what would it be?").
_STAFF_DOING = compile_keyed(
    r"\b(?:i|we)(?:'ll| will| could| can| might|'d| would)\b(?!'t|n't)|\bme to\b|"
    # a condition put first and then a question of their own ("If we can't do the shop, what ...?") is theirs
    r"^\W*if\b(?! you could\b)(?![^,]*,\s*(?:what|which|how)\b)"
)
# Words that only ask for a view or point at what was put to them ("which one would you prefer?"): a view
# question with no other word names nothing of its own and weighs what staff just said.
_VIEW_WORDS = frozenset(
    stems(
        "think reckon make like love want prefer rather fancy favourite best help feel feeling felt expect "
        "expecting hope hoping work fair good nice useful easiest better one either those them these"
    )
)


# Staff inviting their questions: "anything you want to ask me?", "is there something you'd like to
# know?", "any questions for me?", "ask me whatever you like".
_INVITES_ASKING = (
    r"\b(?:anything|something)(?: else)? (?:(?:that )?you(?:'d| would)? (?:want|like|wanna|need) to "
    r"(?:ask|know)|to ask)\b|"
    r"\bwhat (?:else )?(?:do )?you(?:'d| would)? (?:want|need|like|wanna) to (?:ask|know)(?: me| us)?\s*\?|"
    r"\bany (?:other )?questions\b|\bask me (?:anything|whatever)\b"
)
_INVITES = re.compile(_INVITES_ASKING)
# What would help them, or put things right for them, asked of them ("what would help you most right now?",
# "what would put this right for you?", "what do you need?"): their want, though it names nothing else. A
# bare "what would help?" after an offer weighs the offer.
_WHAT_HELPS = re.compile(
    r"\bwhat (?:would|'d|could|might|will|can) (?:help you|make (?:it|this|things|today|tonight) "
    r"(?:\w+ ){0,2}(?:better|easier|okay|ok|bearable)|make (?:it|this|things) \w+ for you|"
    r"make you feel \w+|put (?:it|this|that|things) right for you|sort (?:it|this|that) out for you)\b|"
    r"\bwhat do you need(?: (?:from (?:me|us)|right now|now|most|today))?\s*\?|"
    # What they want or need, in the words of the question: "what is it you actually want?", "what you
    # are needing from us"; and a wish: "if you could have one thing sorted, what would it be?"
    # Not what they want to say ("jot down what you want to ask them").
    r"\bwhat (?:is it |exactly |it is )?(?:that )?you(?:'re| are)? (?:\w+ )?(?:want|wanting|need|needing)\b"
    r"(?! to (?:ask|say|tell|write|put|know)\b)|"
    # and leave to ask staff what they want to know ("anything you want to ask me?", "any questions for
    # me?"): what they want to know is what they want.
    r"\bif you could\b.*\bwhat would (?:it|that) be\b|" + _INVITES_ASKING
)


def asks_view(question: str, asked: Asked | None, names: frozenset[str]) -> bool:
    """True when `question` asks what they want, would choose, make of a thing it `names` (its content
    words) or feel; not a fact (`asked`, the kind of fact it asks for, is none or a kind of thing), not an
    offer, and not what they make of what staff just put to them (a view question naming nothing else
    weighs that, unless it asks what would help them)."""
    folded = fold(question)
    return (
        asked in (None, Asked.kind)
        and not _STAFF_DOING.search(folded)
        and (bool(_WH.search(folded)) or bool(_INVITES.search(folded)))
        and (
            bool(_WHAT_HELPS.search(folded))
            or (bool(names - _VIEW_WORDS) and bool(_ASKS_VIEW.search(folded)))
        )
    )


def view_topic(persona: Persona, question: str, named: Topic | None) -> Topic | None:
    """The topic that holds the view `question` asks for: their feelings for how they feel; what they want
    (the topic staff reach by asking so, else the one their request names) for what would help or what
    they hoped for; for a taste or an opinion, the topic it `named` (what they say of that thing), else
    what they want."""
    topics = persona.listening.topics
    folded = fold(question)
    if _ASKS_FEELING.search(folded):
        return topic_of("feel feeling", topics, by_answers=False) or named
    if named is not None and OTHERS_DECIDE.search(folded):
        return named  # "what are you hoping Dr Shah says at ward round?": that topic, not what they want now
    if named is not None and not _ASKS_NEED.search(folded) and not _INVITES.search(folded):
        return named
    return wanted_topic(persona) or named


def non_answer(persona: Persona, band: Band, question: str, asked: Asked | None) -> Pool:
    """Their honest non-answer to `question` (asking for `asked`), for a fact nothing of theirs holds:
    "can't remember" when it asks about a thing or a doing of their own ("what did you write it with?",
    "what kind was yours?") or a thing their facts speak of ("what colour was the tub?"); "don't know" for
    anything else ("what's the housing officer's extension?")."""
    acts = persona.listening.acts
    said = _KNOWING.sub(" ", fold(question))  # "do you know ...?" asks for news, not their own doing
    # A thing their facts speak of (the tub, the fridge) is one they have seen or held; a number or an
    # address is known by heart or not, wherever it is written.
    seen = asked is not Asked.code and named(question) & frozenset(stems(fold(" ".join(told_facts(persona)))))
    if asks_own(said) or _YOURS.search(said) or seen:
        return lines_at("not_recalled", acts.not_recalled or acts.dont_know, band)
    return lines_at("dont_know", acts.dont_know, band)


_YOURS = re.compile(r"\byours?\b")
_KNOWING = re.compile(r"\b(?:do|did|d') ?you (?:happen to |actually )?(?:know|remember|recall)\b")
