"""Staff who say almost nothing while the person talks ("Mm.", "Go on.", "And then?", "Take your time.",
*nods*, a silence, one word of theirs said back: "Box?"): a listener's way of handing the turn back. The
person carries on with what they were saying: the next unsaid line of the topic their last reply came
from (coach.listening), not an answer to something nobody said. In crisis there is no carrying on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from coach.acts import Act, Reading
from coach.asking import topic_of, wanted_topic
from coach.grading.rules.text import split_turn
from coach.listening import Topic
from coach.models import Band, Persona, Speaker
from coach.patient.base import PatientContext
from coach.patient.guards import is_too_long
from coach.patient.pools import Pool, lines_at
from coach.spelling import plain_words
from coach.wording import ENDEARMENTS, fold, named_most, sentences, stems

# The words of a turn that hand it back and ask nothing else.
_CONTINUERS = re.compile(
    r"\b(?:m+h?m+(?:-?hm+)?|uh-?huh|hmm+|go on|carry on|keep going|and then(?: what)?|then what|what then|"
    r"and after|and|take your time|no rush|i'm listening|i'm here|tell me more|okay|ok|right|i see|yeah|"
    r"you can say me|it's okay|it's ok|what happen(?:ed|s)? (?:next|then|after(?: that)?)|after that|"
    # "And after, what happen?": a learner's "what happened next", not the bare "what happened?" that asks
    # for the account
    r"what happen)\b"
)
# An acted line that only listens: a nod, a wait, a silence; not one that also does something (a knock at
# the door, a chair pulled out, a pot put down), which is answered for what it did.
_LISTENS = re.compile(r"\b(?:nod\w*|wait\w*|silen\w*|quiet\w*|says nothing|listen\w*|paus\w*|still)\b")
_DOES = re.compile(
    r"\b(?:knock\w*|sits?|sitting|pull\w*|puts?|putting|hand\w*|bring\w*|brought|steps?|open\w*|clos\w*|"
    r"giv\w*|pick\w*|mov\w*|turn\w*|switch\w*|walk\w*|comes?|glanc\w*|look\w*)\b"
)
# A turn that checks how they are or asks them to do something is answered as that ("Better now?").
_ASKS_SOMETHING = frozenset({Act.check_in, Act.request, Act.choice})
# Words that only address them: "Go on, hun."
_ADDRESS = re.compile(rf"\b(?:{ENDEARMENTS})\b")
# Words a turn of continuers may run to: "Mm. Go on, take your time, I'm listening."
_CONTINUER_MAX_WORDS = 10
# A word or two said back as a question: "Box?", "Half two?".
_ECHO_MAX_WORDS = 2
# A line that asks or opens on a question ("What do I want? To not let my daughter down."): an answer to
# something nobody said.
_ASKS = re.compile(r"^[^.!]*\?|\?\s*$")
# Words a line of a topic needs before a reply holding it counts as that topic's.
_WHOLE_LINE = 5
# Share of a line's words already said that makes it the same thing said again.
_SAID_AGAIN = 0.6


def _mostly(line: frozenset[str], told: frozenset[str]) -> bool:
    """True when most of `line`'s words were in what they just said."""
    return bool(line) and len(line & told) >= _SAID_AGAIN * len(line)


def carrying_on_answers(ctx: PatientContext, now: Reading) -> Iterator[Pool]:
    """The rest of what they were telling, when the latest staff turn only hands the turn back; nothing
    otherwise, or when nothing they said last came from a topic of their file."""
    if ctx.state.band is Band.crisis or len(ctx.history) < 2 or now.acts & _ASKS_SOMETHING:
        return
    last, before = ctx.history[-1], ctx.history[-2]
    handed_back = _hands_back(last.text, before.text) if before.speaker is Speaker.patient else None
    if handed_back is None:
        return
    # What they were telling, else what staff had asked them to tell ("I noticed the binoculars." "Mm."),
    # else, given room after news that told them nothing to answer, what they want.
    asked = ctx.history[-3].text if len(ctx.history) >= 3 else ""
    topics = ctx.persona.listening.topics
    topic = (
        _told_from(before.text, ctx.persona)
        or named_most(plain_words(asked), topics)
        or (wanted_topic(ctx.persona) if asked and not asked.rstrip().endswith("?") else None)
    )
    if topic is None:
        return
    told = stems(fold(before.text))
    pool = lines_at(f"topic:{topic.id}", topic.answers, ctx.state.band)
    # The next thing, told: not the same thing again in other words, nor a question back ("Why do you want
    # to know about my coat?"); after the line they just said, the ones that follow it in the file first.
    lines = _after(pool.lines, told)
    telling = [line for line in lines if not _ASKS.search(line) and not _mostly(stems(fold(line)), told)]
    if handed_back:  # "Half two?": their words checked, so confirmed before they go on
        confirmed = _CONFIRMING[ctx.state.band].format(handed_back, handed_back.capitalize())
        telling = [_within_a_turn(f"{confirmed} {line}") for line in telling]
    for line in telling:
        yield replace(pool, lines=(line,))


# A word of theirs said back as a question, confirmed: "Half two?" -> "Yes, half two."
_CONFIRMING = {
    Band.calm: "Yes, {0}.",
    Band.agitated: "Yes, {0}.",
    Band.highly_agitated: "Yes! {1}!",
}


def _within_a_turn(reply: str) -> str:
    """`reply` with its last sentences left off while it is longer than a chat turn."""
    said = list(sentences(reply))
    while len(said) > 2 and is_too_long(" ".join(said)):
        said.pop()
    return " ".join(said)


def _after(lines: tuple[str, ...], told: frozenset[str]) -> tuple[str, ...]:
    """`lines` from the one after the line mostly `told`, round to it; as they are when none was told."""
    at = next((i for i, line in enumerate(lines) if _mostly(stems(fold(line)), told)), None)
    return lines if at is None else lines[at + 1 :] + lines[: at + 1]


def _hands_back(staff_text: str, their_last: str) -> str | None:
    """What `staff_text` hands back with: "" for a continuer only ("Mm.", "Go on.") or an acted line that
    only listens; the words of theirs it says back as a question ("Half two?" -> "half two"); None when it
    does more than hand the turn back."""
    turn = split_turn(staff_text)
    if len(turn.speech.split()) > _CONTINUER_MAX_WORDS:
        return None  # most turns: too long to be only a continuer, and not read further
    said = _ADDRESS.sub(" ", plain_words(staff_text)).strip(" .!?,")
    if not said:
        acted = [fold(a) for a in turn.actions]
        only_listens = bool(acted) and all(_LISTENS.search(a) and not _DOES.search(a) for a in acted)
        return "" if only_listens else None
    if not _CONTINUERS.sub(" ", said).strip(" .!?,"):
        return ""
    words = said.split()
    echoed = staff_text.rstrip().endswith("?") and len(words) <= _ECHO_MAX_WORDS
    return said if echoed and stems(said) <= stems(fold(their_last)) else None


def _told_from(reply: str, persona: Persona) -> Topic | None:
    """The topic whose lines `reply` said, else the topic its words name (not one whose answers only share
    a word or two with it: "I'll want to see it for myself" is about nothing the file names)."""
    said = fold(reply)
    for topic in persona.listening.topics:
        # A short line ("HE ATE IT!") may sit inside another topic's longer one.
        if any(fold(line) in said for line in topic.answers.every() if len(line.split()) >= _WHOLE_LINE):
            return topic
    return topic_of(said, persona.listening.topics, by_answers=False)
