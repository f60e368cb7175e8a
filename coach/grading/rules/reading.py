"""Reading a staff turn: every feature the rules notice, with the words (or stance) that showed it.

The reading is asymmetric on purpose, to be hard to game. Risky features are read from everything the
trainee typed, including text addressed to a grader; skills, options and the "no" are read only from what
the patient would actually be told, with grader-addressed sentences blanked out. So appending "Grader:
rate this 5" or wrapping an insult in a quoted instruction can only make a grade worse.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from coach.grading.rules.lexicon_addressee import INJECTION_RULES, MANNER_CLAIM
from coach.grading.rules.lexicon_flags import FLAG_RULES
from coach.grading.rules.lexicon_practices import (
    COMMAND_WHY,
    DEMAND,
    DEMAND_SOFTENERS,
    DEMAND_WHY,
    FOLLOW_ON_DEMAND,
    PRACTICE_RULES,
)
from coach.grading.rules.lexicon_refusal import APPROACH, REFUSAL_RULES
from coach.grading.rules.lexicon_skills import OFFER_RULES, SKILL_RULES
from coach.grading.rules.name_calling import name_calling
from coach.grading.rules.patient_line import (
    answers_the_patient,
    as_answer,
    asked_for_something,
    asked_when,
    in_context,
)
from coach.grading.rules.phrase import Cue, Feature, Hit, Scope, find
from coach.grading.rules.sarcasm import sarcasm
from coach.grading.rules.text import (
    Span,
    TurnText,
    content_words,
    pieces,
    sentence_spans,
    split_turn,
    words,
)
from coach.grading.rules.ultimatum import ultimatums
from coach.models import Flag
from coach.stance import STANCE_WORDS, Action, Distance, Posture, Stance, Voice

RISKY_RULES = (*FLAG_RULES, *PRACTICE_RULES, *APPROACH)
MULTIPLE_DEMANDS = 2  # instructions in one turn that count as several at once
PADDING_STOCK_PHRASES = 3  # stock empathy phrases in one turn that read as a script
BARE_NO_WORDS = 6  # a no this short with nothing softening it is bare...
CLIPPED_WORDS = 3  # ...when it starts "No" or every clause is a fragment this short
CAPITALS_SHARE = 0.6  # share of letters in capitals (over words of 2+ letters) that reads as shouting
CAPITALS_MIN_LETTERS = 8
ACRONYMS = frozenset(
    {"PRN", "MDT", "IM", "OK", "TV", "NHS", "GP", "OT", "AM", "PM", "ID", "UK", "RC", "PICU", "CTO"}
)

# "Try and settle" is one instruction, not two.
_CLAUSE = re.compile(r"[.,;:!?\n]+|\s+-\s+|(?<!\btry\s)\b(?:and|then)\b", re.IGNORECASE)
_OFFER_CLAUSE = re.compile(r"[,;:]|\s-\s|\b(?:and|but|also)\b", re.IGNORECASE)
_OR = re.compile(
    r",?\s*\bor\b(?!\s+(?:else|not|something|so|two|anything|what|whatever|are you|is it|other)\b)",
    re.IGNORECASE,
)
_REASON_CLAUSE = re.compile(r"[,;:]|\s-\s|\b(?:so|and|but)\b", re.IGNORECASE)
_PROMISE = re.compile(r"(?:i'?ll|i will|i'?m going to|let me|we'?ll)\b", re.IGNORECASE)
# Hits that do not stop a clause from being the reason for a no ("the doctor's put you on obs" is jargon
# and still a reason).
_NEUTRAL_FOR_REASONS = (Flag.jargon, Feature.next_step, Feature.commanding)
EXPLANATION_WHY = "A plain statement of why, beside the no, makes fairness visible (Safewards Soft Words)."
# "It's up to you" with nothing to choose between is an ultimatum, not an option.
_ULTIMATUM = re.compile(r"\b(?:up to you|your (?:choice|call|decision))\b", re.IGNORECASE)
_NO_WORD = re.compile(r"\W*(?:no|nope|nah)\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-•]|\d+[.)])\s+\S")
_EXCLAIM = re.compile(r"!{2,}")

SUPPORTING = (
    Feature.validation,
    Feature.validation_deep,
    Feature.open_question,
    Feature.safety,
    Feature.space,
)
SOFTENING = (Feature.reason, Feature.apology, Feature.validation, Feature.validation_deep, Feature.courtesy)
COERCIVE = (
    Flag.threat,
    Flag.containment_threat,
    Flag.mockery,
    Feature.ultimatum,
    Feature.containment_ultimatum,
)
_CONTAINED = (Flag.containment_threat, Feature.containment_ultimatum)
_THREATENED = (Flag.threat, Feature.ultimatum)
_SAID_NO = (Feature.decline, Feature.delay, Feature.limit, Feature.bad_news)


@dataclass(frozen=True)
class Reading:
    """Everything the offline grader noticed in one turn."""

    turn: TurnText
    clean: str  # the speech with grader-addressed text blanked out (same offsets as turn.speech)
    hits: tuple[Hit, ...]
    options: tuple[str, ...]  # distinct choices offered, as folded text
    word_count: int
    core_word_count: int  # words outside sentences that only validate, ask or offer choices
    reason_clauses: int  # most clauses giving a reason in one sentence: a pile of them over-justifies
    echoed: tuple[str, ...]  # the patient's own content words picked up by the staff turn

    @cached_property
    def _found(self) -> frozenset[Cue]:
        return frozenset(h.feature for h in self.hits)

    def has(self, *features: Cue) -> bool:
        return not self._found.isdisjoint(features)

    def of(self, *features: Cue) -> list[Hit]:
        return [h for h in self.hits if h.feature in features]


@dataclass(frozen=True)
class TextReading:
    """What the words of a turn show whoever hears them: the part of a reading that neither the stance nor
    the patient's line changes, so a line said again (a better line's candidate) is read once."""

    turn: TurnText
    clean: str
    injected: tuple[Hit, ...]
    capitals: bool
    risky: tuple[Hit, ...]  # the risky tables' hits, before the patient's line is taken into account
    shaped: tuple[Hit, ...]  # ultimatums, name-calling and sarcasm, read by their shape
    skills: tuple[Hit, ...]
    refusals: tuple[Hit, ...]
    offers: tuple[Hit, ...]
    sentences: tuple[Span, ...]  # of `clean`


def read_text(staff: str) -> TextReading:
    """Read the words of one staff turn, whoever hears them."""
    turn = split_turn(staff)
    clean, clean_actions, injected = _spoken_to_patient(turn)
    capitals = _capitals(clean)
    return TextReading(
        turn=turn,
        clean=clean,
        injected=tuple(injected),
        capitals=capitals,
        risky=tuple(find(RISKY_RULES, turn.speech, turn.actions, capitals)),
        shaped=(*ultimatums(turn.speech), *name_calling(turn.speech), *sarcasm(turn.speech)),
        skills=tuple(find(SKILL_RULES, clean, clean_actions, capitals)),
        refusals=tuple(find(REFUSAL_RULES, clean, (), capitals)),
        offers=tuple(find(OFFER_RULES, clean, (), capitals)),
        sentences=tuple(sentence_spans(clean)),
    )


def read_turn(staff: str | TextReading, stance: Stance | None = None, patient: str | None = None) -> Reading:
    """Read one staff turn (text, or its words already read; optional stance; the patient's last line for
    attunement)."""
    text = read_text(staff) if isinstance(staff, str) else staff
    turn, clean, injected = text.turn, text.clean, list(text.injected)

    asked, when = asked_for_something(patient), asked_when(patient)
    risky = as_answer(asked, list(text.risky))
    risky += text.shaped
    skills = list(text.skills)
    refusals = as_answer(asked, list(text.refusals), when)
    refusals = [h for h in refusals if h.feature not in (Feature.stall, Feature.request_no, Feature.grant)]
    offers = list(text.offers)
    # A risky reading wins over a skill reading of the same words ("I'm sorry you feel that way"), and
    # "*takes his arm gently*" is hands-on, not a gentle space-giving move.
    skills = [h for h in skills if not any(h.overlaps(r) or _same_action(h, r) for r in risky)]
    skills = _drop_vague_reasons(skills)
    risky = in_context(patient, _specific_threats(risky, turn.speech))

    sentence_list = list(text.sentences)
    padding = _padding(skills, sentence_list)
    if padding:
        # Piled-up stock phrases earn nothing: no apology or courtesy credit from inside them either.
        stock = [h for h in skills if h.feature is Feature.stock_empathy]
        skills = [
            h for h in skills if h.feature is Feature.stock_empathy or not any(h.overlaps(s) for s in stock)
        ]
    options = _options(sentence_list, offers, risky)
    hits = [
        *injected,
        *risky,
        *_shouting(turn, text.capitals),
        *_stance_hits(stance),
        *skills,
        *refusals,
        *padding,
    ]
    if refusals and not any(h.feature is Feature.reason for h in skills):
        skills += _explanations(sentence_list, hits, offers)
        hits += [h for h in skills if h.feature is Feature.reason]
    explained = bool(options) or any(h.feature is Feature.reason for h in skills)
    hits += _demand_hits((turn.speech, clean), offers, explained)
    hits += _bare_no(refusals, skills, options, sentence_list)
    hits += answers_the_patient(patient, asked, hits)
    reasons = [h for h in skills if h.feature is Feature.reason]
    return Reading(
        turn=turn,
        clean=clean,
        hits=tuple(hits),
        options=tuple(options),
        word_count=len(words(clean)),
        core_word_count=_core_words(sentence_list, skills, offers, refusals),
        # without a reason hit no clause holds one: the clauses need not be cut
        reason_clauses=max(
            (
                sum(1 for c in pieces(s.text, _OFFER_CLAUSE, s.start) if _holds(c, reasons))
                for s in (sentence_list if reasons else ())
            ),
            default=0,
        ),
        echoed=_echoed(clean, patient),
    )


def _same_action(skill: Hit, risky: Hit) -> bool:
    return skill.where is Scope.action and risky.where is Scope.action and skill.part == risky.part


def _holds(span: Span, hits: list[Hit]) -> bool:
    """Whether any spoken hit starts inside `span`."""
    start, end = span.start, span.start + len(span.text)  # taken once: asked of every sentence and clause
    for h in hits:  # noqa: SIM110 (a plain loop takes about two thirds of any() over a generator's time)
        if h.where is Scope.speech and start <= h.start < end:
            return True
    return False


def _spoken_to_patient(turn: TurnText) -> tuple[str, tuple[str, ...], list[Hit]]:
    """Blank out (keeping offsets) asides and sentences addressed to a grader, and claims about the manner
    of the line; drop actions addressed to a grader."""
    hits: list[Hit] = []
    clean = turn.speech
    # One scan of the whole speech first: almost every turn has nothing addressed to a grader.
    addressed = find(INJECTION_RULES, clean, ())
    for aside in turn.asides if addressed else ():
        found = find(INJECTION_RULES, aside, ())
        if found:
            hits.append(_injection_hit(found[0], aside))
            clean = clean.replace(aside, _blank(aside))
    for sentence in sentence_spans(clean) if addressed else ():
        found = find(INJECTION_RULES, sentence.text, ())
        if found:
            hits.append(_injection_hit(found[0], sentence.text))
            clean = clean[: sentence.start] + _blank(sentence.text) + clean[sentence.end :]
    clean = MANNER_CLAIM.sub(lambda m: _blank(m.group()), clean)
    actions = []
    for action in turn.actions:
        found = find(INJECTION_RULES, action, ())
        if found:
            hits.append(_injection_hit(found[0], f"*{action}*"))
        else:
            actions.append(action)
    return clean, tuple(actions), hits


def _blank(part: str) -> str:
    """Spaces the length of `part`, ending in a sentence break, so what follows reads as a new sentence
    ("Tone: 5. No, you can't." reads as "No, you can't.")."""
    return " " * (len(part) - 1) + "."


def _injection_hit(found: Hit, context: str) -> Hit:
    quote = context if len(context) <= 120 else context[:117] + "..."
    return Hit(Flag.grader_injection, quote, found.why, Scope.speech)


def _capitals(speech: str) -> bool:
    letters = [w for w in words(speech) if len(w) >= 2 and w.upper() not in ACRONYMS]
    total = sum(len(w) for w in letters)
    upper = sum(len(w) for w in letters if w.isupper())
    return total >= CAPITALS_MIN_LETTERS and upper / total >= CAPITALS_SHARE


def _shouting(turn: TurnText, capitals: bool) -> list[Hit]:
    hits = []
    if capitals:
        shouted = " ".join(w for w in words(turn.speech) if w.isupper() and len(w) >= 2)
        why = "Typed mostly in capitals: on a ward that is a raised voice."
        hits.append(Hit(Flag.shouting, shouted[:120], why, Scope.speech))
    exclaimed = _EXCLAIM.search(turn.speech)
    if exclaimed or turn.speech.count("!") >= 3:
        quote = exclaimed.group() if exclaimed else "!" * turn.speech.count("!")
        hits.append(
            Hit(Flag.shouting, quote, "Repeated exclamation marks read as a raised voice.", Scope.speech)
        )
    return hits


_STANCE_READING: dict[object, tuple[Cue, str]] = {
    Distance.close: (
        Flag.crowding,
        "Standing close crowds the person; keep about two arm-lengths (Project BETA).",
    ),
    Distance.two_arms_or_more: (
        Feature.space,
        "Two arm-lengths or more respects personal space (Project BETA).",
    ),
    Voice.raised: (Flag.shouting, "A raised voice escalates (Project BETA: calm, low voice)."),
    Voice.quiet: (Feature.space, "A quiet, low voice lowers threat (Project BETA)."),
    Posture.closed: (Feature.closed_posture, "A closed posture reads as guarded or hostile (Project BETA)."),
    Posture.open: (Feature.space, "An open posture with hands visible lowers threat (Project BETA)."),
    Action.step_back: (Feature.space, "Stepping back gives space (Project BETA: respect personal space)."),
    Action.offer_break: (
        Feature.space,
        "A time-limited offer of space lets the person calm themselves (DOMAIN).",
    ),
    Action.call_support: (Feature.teamwork, "Calling support early mobilises the team (NICE NG10)."),
    Action.swap_staff: (
        Feature.teamwork,
        "Swapping staff when rapport is failing is good teamwork (DOMAIN).",
    ),
    Action.touch: (Flag.hands_on, "Touch is a last resort and a strong trigger (DOMAIN; NICE NG10)."),
}


def _stance_hits(stance: Stance | None) -> list[Hit]:
    if stance is None:
        return []
    hits = []
    for value in (stance.distance, stance.voice, stance.posture):
        if value is not None and value in _STANCE_READING:
            feature, why = _STANCE_READING[value]
            hits.append(Hit(feature, f"stance: {STANCE_WORDS[value]}", why, Scope.stance))
    for action in dict.fromkeys(stance.actions):
        feature, why = _STANCE_READING[action]
        hits.append(Hit(feature, f"stance: {STANCE_WORDS[action]}", why, Scope.stance))
    return hits


def _demand_hits(texts: tuple[str, ...], offers: list[Hit], explained: bool) -> list[Hit]:
    """Several instructions at once, and bare ones; each hit spans the clauses it is about.

    Read in the whole speech and again with grader-addressed text blanked (a note glued to the front of
    "Go to your room." must not hide it). A sentence that offers a choice or promises to act is not an
    instruction. An instruction is bare unless it is asked ("could you...?") or the turn gives a reason or
    a choice (`explained`); a tacked-on "please" does not soften an order.
    """
    demands: list[Span] = []
    bare: list[Span] = []
    seen: set[str] = set()
    # without grader-addressed text the two are one text, and a second reading would find only repeats
    for text in dict.fromkeys(texts):
        for sentence in sentence_spans(text):
            # "Let me find out and come back to you" promises; its second verb is not an order.
            if _holds(sentence, offers) or _PROMISE.match(sentence.text):
                continue
            found: list[Span] = []
            for clause in pieces(sentence.text, _CLAUSE, sentence.start):
                if DEMAND.match(clause.text) or (found and FOLLOW_ON_DEMAND.match(clause.text)):
                    said = clause.text.lower().removeprefix("just ")
                    # "Calm down. Calm down." is one instruction said twice.
                    if said not in seen:
                        seen.add(said)
                        found.append(clause)
            demands += found
            if not explained and not DEMAND_SOFTENERS.search(sentence.text):
                bare += found
    demands.sort(key=lambda span: span.start)
    bare.sort(key=lambda span: span.start)

    def spanning(feature: Cue, spans: list[Span], why: str) -> Hit:
        quote = "; ".join(s.text for s in spans)[:120]
        return Hit(feature, quote, why, Scope.speech, spans[0].start, spans[-1].end)

    hits = []
    if len(demands) >= MULTIPLE_DEMANDS:
        hits.append(spanning(Flag.multiple_demands, demands, DEMAND_WHY))
    if bare:
        hits.append(spanning(Feature.commanding, bare, COMMAND_WHY))
    return hits


def _specific_threats(risky: list[Hit], speech: str) -> list[Hit]:
    """A threat of containment is the more specific flag: the same sentence is not also a plain threat."""
    containment = [h for h in risky if h.feature in _CONTAINED and h.where is Scope.speech]
    if not containment:
        return risky
    spans = sentence_spans(speech)
    taken = [s for s in spans if _holds(s, containment)]
    return [h for h in risky if h.feature not in _THREATENED or not any(_holds(s, [h]) for s in taken)]


def _drop_vague_reasons(skills: list[Hit]) -> list[Hit]:
    """'Because I said so' is a vague reason, not a reason."""
    vague = [h for h in skills if h.feature is Feature.vague_reason]
    return [h for h in skills if h.feature is not Feature.reason or not any(h.overlaps(v) for v in vague)]


def _padding(skills: list[Hit], sentence_list: list[Span]) -> list[Hit]:
    stock = [h for h in skills if h.feature is Feature.stock_empathy]
    counted = Counter(s.text.lower() for s in sentence_list if len(words(s.text)) >= 2)
    repeated = [s.text for s in sentence_list if counted[s.text.lower()] > 1]
    if len(stock) >= PADDING_STOCK_PHRASES:
        why = "Stock empathy phrases piled up read as a script, not as listening; say one specific thing."
        return [
            Hit(Feature.padding, ", ".join(dict.fromkeys(h.quote for h in stock))[:120], why, Scope.speech)
        ]
    if repeated:
        why = "The same words repeated add length, not meaning (Project BETA: be concise)."
        return [Hit(Feature.padding, repeated[0][:120], why, Scope.speech)]
    return []


def _explanations(sentence_list: list[Span], hits: list[Hit], offers: list[Hit]) -> list[Hit]:
    """Statements beside a no that say why, in words no table lists ("she's in a meeting until two").

    A clause counts when it is a plain statement of three words or more: not the no itself, not in a
    sentence that asks, offers a choice or promises to act, not an instruction, a stock phrase or anything
    risky. Every such clause counts, so a pile of them reads as over-justifying.
    """
    spoken = [h for h in hits if h.where is Scope.speech and h.feature not in _NEUTRAL_FOR_REASONS] + offers
    said_no = [h for h in hits if h.feature in _SAID_NO]
    found = []
    for sentence in sentence_list:
        # "I'll have to say not now - I've got rooms to check" says no, and why; it promises nothing.
        promise = _PROMISE.match(sentence.text) and not _holds(sentence, said_no)
        if sentence.text.rstrip().endswith("?") or promise or _holds(sentence, offers):
            continue
        for clause in pieces(sentence.text, _REASON_CLAUSE, sentence.start):
            if len(words(clause.text)) < 3 or _PROMISE.match(clause.text) or DEMAND.match(clause.text):
                continue
            if not _holds(clause, spoken):
                found.append(
                    Hit(Feature.reason, clause.text, EXPLANATION_WHY, Scope.speech, clause.start, clause.end)
                )
    return found


def _bare_no(
    refusals: list[Hit], skills: list[Hit], options: list[str], sentence_list: list[Span]
) -> list[Hit]:
    """A short no with nothing softening it, said as a bare "No" or in clipped fragments ("No. Cables.",
    "leaves cancelled. staffing."); a short plain sentence ("You can't wait outside his room.") is flat,
    not curt. Sentences of stock phrases do not count as saying more."""
    stock = [h for h in skills if h.feature is Feature.stock_empathy]
    said = [s.text for s in sentence_list if not _holds(s, stock)]
    if not refusals or options or any(h.feature in SOFTENING for h in skills):
        return []
    if sum(len(words(s)) for s in said) > BARE_NO_WORDS:
        return []
    clipped = all(len(words(c.text)) <= CLIPPED_WORDS for s in said for c in pieces(s, _CLAUSE))
    if not clipped and not any(_NO_WORD.match(s) for s in said):
        return []
    why = "A bare no, with no reason, apology or alternative, is curt (Safewards Soft Words)."
    return [Hit(Feature.bare_no, " ".join(said), why, Scope.speech, refusals[0].start, refusals[0].end)]


def _options(sentence_list: list[Span], offers: list[Hit], risky: list[Hit]) -> list[str]:
    """Distinct choices offered: 'X or Y' alternatives in an offer or a question, and clauses that each
    make an offer ("you could..., and we could also..."); none inside an ultimatum."""
    coercive = [h for h in risky if h.feature in COERCIVE]
    if any(h.feature is Flag.mockery for h in coercive):
        # A mocking turn offers nothing real: "shall I ring MI5 for you?" is part of the joke.
        return []
    primary = [h for h in offers if h.feature is Feature.offer]
    labels: list[str] = []
    for sentence in sentence_list:
        if _holds(sentence, coercive):
            continue
        alternatives = [a for a in _OR.split(sentence.text) if words(a)]
        if len(alternatives) > 1:
            # "X, Y, or Z": the items before the last "or" are alternatives too.
            listed = [item for item in alternatives[0].split(",") if len(words(item)) >= 2]
            alternatives = [*(listed if len(listed) > 1 else alternatives[:1]), *alternatives[1:]]
        marked = _holds(sentence, offers)
        if len(alternatives) > 1 and (marked or sentence.text.rstrip().endswith("?")):
            labels += alternatives
        elif marked:
            offering = [
                c.text for c in pieces(sentence.text, _OFFER_CLAUSE, sentence.start) if _holds(c, primary)
            ]
            if offering or not _ULTIMATUM.search(sentence.text):
                labels += offering or [sentence.text]
    items = [s.text for s in sentence_list if _LIST_ITEM.match(s.text)]
    if len(items) >= 2:
        labels += items
    return list(dict.fromkeys(" ".join(words(label.lower())) for label in labels))


def _core_words(sentence_list: list[Span], skills: list[Hit], offers: list[Hit], refusals: list[Hit]) -> int:
    """Words of the turn that carry the no and its justification (brevity is judged on these)."""
    support = [h for h in skills if h.feature in SUPPORTING] + offers
    return sum(len(words(s.text)) for s in sentence_list if _holds(s, refusals) or not _holds(s, support))


def _echoed(clean: str, patient: str | None) -> tuple[str, ...]:
    if not patient:
        return ()
    theirs = set(content_words(patient))
    return tuple(dict.fromkeys(w for w in content_words(clean) if w in theirs))
