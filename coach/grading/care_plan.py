"""Reading a staff turn against the patient's care plan: which listed trigger or thing to avoid it does.

Care plans are prose that trainers write, so they are read the same way the turn is: each line of a
plan's `triggers` and `what_to_avoid` is tagged with the kinds of move it names (more staff, touch,
blocking the way out, a threat of medication, a promise...), and so is the turn, from what the rule
tables found in it, its stance and its words. A move of the same kind on both sides is a conflict, and
the plan's own line is what the grade quotes. The table is of kinds of move, never of one persona's
wording, so a new persona file is read with no code change.

Whether a graded turn goes against the plan is the learned head's call (it sees the move in words the
table does not know); which line, `lines_gone_against` says from the kind heads' chances (one per kind of
move, coach.grading.learned.plan_kinds) and what the table and the turn's flags found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from coach.grading.rules.phrase import Cue
from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.reading import Reading
from coach.models import Flag, Persona
from coach.stance import Action, Distance, Stance, Voice


@dataclass(frozen=True)
class Kind:
    """One kind of move a care plan may warn about, and how to see it in a plan line and in a turn."""

    name: str
    in_plan: re.Pattern[str]
    features: tuple[Cue, ...] = ()
    actions: tuple[Action, ...] = ()
    distance: Distance | None = None
    voice: Voice | None = None
    in_turn: re.Pattern[str] | None = None
    # Once a turn is read as going against the plan, which line: what its grade shows (its rule hits or its
    # graded flags) of this kind, more loosely than `features`, which decide a conflict before any grade (an
    # ultimatum is not always the consequence a plan names, but in a turn read as against the plan it is
    # the likeliest line). A flag of a family of acts (invalidation) is left out: it pointed to wrong lines.
    shown_by: tuple[Cue, ...] = ()


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.IGNORECASE)


KINDS: tuple[Kind, ...] = (
    Kind(
        "more staff",
        _words(
            r"(?:several|more|extra) staff",
            r"more than one (?:person|member)",
            r"staff (?:stepping|approaching)",
        ),
        features=(F.teamwork,),
        actions=(Action.call_support,),
        in_turn=_words(r"colleagues?\b", r"the team\b", r"back ?-?up\b", r"a few of us", r"we'?re all here"),
    ),
    Kind(
        "touch", _words(r"touch", r"hand on", r"hemmed"), features=(Flag.hands_on,), actions=(Action.touch,)
    ),
    Kind(
        "closing in",
        _words(
            r"between (?:her|him|them) and", r"way out", r"hemmed", r"doorway", r"sitting on (?:her|his) bed"
        ),
        features=(Flag.crowding, F.acts_against),
        distance=Distance.close,
        shown_by=(Flag.crowding, F.closed_posture, F.approach, Flag.hands_on),
    ),
    Kind(
        "raised voices",
        _words(r"raised voices?", r"shouting", r"noise"),
        features=(Flag.shouting,),
        voice=Voice.raised,
        shown_by=(Flag.shouting,),
    ),
    Kind(
        "telling to calm down", _words(r"calm down"), features=(Flag.calm_down,), shown_by=(Flag.calm_down,)
    ),
    Kind(
        "dismissing the worry",
        _words(
            r"nothing to be (?:frightened|scared|afraid)",
            r"not to worry",
            r"it was only",
            r"it'?s only",
            r"the same' without",
            r"bright side",
            r"jollied",
            r"forced cheerfulness",
        ),
        features=(Flag.invalidation, F.minimising, Flag.generic_reassurance),
        shown_by=(F.minimising,),
    ),
    Kind(
        "threats and consequences",
        _words(
            r"as a consequence",
            r"threat",
            r"report to the doctor",
            r"tell the doctor",
            r"increase (?:her|his) observations",
            r"losing leave",
            r"stop future leave",
        ),
        features=(Flag.threat, Flag.containment_threat),
        shown_by=(F.ultimatum, F.containment_ultimatum, Flag.threat, Flag.containment_threat),
    ),
    Kind(
        "promises",
        _words(r"promising", r"guarantee", r"'definitely'"),
        features=(Flag.false_promise,),
        shown_by=(Flag.false_promise,),
    ),
    Kind(
        "arguing with a belief",
        _words(r"arguing with", r"calling (?:him|her) paranoid"),
        features=(Flag.argues_with_belief,),
        shown_by=(Flag.argues_with_belief,),
    ),
    Kind(
        "vague answers",
        _words(
            r"'later'",
            r"get back to",
            r"come back to you",
            r"no name and no time",
            r"different answers",
            r"passed from one",
        ),
        features=(F.buck_passing, F.evasive, F.hedge, F.stall),
        shown_by=(F.buck_passing, F.evasive, F.hedge, F.stall, F.delay),
    ),
    Kind(
        "in front of others",
        _words(r"in front of"),
        in_turn=_words(r"in front of", r"everyone (?:can|is|heard)", r"the whole ward"),
    ),
    Kind(
        "ordering",
        _words(r"ordered", r"ordering", r"told what to do", r"hurried"),
        features=(F.commanding, Flag.multiple_demands),
        shown_by=(F.commanding, Flag.multiple_demands),
    ),
    Kind(
        "laughing at",
        _words(r"laugh", r"sarcasm", r"talked down to"),
        features=(Flag.mockery,),
        shown_by=(Flag.mockery, F.sarcasm, F.name_calling, F.provocative),
    ),
    Kind(
        "staffing excuses",
        _words(r"how busy", r"about staffing", r"defending colleagues"),
        in_turn=_words(r"busy", r"short[- ]?staffed", r"staffing", r"not enough staff"),
        shown_by=(F.lecture,),
    ),
    Kind(
        "taking sides",
        _words(r"someone else'?s side", r"who is right", r"apologise to"),
        in_turn=_words(
            r"apologi[sz]e to", r"say sorry to", r"you were (?:wrong|in the wrong)", r"(?:he|she)'?s right"
        ),
    ),
    Kind("a bare no", _words(r"no without a reason"), features=(F.bare_no,)),
)


@dataclass(frozen=True)
class Conflict:
    """A line of the care plan the turn goes against, and the kind of move both name."""

    line: str
    kind: str


def plan_lines(persona: Persona) -> tuple[tuple[str, frozenset[str]], ...]:
    """The plan's triggers and things to avoid, each with the kinds of move it names."""
    plan = persona.care_plan
    return _tagged((*plan.what_to_avoid, *plan.triggers))


def kinds_named(persona: Persona) -> frozenset[str]:
    """Every kind of move the persona's plan names."""
    return frozenset().union(*(kinds for _, kinds in plan_lines(persona)))


@lru_cache(maxsize=64)
def _tagged(lines: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((line, frozenset(k.name for k in KINDS if k.in_plan.search(line))) for line in lines)


def kinds_in_turn(
    reading: Reading, stance: Stance | None, among: frozenset[str] | None = None
) -> frozenset[str]:
    """The kinds of move a read turn makes (of those named `among`, when given: the rest go unread)."""
    found = set()
    text = f"{reading.clean} {' '.join(reading.turn.actions)}"
    for kind in KINDS:
        if among is not None and kind.name not in among:
            continue
        by_stance = stance is not None and (
            any(a in stance.actions for a in kind.actions)
            or (kind.distance is not None and stance.distance is kind.distance)
            or (kind.voice is not None and stance.voice is kind.voice)
        )
        by_words = kind.in_turn is not None and kind.in_turn.search(text) is not None
        if by_stance or by_words or (kind.features and reading.has(*kind.features)):
            found.add(kind.name)
    return frozenset(found)


# Graded flags that name the very act a plan line names: an argument with the belief, mockery, a promise,
# a calm-down, shouting. A flag from a family of acts (invalidation, generic reassurance, crowding,
# several demands) is not the narrower act its kind's plan lines name ("telling him it was only food"),
# and a threat is not the particular consequence a plan line names ("threatening an injection"): the
# rubric flags neither by analogy, and on dev counting them by their kind went against the raters often.
ACT_FLAGS = frozenset(
    {Flag.argues_with_belief, Flag.mockery, Flag.false_promise, Flag.calm_down, Flag.shouting}
)


def conflicts_of_flags(persona: Persona | None, flags: Iterable[Flag]) -> list[Conflict]:
    """The care-plan lines a graded turn goes against by what its flags say it did: the learned heads
    find an argument with a belief or a promise in words the rule tables do not know, and a plan that
    names that act is gone against all the same."""
    acts = ACT_FLAGS.intersection(flags)
    if persona is None or not acts:
        return []
    return _lines_against(plan_lines(persona), {k.name for k in KINDS if acts.intersection(k.features)})


def conflicts(reading: Reading, stance: Stance | None, persona: Persona | None) -> list[Conflict]:
    """Every care-plan line the turn goes against, in the plan's order (what to avoid first)."""
    if persona is None:
        return []
    lines = plan_lines(persona)
    # only the kinds the plan names can conflict with it
    made = kinds_in_turn(reading, stance, frozenset().union(*(named for _, named in lines)))
    return _lines_against(lines, made)


def _lines_against(lines: tuple[tuple[str, frozenset[str]], ...], made: AbstractSet[str]) -> list[Conflict]:
    """The plan lines naming a kind of move in `made`, in the plan's order, each with the first such kind."""
    out = []
    for line, named in lines:
        shared = sorted(named & made)
        if shared:
            out.append(Conflict(line=line, kind=shared[0]))
    return out


def lines_to_quote(
    reading: Reading, stance: Stance | None, persona: Persona | None, flags: Iterable[Flag], bare_no: bool
) -> list[Conflict]:
    """The plan lines a turn already read as against the plan goes against, by the kinds of move its grade
    shows (`Kind.shown_by`, in its words or `flags`; `bare_no`: a no with no reason given), in the plan's
    order; none when it shows no kind the plan names."""
    if persona is None:
        return []
    graded = set(flags)
    shown = set(kinds_in_turn(reading, stance))
    shown |= {k.name for k in KINDS if reading.has(*k.shown_by) or graded.intersection(k.shown_by)}
    if bare_no:
        shown.add("a bare no")
    return _lines_against(plan_lines(persona), shown)


# How a line is chosen among the plan's, on dev (5-fold with each writer's turns in one fold, the heads
# fitted without the turn's fold; right = a line one of the two raters named): a line the table or the
# flags found is likelier meant than its kind's chance alone says (of 629 head-flagged turns, right with
# 0, 0.1, 0.2, 0.3, 0.5 or 1 added: 0.776, 0.792, 0.798, 0.790, 0.784, 0.741), and a line whose kind is
# less likely than 0.1 is not quoted (the flag's precision and recall 0.873 and 0.699, against 0.863 and
# 0.706 with no floor, 0.875 and 0.690 at 0.2).
FOUND_BONUS = 0.2
LEAST_CHANCE = 0.1


def likeliest_lines(
    persona: Persona | None, found: Iterable[Conflict], chances: Mapping[str, float]
) -> list[Conflict]:
    """The plan's lines a turn read as against the plan likely goes against, likeliest first (the plan's
    order among equals): each scored by the chance of its likeliest kind of move (`chances`, from the kind
    heads), more when in `found`; none under LEAST_CHANCE."""
    if persona is None:
        return []
    kind_found = {c.line: c.kind for c in found}
    scored: list[tuple[float, int, Conflict]] = []
    for line, kinds in plan_lines(persona):
        likeliest = max(sorted(kinds), key=lambda k: chances.get(k, 0.0), default=None)
        chance = chances.get(likeliest, 0.0) if likeliest is not None else 0.0
        score = chance + (FOUND_BONUS if line in kind_found else 0.0)
        if score >= LEAST_CHANCE:
            scored.append((-score, len(scored), Conflict(line, kind_found.get(line) or likeliest or "")))
    return [conflict for *_, conflict in sorted(scored)]


# Below the head's threshold, a turn it is unsure of (a chance of 0.3 or more) goes against the plan when a
# kind head is sure (0.5 or more) it makes a move the plan names: on dev, out of fold as above, recall
# 0.699 -> 0.725 for precision 0.873 -> 0.871 (with 0.4, 0.717; with 0.6, 0.720).
UNSURE_HEAD = 0.3
SURE_KIND = 0.5


def lines_gone_against(
    reading: Reading,
    stance: Stance | None,
    persona: Persona | None,
    found: list[Conflict],
    flags: list[Flag],
    head: tuple[bool, float],
    bare_no: bool,
    chances: Callable[[], Mapping[str, float]],
) -> list[Conflict]:
    """The plan lines a graded turn goes against, likeliest first; none when it does not go against the plan.

    `found`: the table's conflicts, read before any grade; `flags`: the turn's other flags; `head`: the
    learned head's verdict and its chance (trained on the raters' labels with each plan, it sees a plan
    gone against in words the table does not know); `bare_no`: a no with no reason given; `chances`: the
    kind heads' chances, read only when needed. What the flags say the turn did, against a plan that names
    that act (an argument with the belief the rule tables missed), stands whatever the heads say."""
    by_flags = conflicts_of_flags(persona, flags)
    says, chance = head
    if persona is None or (not says and chance < UNSURE_HEAD):
        return by_flags
    kinds = chances()
    if not says and not any(kinds.get(kind, 0.0) >= SURE_KIND for kind in kinds_named(persona)):
        return by_flags
    shown = [*found, *by_flags, *lines_to_quote(reading, stance, persona, flags, bare_no)]
    return likeliest_lines(persona, shown, kinds)
