"""Holding staff to what they offered or promised earlier in the scene: asked what they think of it,
when they leave, or asked what they said ("what was it I said I'd bring?"); and taking a promise just
made as a promise (held to, asked when, thanked), never as a choice put to them; and telling a promise
of help from what staff will do that is no help to the patient (a consequence, word passed on, where they
will be).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from coach.acts import Act, Offered, Reading, fold, sentences
from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona, ReplyKind
from coach.offered_phrase import MAX_WORDS
from coach.patient.choosing import PRESUMES_CHOICE, plain_phrase
from coach.patient.pools import Pool, lines_at, presuming_last
from coach.patient.scene import where_staff_are
from coach.patient.timing import ASKS_WHEN
from coach.promises import for_someone_else


def weighed(thing: Offered, persona: Persona, band: Band, fresh: bool = False) -> Iterator[Pool]:
    """What they make of something offered earlier when asked what they think: the answer to that offer
    again in other words, then holding staff to it. A promise `fresh` from the turn before ("I'll ring
    the office at two." then "Does that work for you?") is answered as a promise, not asked after as if
    it were overdue. Said with its time ("before she goes home at five"), it is not asked when."""
    pools = _weighed(thing, persona, band, fresh)
    if thing.later:
        pools = (last for pool in pools for last in presuming_last(pool, ASKS_WHEN))
    yield from pools


def _weighed(thing: Offered, persona: Persona, band: Band, fresh: bool) -> Iterator[Pool]:
    if fresh and thing.words.startswith("you'd "):
        yield from promised(persona, band)
    if thing.listed is not None:
        yield lines_at(f"offer:{thing.listed.id}", thing.listed.answers, band)
    elif not thing.words.startswith("you'd "):
        yield lines_at("unknown_offer", persona.listening.acts.unknown_offer, band, offer=thing.words)
    yield held_to(thing, persona, band, due=not fresh)


# A held-to line that asks for the thing now ("So where is it?") is for a promise already due.
_DEMANDS_IT = re.compile(
    r"\b(?:where is|where's|so where|what happened to|happening or not|still waiting|get sorted|"
    r"(?:did|has|hasn't) (?:that|it) (?:happen|happened)|nobody's done)\b"
)


def said_back(thing: Offered, persona: Persona, band: Band) -> Pool:
    """Asked what staff said ("what time did I say I'd ring?"), the answer is the thing said back: of each
    line that holds staff to it, the sentence that says it back ("You said {offer}."), without the
    follow-up that asks whether it is still on or checks on it, which would take the question for a fresh
    offer."""
    lines = persona.listening.acts.held_to
    if _CUT_SHORT.search(thing.words):
        return Pool("said_back", ())
    cut = lines.model_copy(update={str(band): saying_back(lines.at(band))})
    return replace(lines_at("said_back", cut, band, offer=thing.words), name="said_back")


def saying_back(held_to_lines: list[str]) -> list[str]:
    """Of each line that holds staff to something, the sentence that says what they said ("You said
    {offer}." of "You said {offer}. Is that still happening?"): a line the patient may say on its own."""
    out = []
    for line in held_to_lines:
        named_in = [s for s in sentences(line) if "{offer}" in s]
        if named_in and _SAYS.search(named_in[0]) and not _CHECKS_ON.search(named_in[0].lower()):
            out.append(named_in[0])
    return out


# The sentence says they said it ("{offer}, you said."), not only names it ("{offer}!"), and does not check
# on it ("Just checking on {offer}.", "Don't forget {offer}", "What about {offer}?", "Is {offer} still on?").
_SAYS = re.compile(r"\b(?:said|say|mentioned|mention|promised|offered)\b", re.IGNORECASE)
_CHECKS_ON = compile_keyed(r"\b(?:checking|forget|still|what about|what happened|where)\b|\?")


def said_together(recalled: list[Offered], persona: Persona, band: Band) -> Pool:
    """Asked what staff said they would do when they said they would do more than one thing, all of it,
    the earlier first: "You said you'd raise it with the nurse in charge, and you'd speak to him on his
    own."."""
    said = (_RELATIVE_END.sub("", t.words) for t in recalled if t.words.startswith("you'd "))
    promises = list(dict.fromkeys(w for w in said if _sayable(w)))
    if len(promises) < 2:
        return Pool("said_together", ())
    both = Offered(words=f"{promises[1]}, and {promises[0]}")
    return replace(said_back(both, persona, band), name="said_together")


# "you'd speak to him after that": when, said relative to the turn before, means nothing said back later.
_RELATIVE_END = re.compile(r" (?:after that|after this|then|too|as well|and all)$")
# "you'd ask the doctor to see me this": a promise cut at the length limit ends on a word that wants more.
_CUT_SHORT = re.compile(r" (?:a|an|the|my|your|his|her|their|this|that|some|at|to|on|in|by)$")


def recalled_answers(
    recalled: list[Offered], persona: Persona, band: Band, saying_back: bool, whole: bool
) -> Iterator[Pool]:
    """Asked what staff said they would do (`recalled`, the best match first): said back in their words
    when the question asks for the thing itself (`saying_back`; all of it together when it asks for no
    one time, place or name: `whole`), else held to; the thing named on its own last."""
    if saying_back:
        if whole:
            yield said_together(recalled, persona, band)
        for thing in recalled:
            yield said_back(thing, persona, band)
            yield named_alone([thing])
    yield from (held_to(thing, persona, band) for thing in recalled)
    yield named_alone(recalled)


def named_alone(recalled: list[Offered]) -> Pool:
    """Asked again what was said after every line that holds staff to it was used, they still name it: the
    thing on its own answers "what was it I said?"."""
    return Pool("recalled", tuple(_said_alone(t.words) for t in recalled if _sayable(t.words)))


def _sayable(words: str) -> bool:
    """True when what was offered or promised can be said back on its own: a promise ("you'd ring my
    sister") is already in the patient's words, unless its thing is a pronoun ("you'd fetch me one" names
    nothing); an offer only as a plain phrase."""
    if _CUT_SHORT.search(words):
        return False
    if words.startswith("you'd "):
        return not _STANDS_FOR.search(words)
    return plain_phrase(words, MAX_WORDS)


_STANDS_FOR = re.compile(r"\b(?:it|them|one|ones|that|those)\b")


def _said_alone(words: str) -> str:
    """A thing offered or promised said as a reply of its own: "you'd ring my sister" -> "You'd ring my
    sister."."""
    return words[:1].upper() + words[1:] + "."


def held_to(thing: Offered, persona: Persona, band: Band, due: bool = True) -> Pool:
    """Holding staff to an earlier offer or promise; one set for later ("at four") or not yet `due` (said
    the turn before) is not asked for yet."""
    pool = lines_at("held_to", persona.listening.acts.held_to, band, offer=thing.words)
    if due and not thing.later:
        return pool
    return Pool(pool.name, tuple(line for line in pool.lines if not _DEMANDS_IT.search(fold(line))))


# A hedge that opens a line ("Maybe.", "I don't know.", "Could be."): the patient weighing a proposal.
_HEDGES = re.compile(r"^\W*(?:maybe|perhaps|could be|i don't know|dunno|not sure|i suppose)\b")


def promised(persona: Persona, band: Band) -> Iterator[Pool]:
    """The answer to what staff say they will do ("I'll raise it at ward round", "I'll chase the doctor"):
    the persona file's `promised` lines, then the band's answers to an offer that take it (hold them to
    it, ask if it will happen, thank them), then those that hedge, as if it were theirs to decide; never
    one that takes it for a choice of two ("Which one ...?"), since a promise puts no choice."""
    written = persona.listening.acts.promised
    if written is not None:  # the file's own answers to a promise come first
        yield Pool("promise", tuple(written.at(band)))
    pool = Pool("promise", tuple(persona.voice[band].replies[ReplyKind.options]))
    taken, _ = presuming_last(pool, PRESUMES_CHOICE)
    told, _ = presuming_last(taken, _DELIBERATES)
    yield from presuming_last(told, _HEDGES)


# A line that takes time to decide or thanks them for being asked ("Could I think about it?", "Thanks for
# asking me."): an answer to a question put, and a promise puts none.
_DELIBERATES = re.compile(
    r"\b(?:(?:can|could|let) (?:i|me) (?:have a )?think|think (?:about it|it over|for a minute)|weigh it up|"
    r"thought about it|(?:for|rather than) asking|asking me|a say)\b"
)


def helping(now: Reading, text: str) -> bool:
    """True when staff say (in folded `text`) they will do something for them: not a consequence ("I'll
    have to call security"), more staff or word passed to someone else, nor where staff will be ("I'll wait
    outside"), nor a thing for someone else ("I'll make sure he gets a sandwich"); someone sent for to
    come and see them is help."""
    sent_for = bool(_SENT_FOR.search(text))
    return any(
        (not _CONSEQUENCE.match(p) or (sent_for and p.startswith(("you'd ask", "you'd get"))))
        and not where_staff_are(p)
        and not for_someone_else(p)
        for p in now.promises
    )


def promised_help(now: Reading, kind: ReplyKind, text: str) -> bool:
    """True when the turn's only news is something staff will do for them: not a goodbye, and not a turn
    that landed as a threat or a crowd."""
    return (
        helping(now, text)
        and not now.offers
        and not now.acts & {Act.threat, Act.closing, Act.instruction, Act.request}
        and kind in (ReplyKind.neutral, ReplyKind.validated, ReplyKind.refused)
    )


# What staff will do that is no help to the patient: a consequence, more staff, or word passed to someone
# else ("I'll let Femi know").
_CONSEQUENCE = re.compile(
    r"you'd (?:have to|need to|get|ask|bring|call|fetch|let|tell|pass|mention|report|press)\b"
)
# Someone asked or got to come and do something with or for them: "I'll ask Priya to come and speak with
# you", "I'll get the doctor to see you first thing". That is help, not word passed on.
_SENT_FOR = re.compile(
    r"\b(?:ask|get)(?: [a-z',]+){1,5} to (?:come (?:and |to )?|pop (?:in|up|round) (?:and |to )?)?"
    r"(?:see|speak|talk|sit|explain|help|go through|look|check)\b[^.?!]*\byou\b"
)
