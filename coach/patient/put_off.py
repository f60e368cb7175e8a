"""A no that puts off what the patient wants instead of ruling it out: to later ("in a bit", "someone'll
get back to you"), to a time ("tomorrow", "at four"), to someone else ("that's one for the doctor at ward
round") or to a condition ("once you've calmed down"). People hear a put-off as its own thing, and the
persona file's `put_off` lines answer it: a patient asked to wait again protests another "later", asks who
and when, or holds staff to the time they gave.

`put_off_to` says whether a turn's words put something off and, where it can be said back in a few plain
words, what to ("Tomorrow?", "After ward round?"); `put_off_answers` gives the persona's lines for it when
the turn is a no, which is the grade's call, in words that can carry one (coach.patient.reacting).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from coach.acts import Act, Reading
from coach.grading.rules.dispatch import compile_keyed
from coach.offered_phrase import MAX_WORDS
from coach.patient.base import PatientContext
from coach.patient.choosing import plain_phrase
from coach.patient.pools import Pool, lines_at
from coach.patient.reacting import sounds_like_a_no
from coach.patient.timing import timed
from coach.spelling import plain_words
from coach.wording import DAYS, HOUR_WORDS, NEGATED, clauses, fold, sentences, stems

# Not now, with the time it is not: "not right now", "not yet", "not today", "not this afternoon".
_NOT_NOW = re.compile(
    r"\bnot (?:right now|just now|now|yet|today|tonight|at the moment|this (?:minute|morning|afternoon|"
    r"evening|week|weekend))\b"
)
# A time still to come by its own words: "tomorrow", "later on", "in a bit", "first thing", "next week".
# Who is on when ("I'm Tom, nurse in charge tonight", "I'm on till nine"): a shift, not a time anything is
# put off to.
_ON_DUTY = re.compile(
    r"\b(?:in charge|on shift|on duty|on nights|on days|on lates|on earlies|(?:i'm|i am|we're) on|working|"
    r"(?:your|the) (?:nurse|staff nurse|named nurse|hca|support worker))"
    r" (?:tonight|today|this (?:afternoon|evening|morning)|till \w+|until \w+)\b"
)
_FUTURE = re.compile(
    r"\b(?:(?:first thing )?tomorrow(?: (?:morning|afternoon|evening|night))?|tonight|"
    r"later(?: on| today| this (?:afternoon|evening))?|this (?:afternoon|evening)|first thing(?: tomorrow)?|"
    r"in the morning|"
    r"in a (?:bit|while|little while|minute|min|mo|moment|sec|second|tick)|in (?:a few|an?|\d+|five|ten|"
    r"fifteen|twenty|thirty|half an) (?:minutes?|mins?|hours?)|shortly|another (?:day|time)|"
    r"(?:another|give it (?:an?|another)?) ?(?:half (?:an )?hour|hour|few minutes|\d+ minutes|ten minutes)|"
    rf"next (?:week|shift|time|{DAYS})|"
    # a day to come: "on Friday", "till Monday", "Friday's meeting" (not "since Friday", which is past)
    rf"(?:on|by|till|until|this|come) (?:{DAYS})|(?:{DAYS})'s (?:\w+ )?(?:meeting|ward round|review|round))\b"
)
# A time that may be past or to come ("at four", "on Monday", "after ward round"): to come only in a
# clause that says so ("I'll come back at four", not "someone read you your rights on Monday").
_HOUR = rf"(?:\d{{1,2}}(?:[:.]\d{{2}})?(?: ?[ap]m)?|{HOUR_WORDS}|noon)"
_CLOCK = re.compile(
    rf"\b(?:at|by|till|until|after|before|around) (?:(?:half|quarter|twenty|ten|five) (?:past|to) {_HOUR}|"
    rf"half {_HOUR}|{_HOUR}(?: o'clock)?)\b|"
    rf"\b(?:on|by|till|until|after) (?:{DAYS})\b|"
    r"\b(?:after|once|when|until|till|at|by|before) (?:the )?(?:ward round|round|handover|meds|medication|"
    r"lunch|dinner|supper|teatime|breakfast|the weekend|visiting|shift change)\b"
)
_TO_COME = compile_keyed(
    r"(?:'ll|\bwill|\bcan|\bcould|\bgoing to|\bgonna|\b(?:have|has|need|needs) to|\bshould|\bshall|"
    r"\bwould|'d|\bbe back|'s back|\bis back|\bare back)\b"
)
# On a condition the patient or the ward must meet first: "once you've calmed down", "when we're less
# busy", "as soon as someone's free", "till Kofi's back".
_CONDITION = re.compile(
    r"\b(?:once|when|until|till|as soon as) (?:you(?:'ve| have|'re| are)?|we(?:'re| are|'ve| have)?|"
    r"things|it(?:'s| is)|the ward|someone|somebody|there's|there is|[a-z]+(?:'s| is| gets| comes))"
    r" [^.,!?;]{2,40}"
)
# Passed to someone else, or to coming back: "someone'll get back to you", "the doctor will sort it",
# "Kofi will do it with you", "I'll come back to you".
_PASSED_ON = re.compile(
    r"\b(?:someone|somebody|one of us|the (?:doctors?|team|nurse in charge|manager|pharmacist)|"
    r"i|we|[a-z]+)(?:'ll| will| is going to| are going to) (?:get back to you|come back|come and see you|"
    r"be (?:with you|along|round)|sort|look at|deal with|do it|go through|talk to you|see you|"
    r"have a look)\b"
)


# "When you've eaten something, then I'll leave you be": what follows once the condition is met.
_THEN = re.compile(r"\bthen (?:i|we|you)\b")


@dataclass(frozen=True)
class PutOff:
    """A turn's put-off: `to` is when, in the trainee's words, when a few plain words say it ("tomorrow",
    "not today", "after ward round"); None when it is put off to a condition or to someone else
    ("once you've had a chance to calm down", "someone will get back to you")."""

    to: str | None


def put_off_to(text: str) -> PutOff | None:
    """How `text` (a staff turn) puts off what was asked, or None when its words put nothing off."""
    times: list[tuple[int, int, str]] = []  # (clause, where in it, words) of each time it is put off to
    nots: list[str] = []
    for at, clause in enumerate(clauses(fold(plain_words(text)))):
        nots += [m.group(0) for m in _NOT_NOW.finditer(clause)]
        if NEGATED.search(_NOT_NOW.sub("", clause)):
            continue  # "I can't get hold of her tonight": when it will not happen, not when it will
        found = [*_FUTURE.finditer(_ON_DUTY.sub(" ", clause))]
        if _TO_COME.search(clause):
            found += _CLOCK.finditer(clause)
        times += [(at, m.start(), m.group(0)) for m in found]
    timed = [words for _, _, words in sorted(times)]
    if not (timed or nots):
        folded = fold(plain_words(text))
        # A condition puts something off only where its sentence says what will or will not happen till it is
        # met ("once you've calmed down we'll look at it", "not until you've eaten"), not "it's only when
        # someone's safety is at risk".
        conditional = any(
            _CONDITION.search(s) and (_TO_COME.search(s) or NEGATED.search(s) or _THEN.search(s))
            for s in sentences(folded)
        )
        return PutOff(to=None) if conditional or _PASSED_ON.search(folded) else None
    # Said back is the time it is put off to ("Tomorrow?"), else the not-now ("Not today?").
    to = next((words for words in (*timed, *nots) if plain_phrase(words, MAX_WORDS)), None)
    return PutOff(to=to)


_ANSWERED_AS_ITSELF = frozenset({Act.instruction, Act.request, Act.threat, Act.closing})
# Offered, not withheld, in words the offer reading may not list: "later on I could put a film on, if you
# fancied it" says when a thing is on offer, not that what they asked for is put off.
_OFFERING = re.compile(
    r"\b(?:i|we) could\b|\bif you (?:fancy|fancied|like|liked|want|wanted|wish)\b|\bwould you like\b|"
    r"\b(?:do|d') ?you (?:want|fancy)\b|\bshall i\b|\bhow about\b"
)


# Someone else who will do it: "someone will pop back later", "one of the day team'll sit with you".
_SOMEONE_WILL = re.compile(
    r"\b(?:someone|somebody|one of (?:us|the others|the (?:day|night) (?:team|staff))|another nurse|"
    r"the (?:day|night|late|early) (?:team|staff|shift))(?:'ll| will| is going to| can)\b"
)


# Staff offering what they or the ward will do, or what the patient may do: "I can", "we'll", "what I can
# do is", "you can use the ward phone at half six".
_STAFF_OFFERING = re.compile(
    r"\b(?:(?:i|we)(?:'ll| will| can| could)|what (?:i|we) can do|you (?:can|could|may))\b(?!'t| not)|"
    r"\byou're (?:welcome|free) to\b"
)


def put_off_answers(ctx: PatientContext, now: Reading, leaving: bool = False) -> Iterator[Pool]:
    """The persona's answer to being put off, when the latest turn (read as `now`) is a no that puts off
    what they want; nothing for an offer or a request, which are answered as what they are, unless what
    the turn offers is told as the plan for a time to come ("I can't let you go home today. Dr Okafor will
    see you at ward round on Thursday"): that is what they are put off to. `leaving`: the turn takes leave
    as it puts off ("got to dash, someone will pop back later"), and the put-off is still heard."""
    lines = ctx.persona.listening.acts.put_off
    text = ctx.history[-1].text if ctx.history else ""
    # A threat or a goodbye is answered as what it is: "carry on and you can forget leave next week"
    # threatens, "catch you in a bit" takes leave; neither puts off what they asked for.
    # going, only a put-off to someone else is heard as one: "I'll be back at half nine" is a goodbye
    passed_on = leaving and bool(_SOMEONE_WILL.search(fold(plain_words(text))))
    itself = _ANSWERED_AS_ITSELF - {Act.closing} if passed_on else _ANSWERED_AS_ITSELF
    if lines is None or not now.has(Act.refusal) or now.acts & itself:
        return
    if _news_of_others(text, ctx.persona.request or ""):
        return
    deferred = put_off_to(text)
    if now.offers and (deferred is None or deferred.to is None or _STAFF_OFFERING.search(fold(text))):
        # "No, but I can help you ring them this afternoon": what staff offer to do is answered as an offer
        return
    if deferred is not None and sounds_like_a_no(text, now) and not _OFFERING.search(fold(plain_words(text))):
        # Put off to a time said, the lines that ask when come last ("Tomorrow morning. Will someone ...").
        yield from timed(
            fold(text), [lines_at("put_off", lines, ctx.state.band, offer=deferred.to, option=True)]
        )


# Someone else as the subject of a clause: "she", "he", "they", one of theirs ("your son", "her sister")
# or someone by name ("Bernie can't ..."); not staff ("I", "we"), not them, not "that" or "it".
_SOMEONE_ELSE = re.compile(
    r"^(?:(?:but|and|so|oh|sorry),? )*(?:she|he|they|(?:your|his|her|their) \w+|"
    r"(?!(?:i|we|you|it|that|this|there|what|who|nobody|someone|somebody|everyone|everybody)\b)[a-z]+"
    r"(?='s\b| is\b| has\b| can't\b| cannot\b| won't\b| isn't\b))"
)


_WHEN_WORDS = frozenset(stems("today tonight tomorrow now later morning afternoon evening"))


def _news_of_others(text: str, request: str) -> bool:
    """True when every clause of `text` that carries a no says what someone else will not do ("Your son
    can't come tonight", "Bernie can't come on Wednesday, she'll be in on Sunday") and none of them names
    what the person asked for (`request`): news of someone else's plan, not a put-off of theirs."""
    # "She won't be in to see you today" names no part of "someone to sit with her today": a time is
    # not the thing asked for
    asked = stems(fold(request)) - _WHEN_WORDS
    negated = [c.strip() for c in clauses(fold(plain_words(text))) if NEGATED.search(c)]
    return bool(negated) and all(_SOMEONE_ELSE.match(c) and not asked & stems(c) for c in negated)
