"""A question about what the patient would do, say, ask or hope next, or in a supposed case ("What's the
first thing you'd do at home?", "If he said sorry, what would you say?", "And if they're the right ones,
what then?"), answered from a topic's `ahead` lines (personas/README.md): what has happened, or what
they want now, is no answer to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coach.asking import topic_of, wanted_topic
from coach.listening import Topic
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at, lines_first
from coach.wording import fold

# Their own doing ahead: "what would you say to him?", "where'd you go first?", "who will you ring?". Not a
# taste or a thing offered ("what would you like to drink?"), a feeling ("how would you feel?"), what
# they would have done ("would you have"), nor what would help them (their want: coach.patient.asked_form).
_YOU = r"(?:you|ye|ya|u)"
_WH = r"\b(?:what|where|who|which|how)\b"
_WOULD = r"(?:would|wd|wud|will|could)"  # typed short too ("what wd you say?")
_WOULD_YOU = (
    rf"{_WH}[^?.]{{0,40}}?\b(?:{_WOULD}|are) {_YOU}(?: be)?(?: going to| gonna)? "
    rf"|{_WH}(?:'d|'ll) {_YOU} "
    rf"|{_WH}[^?.]{{0,40}}?\byou(?:'d|'ll|'re going to|'re gonna) "
    # the order of another tongue: "what you will do?", "where you would go first?"; and a question inside
    # another ("any idea how much you could manage?", "do you know where you'd go?")
    rf"|{_WH}(?: (?:much|many|long|often|far|time|day))? {_YOU} {_WOULD} "
    rf"|\bwhat(?:'s| is| are|'re)? {_YOU} (?:going to|gonna) "
)
_DOING = (
    r"(?:(?:most|really|first|actually|probably|honestly|even) )?"
    r"(?:do|say|ask|tell|go|head|ring|call|phone|text|write|see|visit|cook|make|bake|raise|bring up|put|try|"
    r"pick|start|spend|talk|manage|afford|pay|"
    r"(?:want|like) to (?:do|say|ask|tell|go|see|raise|hear|talk)|hope|need to hear|"
    r"change)\b"
)
_WILL = r"you(?: two| both| all)?(?:'d|'ll| would| will| want|'re going to|'re gonna)\b"
_ASKS_AHEAD = re.compile(
    rf"(?:{_WOULD_YOU}){_DOING}|"
    # "what's the first thing you'd do?", "is there a place you'd want to go first?"
    rf"\b(?:first|next) (?:thing|place|person|one)\b[^?.]{{0,20}}\b{_WILL}|"
    r"\b(?:a|any|one) (?:place|thing|one|person|where)\b[^?.]{0,20}\byou(?:'d| would) (?:want|like) to go\b|"
    # their hopes and plans: "what are you hoping for from Friday?", "anything you're looking forward to?"
    rf"\bwhat (?:(?:are|were|do|did) )?{_YOU} (?:hoping|hope|planning|plan)\b|\bwhat(?:'re| are) you "
    r"(?:hoping|planning)\b|\blooking forward to\b|\byour plans?\b(?= for| after| when|\s*\?)|"
    # "and if they're the right ones, what then?", "then what?"
    r"\bwhat (?:then|next)\s*\?|\bthen what\s*\?"
)
# What they would feel, like or have done is not their doing ahead; what they would like to do is.
_NOT_AHEAD = re.compile(
    r"\byou(?:'d| would| will|'ll) "
    r"(?:have|prefer|fancy|feel|rather|be able|like\b(?! to (?:do|go|say|ask|tell)))"
)


def asks_ahead(question: str) -> bool:
    """True when `question` asks what they would do, say, ask or hope next, or in a supposed case."""
    folded = fold(question)
    return bool(_ASKS_AHEAD.search(folded)) and not _NOT_AHEAD.search(folded)


def ahead_answer(
    persona: Persona, band: Band, question: str, topics: tuple[Topic | None, ...], about: frozenset[str]
) -> Pool | None:
    """What they would do next: the `ahead` lines of the topic the question is about, the first found of
    the one it names, the one it was read as about (`topics`, in that order) and the one whose answers its
    words meet; that topic's answers when it has no `ahead` lines (a topic about what comes next, what they
    will do once home, says it in them). A question about no topic gets the `ahead` lines of what they
    want, or nothing when that topic has none."""
    found = [t for t in topics if t is not None]
    if not found:
        by_answers = topic_of(fold(question), persona.listening.topics)
        found = [by_answers] if by_answers is not None else []
    topic = found[0] if found else wanted_topic(persona)
    if topic is None:
        return None
    if topic.ahead is None:
        return (
            Pool(f"topic:{topic.id}", lines_at(f"topic:{topic.id}", topic.answers, band).lines, about)
            if found
            else None
        )
    return Pool(f"ahead:{topic.id}", lines_at(f"ahead:{topic.id}", topic.ahead, band).lines, about)


def fitting_first(pool: Pool, asked: str) -> Iterator[Pool]:
    """The pool's lines that set no case of their own, or one the question `asked` (with what the turn put
    before it) speaks of, then the rest: "If I got to the shop, I'd ..." and "Tomorrow? Same again." answer
    only a question about that case."""
    words = _plain_words(asked)
    return lines_first(pool, lambda line: _fits(line, words))


def _fits(line: str, asked: frozenset[str]) -> bool:
    folded = fold(line)
    if not _OWN_CASE.match(folded):
        return True
    return bool(_plain_words(_CLAUSE_END.split(folded, maxsplit=1)[0]) & asked)


def _plain_words(text: str) -> frozenset[str]:
    """The words of `text` less those that only hold a sentence together ("if they're right" meets "if
    they're the right ones" by "right", which the content words of coach.patient.meaning leave out)."""
    return frozenset(re.findall(r"[a-z]+", fold(text))) - _GLUE


# fmt: off
_GLUE = frozenset({
    "if", "once", "when", "next", "time", "say", "i", "you", "he", "she", "they", "it", "we", "me",
    "him", "her", "them", "the", "a", "an", "and", "or", "but", "so", "then", "is", "are", "was", "were",
    "be", "been", "do", "did", "does", "d", "ll", "s", "re", "ve", "m", "t", "would", "will", "could",
    "what", "that", "this", "there", "to", "of", "in", "on", "at", "for", "with", "just",
})
# fmt: on
# A line that opens on a case of its own: "if ...", "once ...", or a word or two asked back ("Tomorrow?").
_OWN_CASE = re.compile(r"^(?:(?:if|once|when|next time|say)\b|(?:[\w']+ ){0,2}[\w']+\?)")
_CLAUSE_END = re.compile(r"[,.?!:;]")
