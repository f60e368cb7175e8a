"""The unit of the offline grader: a named phrase rule with the reason it matters.

A rule is a regular expression written the way people type: a straight apostrophe in a pattern also
matches a missing one ("don't" finds "dont"), and whole words are matched unless the rule says otherwise.
Every match becomes a Hit that carries the exact words and the rule's why, which is the grade's evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from coach.grading.rules.dispatch import dispatched
from coach.grading.rules.prefilter import INDEX, Places, pattern_starts, text_rules
from coach.models import Flag

# How far back (in characters) a rule's `unless_preceded_by` looks for the words that undo it.
LOOKBACK = 40


class Feature(StrEnum):
    """What the rules can notice in a turn beyond the flags: a rule for a flag names the flag itself
    (coach.models.Flag), and its hits are reported as that flag."""

    # risky practices that are not flags
    minimising = "minimising"  # gentle invalidation: reported as the invalidation flag, tone flat not cold
    calm_down_unsaid = "calm_down_unsaid"  # "nobody's asking you to calm down": the command not given
    curt = "curt"
    lecture = "lecture"
    buck_passing = "buck_passing"
    evasive = "evasive"
    hedge = "hedge"  # "I'm not sure", "it depends": evasive only in answer to a request
    stall = "stall"  # "in a bit", "after lunch": a delay only in answer to a request
    request_no = "request_no"  # "No, it's closed": a decline only in answer to a request
    grant = "grant"  # "Course you can", "leave it with me": a yes, so no stall in the turn is a no
    swearing = "swearing"
    provocative = "provocative"
    commanding = "commanding"
    padding = "padding"
    closed_posture = "closed_posture"
    bare_no = "bare_no"
    # skills
    validation = "validation"
    validation_deep = "validation_deep"
    stock_empathy = "stock_empathy"
    apology = "apology"
    reason = "reason"
    vague_reason = "vague_reason"
    next_step = "next_step"
    courtesy = "courtesy"
    open_question = "open_question"
    safety = "safety"
    space = "space"
    teamwork = "teamwork"
    offer = "offer"
    invitation = "invitation"  # "if you like", "up to you": makes an offer, counts only with nothing else
    # the "no" moment
    decline = "decline"
    delay = "delay"
    limit = "limit"
    bad_news = "bad_news"
    acts_against = "acts_against"  # closing in or touching after "get away from me": a no without words
    approach = "approach"  # "*comes in*", "*sits on the bed*": a no acted out only after "stay away"
    # ultimatums read by their shape (coach.grading.rules.ultimatum)
    ultimatum = "ultimatum"  # "do that again and you'll lose your leave": reported as a threat
    containment_ultimatum = "containment_ultimatum"  # "..., or security will take you": containment threat
    framed_limit = "framed_limit"  # a consequence about safety beside a way forward: no flag
    name_calling = "name_calling"  # a belittling word said of the person (rules.name_calling): mockery
    sarcasm = "sarcasm"  # praise, pity or service in a shape that says the opposite (rules.sarcasm): mockery


# Features reported under another feature's flag: gentle invalidation is still invalidation.
_REPORTED_WITH: dict[Flag, tuple[Feature, ...]] = {
    Flag.invalidation: (Feature.minimising,),
    Flag.threat: (Feature.ultimatum,),
    Flag.containment_threat: (Feature.containment_ultimatum,),
    Flag.mockery: (Feature.name_calling, Feature.sarcasm),
}

# What a rule notices: a flag, or another feature.
Cue = Flag | Feature


def reported_as(flag: str) -> tuple[Cue, ...]:
    """The cues a grade reports as the flag named `flag`: the flag itself and any gentler kind of it."""
    own = Flag(flag)
    return (own, *_REPORTED_WITH.get(own, ()))


class Scope(StrEnum):
    """Which part of a turn a rule reads: the spoken words, the *described actions*, or both."""

    speech = "speech"
    action = "action"
    both = "both"
    stance = "stance"  # hits read from the stance fields rather than from text


@dataclass(frozen=True)
class Rule:
    """One named phrase pattern for one feature of a staff turn.

    `unless_preceded_by` undoes a match when it matches the words right before it (it is anchored there): a
    negation such as "no one is going to" before "restrain you", or "help you" before "calm down".
    `unless_followed_by` does the same with the words right after it ("the police aren't involved").
    """

    feature: Cue
    pattern: str
    why: str
    scope: Scope = Scope.speech
    unless_preceded_by: str | None = None
    unless_followed_by: str | None = None
    case_sensitive: bool = False
    whole_words: bool = True
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    folding: re.Pattern[str] = field(init=False, repr=False, compare=False)
    undo: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    undo_next: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    bit: int = field(init=False, repr=False, compare=False)  # in the start index; 0: always scanned

    def __post_init__(self) -> None:
        if not self.case_sensitive and any(c.isupper() for c in re.sub(r"\\.|\(\?P<", "", self.pattern)):
            raise ValueError(f"a {self.feature} pattern has capitals; write patterns in lower case")
        # Patterns run on lower-cased text (fast), their alternatives keyed by first character
        # (coach.grading.rules.dispatch); `folding` is for the rare text whose lower case changes its
        # length, where offsets would no longer match the original.
        fast = _compile(self.pattern, True, self.whole_words)
        object.__setattr__(self, "regex", re.compile(dispatched(fast.pattern)))
        # how its matches can start, to skip texts it cannot match (coach.grading.rules.prefilter)
        starts = pattern_starts(fast.pattern) if self.whole_words and not self.case_sensitive else None
        object.__setattr__(self, "bit", 0 if starts is None else INDEX.add(starts))
        object.__setattr__(self, "folding", _compile(self.pattern, self.case_sensitive, self.whole_words))
        undo = _compile(f"(?:{self.unless_preceded_by})$", False, False) if self.unless_preceded_by else None
        object.__setattr__(self, "undo", undo)
        follows = self.unless_followed_by
        object.__setattr__(self, "undo_next", _compile(follows, False, False) if follows else None)

    def hits(
        self, text: str, lowered: str | None, where: Scope, part: int = 0, at: list[int] | None = None
    ) -> list[Hit]:
        """Every match of this rule in `text` that no `unless_...` words undo.

        `lowered` is `text.lower()` when that keeps every offset, else None; `at`: the only places in
        `lowered` where a match may start, first to last (coach.grading.rules.prefilter), or None to scan
        it all.
        """
        if self.case_sensitive:
            subject, regex = text, self.regex
        elif lowered is not None:
            subject, regex = lowered, self.regex
        else:
            subject, regex = text, self.folding
        found = []
        quoted = "q" in regex.groupindex  # the words to quote, where the rule marks them
        for match in regex.finditer(subject) if at is None else _tried_at(regex, subject, at):
            start, end = match.span()
            if self.undo is not None and self.undo.search(subject, max(0, start - LOOKBACK), start):
                continue
            if self.undo_next is not None and self.undo_next.match(subject, end):
                continue
            span = match.span("q") if quoted else match.span()
            found.append(
                Hit(self.feature, text[span[0] : span[1]].strip(), self.why, where, *span, part=part)
            )
        return found


def _tried_at(regex: re.Pattern[str], subject: str, at: list[int]) -> list[re.Match[str]]:
    """What `regex.finditer(subject)` finds when its matches can start only `at` those places: the first
    match at a place, and the next from the end of it on (a rule's match is never empty)."""
    found = []
    end = 0
    for place in at:
        if place >= end:
            match = regex.match(subject, place)
            if match is not None:
                found.append(match)
                end = match.end()
    return found


@dataclass(frozen=True)
class Hit:
    """A rule that matched: the feature, the exact words, why it matters, and where it was found."""

    feature: Cue
    quote: str
    why: str
    where: Scope
    start: int = 0
    end: int = 0
    part: int = 0  # 0 for the speech, n for the n-th described action

    @classmethod
    def on_speech(cls, feature: Cue, why: str, speech: str, start: int, end: int) -> Hit:
        """A hit on `speech[start:end]`, quoted without the spaces and commas at its edges."""
        return cls(feature, speech[start:end].strip(" ,"), why, Scope.speech, start, end)

    def overlaps(self, other: Hit) -> bool:
        """Whether both hits cover some of the same characters of the same text."""
        same = self.where == other.where and self.part == other.part
        return same and self.start < other.end and other.start < self.end


def group(feature: Cue, why: str, *patterns: str, **options: Any) -> tuple[Rule, ...]:
    """One rule for several patterns of a feature that share a reason (and options such as scope).

    The patterns become one alternation, so a table of hundreds of phrases costs a few dozen scans.
    """
    return (Rule(feature, "|".join(f"(?:{p})" for p in patterns), why, **options),)


def _compile(pattern: str, case_sensitive: bool, whole_words: bool) -> re.Pattern[str]:
    # Apostrophes are optional in typed chat; spaces stand for any run of whitespace, and an optional space
    # (" ?", as in "team ?mate") for none or some.
    body = pattern.replace("'", "'?").replace(" ?", r"\s*").replace(" ", r"\s+")
    if whole_words:
        body = rf"(?<![\w'])(?:{body})(?![\w'])"
    return re.compile(body, 0 if case_sensitive else re.IGNORECASE)


def find(rules: tuple[Rule, ...], speech: str, actions: tuple[str, ...], capitals: bool = False) -> list[Hit]:
    """All hits of `rules` on the spoken text and on each described action.

    With `capitals` (text typed mostly in capitals) case-sensitive rules are skipped: in "IM SORRY" the
    letters IM are not the acronym.
    """
    found: list[Hit] = []
    spoken = (speech, _lowered(speech))
    done = [(action, _lowered(action)) for action in actions]
    table = _table(rules)
    # a table none of whose rules can be skipped (the injection table) does not look them up
    heard = _places(spoken[1]) if table.skips else None
    acted = [_places(lowered) if table.skips else None for _, lowered in done]
    for rule in table.tried(heard, acted):
        if capitals and rule.case_sensitive:
            continue
        if rule.scope is not Scope.action:
            at = _where(rule, heard)
            if at is None or at:
                found.extend(rule.hits(*spoken, Scope.speech, at=at))
        if rule.scope is not Scope.speech:
            for number, ((action, lowered), places) in enumerate(zip(done, acted, strict=True), start=1):
                at = _where(rule, places)
                if at is None or at:
                    found.extend(rule.hits(action, lowered, Scope.action, number, at))
    return found


class _Table:
    """A table's rules as `find` walks them: only those the start index lets through, in the table's order
    (so hits come in the same order as a walk of every rule), with the rules it cannot skip."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.skips = any(rule.bit for rule in rules)
        self._scanned = [n for n, rule in enumerate(rules) if not rule.bit]  # always tried
        self._by_bit: dict[int, list[int]] = {}  # a rule's bit -> where it stands in the table
        for n, rule in enumerate(rules):
            if rule.bit:
                self._by_bit.setdefault(rule.bit, []).append(n)

    def tried(self, heard: Places | None, acted: list[Places | None]) -> list[Rule] | tuple[Rule, ...]:
        """The rules that may match the speech (`heard`) or an action (`acted`): a rule left out has no
        start in any of them, so its walk would find nothing. None among them: every rule is tried."""
        texts = [heard, *acted]
        if any(places is None for places in texts):
            return self.rules
        by_bit = self._by_bit
        chosen = set(self._scanned)
        for places in texts:
            for bit in places or ():
                chosen.update(by_bit.get(bit, ()))
        return [self.rules[n] for n in sorted(chosen)]


# Each table's walk, made on first use; keyed by the table's identity, the table kept with it (a tuple of
# rules is hashed field by field, too slowly for every reading).
_TABLES: dict[int, _Table] = {}


def _table(rules: tuple[Rule, ...]) -> _Table:
    table = _TABLES.get(id(rules))
    if table is None or table.rules is not rules:
        table = _TABLES[id(rules)] = _Table(rules)
    return table


def _places(lowered: str | None) -> Places | None:
    """Where each rule may match a text, where rules read it lower-cased (else None: scan it all)."""
    return None if lowered is None else text_rules(lowered)


def _where(rule: Rule, places: Places | None) -> list[int] | None:
    """The places where `rule` may match (none: it cannot), or None where it scans the whole text."""
    if not rule.bit or places is None:
        return None
    return places.get(rule.bit, [])


def _lowered(text: str) -> str | None:
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None
