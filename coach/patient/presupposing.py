"""What a reply line takes for granted about the turn it answers, checked before the line is said.

Every line the offline patient can give presupposes an act: "Get off me!" a hand on them, "Cheers."
something given or said kindly, "That's all I wanted." the want met, "So that's what happens." something
told, a threatened line a threat. What the turn certainly did (`Certain`) is read from its words, the
grade and the stance together; where the grade reads more into a turn than its words carry (a threat flag
on words that only apologise), only what both agree on is certain. A line whose presupposition the turn
does not meet is left out of how the turn landed, and comes after every other answer, so the patient
falls back on lines that take for granted nothing beyond what was said.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from coach.acted import Acted
from coach.acts import Act, Reading, fold, names_compulsion, read_acts
from coach.models import Flag, ReplyKind, Speaker
from coach.patient.base import PatientContext
from coach.patient.coming_back import done_as_promised
from coach.patient.pools import Pool
from coach.spelling import plain_words, spoken
from coach.stance import Action

# A line that says hands are on them now ("Get OFF me!", "Hands off.", "You can let go."), not one that
# warns against it ("Don't grab me").
# "Let me go" and "off me" are left out: "why won't anyone let me go?" asks to go home, "they'll take my
# flat off me" is no hand.
_TOUCHED = re.compile(
    r"\b(?:get (?:your \w+ )?off|hands? off|let go|your hands?|no need for hands|hold(?:ing)? on to me|"
    r"stop (?:grabbing|touching|holding) me)\b"
)
# Staff words that knock, or say they did ("*knocks*", "I knocked but you didn't answer").
_KNOCKS = re.compile(r"\bknock")
# A line that opens by thanking them for something.
_THANKS = re.compile(r"^\W*(?:thanks|thank you|cheers|ta)\b")
# A line that says what they wanted has happened.
_WANT_MET = re.compile(r"\ball i(?:'ve| have)? (?:ever )?(?:wanted|needed|was asking|asked for)\b")
# A line that takes the turn as news or an explanation.
_TOLD = re.compile(
    r"\bso that's what\b|\bthat (?:makes|explains)\b|\bmakes (?:more )?sense now\b|\bnobody told me that\b|"
    r"\btell me that before\b|\bknowing what happens\b|\bwrite that down\b|\bsay (?:that|it) again\b|"
    # "That's the first straight answer I've had": an answer takes it that something was said.
    r"\bthat's (?:the first |an )?(?:straight|actual|proper|real) answer\b"
)

# Acts that give or side with them: a thank-you has something to thank for.
_GIVING = frozenset(
    {Act.offer, Act.choice, Act.validation, Act.apology, Act.introduction, Act.closing, Act.check_in}
)
# Acts that tell them nothing new: siding with them, apologising, asking, saying who they are.
_TELLING_NOTHING = frozenset({Act.validation, Act.apology, Act.question, Act.check_in, Act.introduction})


@dataclass(frozen=True)
class Certain:
    """What the staff turn certainly did, as the words, the grade and the stance agree."""

    touched: bool
    given: bool  # something offered, promised, proposed, sided with, apologised for or room given
    told: bool  # something said that is news: not only siding with them, sorry, a question or a name
    refused: bool  # a no the words can carry (coach.patient.reacting.sounds_like_a_no), not one only graded
    threatened: (
        bool  # a threat the words can carry, or one the grade hears in words that do not say otherwise
    )
    spoke: bool = True  # any words said aloud, not only a stage direction (*sits down at a distance*)
    knocked: bool = True  # a knock at their door somewhere in the scene, done or spoken of


@dataclass(frozen=True)
class Presupposition:
    """A kind of reply line and what it takes for granted."""

    name: str
    line: re.Pattern[str]
    holds: Callable[[Certain], bool]


# A line that takes it that staff said something ("Finally somebody says it.", "Say that again.").
_SPOKEN_TO = re.compile(
    r"\b(?:says? it|said it|says? that|said that|you said|somebody says|someone says|say (?:that|it) again|"
    r"what did you (?:just )?say)\b"
)
# A line that thanks them for knocking ("Thank you. And thanks for knocking.").
_KNOCKING = re.compile(r"\b(?:thanks|thank you|cheers|ta) for knocking\b")
PRESUPPOSITIONS = (
    Presupposition("spoken", _SPOKEN_TO, lambda c: c.spoke),
    Presupposition("knock", _KNOCKING, lambda c: c.knocked),
    Presupposition("touch", _TOUCHED, lambda c: c.touched),
    Presupposition("thanks", _THANKS, lambda c: c.given),
    Presupposition("want_met", _WANT_MET, lambda c: not c.refused),
    Presupposition("told", _TOLD, lambda c: c.told),
)

# Whole pools whose every line presupposes an act: the reaction to a threat presupposes one.
_POOL_PRESUMES: dict[str, Callable[[Certain], bool]] = {"threatened": lambda c: c.threatened}


def certain(ctx: PatientContext, now: Reading, acted: Acted, refused: bool) -> Certain:
    """What the latest staff turn certainly did. `now` is the reading with the grade's judgements in it;
    `refused` says whether the words could carry the no the grade reads (coach.patient.reacting)."""
    text = ctx.history[-1].text if ctx.history else ""
    words = read_acts(text, ctx.persona)  # the words alone, without what the grade adds
    flags = set(ctx.grade.flags) if ctx.grade else set()
    touched = Action.touch in ctx.stance.actions or (
        Flag.hands_on in flags and not now.offers and not now.requests
    )
    spoken_words = fold(spoken(text)).strip(" .!?,")
    helped = bool(now.offers or now.promises or now.options or any(q.proposes for q in now.questions))
    room = bool({Action.step_back, Action.offer_break} & set(ctx.stance.actions))
    done = done_as_promised(fold(text))  # "I did it, like I promised": what was promised, given and told
    given = (
        helped
        or room
        or now.meets_need
        or bool(now.acts & _GIVING)
        or bool(acted.brought)
        or done
        or acted.knocked
        or not now.acts  # nothing read: nothing to check the thanks against
    )
    # Words nobody read an act in may still say something; only a turn whose acts all tell nothing, or
    # one with no spoken words at all (*sits quietly*), certainly told nothing.
    told = bool(spoken_words) and (helped or done or not words.acts or not words.acts <= _TELLING_NOTHING)
    # Words that apologise or side with them and name nothing staff can make happen carry no threat,
    # whatever the grade heard in them (a dialect's "that's no right" is not a threat).
    sided = bool(words.acts & {Act.apology, Act.validation})
    threatened = words.has(Act.threat) or names_compulsion(plain_words(text)) or not sided
    return Certain(
        spoke=bool(spoken_words),
        touched=touched,
        given=given,
        told=told,
        refused=refused,
        threatened=threatened,
        knocked=any(t.speaker is Speaker.staff and _KNOCKS.search(fold(t.text)) for t in ctx.history),
    )


def received(kind: ReplyKind, sure: Certain) -> ReplyKind:
    """What the turn was, as the patient can take it: a no or a threat the grade reads into words that
    cannot carry it is a plain turn, answered in the band's own voice rather than as a no or a threat."""
    if (kind is ReplyKind.refused and not sure.refused) or (
        kind is ReplyKind.threatened and not sure.threatened
    ):
        return ReplyKind.neutral
    return kind


def unmet(line: str, sure: Certain) -> bool:
    """True when `line` takes for granted something the turn did not certainly do."""
    return any(not p.holds(sure) for p in _presupposed(line))


@lru_cache(maxsize=8192)
def _presupposed(line: str) -> tuple[Presupposition, ...]:
    """What `line` takes for granted, whatever the turn: every reply checks every line of its pools, and
    the lines are the persona files' own, so each is read once."""
    folded = fold(line)
    return tuple(p for p in PRESUPPOSITIONS if p.line.search(folded))


def _kept(pool: Pool, sure: Certain) -> tuple[Pool, Pool]:
    """The pool's lines whose presuppositions hold, and the rest."""
    presumes = _POOL_PRESUMES.get(pool.name)
    if presumes is not None and not presumes(sure):
        return replace(pool, lines=()), pool
    ok = tuple(line for line in pool.lines if not unmet(line, sure))
    return replace(pool, lines=ok), replace(pool, lines=tuple(x for x in pool.lines if x not in ok))


def leads_certain(pools: Iterable[Pool], sure: Certain) -> Iterator[Pool]:
    """How the turn landed, without reactions to what did not certainly happen: no lead is better than
    one that answers something nobody did."""
    for pool in pools:
        yield _kept(pool, sure)[0]


def answers_certain(pools: Iterable[Pool], sure: Certain) -> Iterator[Pool]:
    """The answers in their order, each without lines that presuppose what the turn did not certainly
    do; those lines come after every other answer (said only when nothing else is left)."""
    left: list[Pool] = []
    for pool in pools:
        ok, rest = _kept(pool, sure)
        yield ok
        if rest.lines:
            left.append(rest)
    yield from left
