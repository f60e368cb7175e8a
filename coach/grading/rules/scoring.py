"""From a reading to scores: each key decided by a short list of named rules, each with its evidence.

Plain-words versions of these rules are in rubrics/README.md; keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.phrase import Hit
from coach.grading.rules.reading import Reading
from coach.models import Evidence

HOSTILE = (F.threat, F.containment_threat, F.mockery, F.shouting, F.swearing)
COLD = (
    F.calm_down,
    F.invalidation,
    F.multiple_demands,
    F.curt,
    F.lecture,
    F.commanding,
    F.provocative,
    F.bare_no,
    F.buck_passing,
)
# Faults that leave a turn flat at best: closing in or touching however kindly worded, shrinking a feeling
# however politely, passing the buck politely, jargon, padding.
FLAT = (
    F.minimising,
    F.jargon,
    F.padding,
    F.closed_posture,
    F.crowding,
    F.hands_on,
)
# Faults that keep a turn from reading as attuned, though warmth around them still shows: disputing a belief
# after acknowledging it, blanket reassurance beside a kind (if empty) promise.
UNATTUNED = (F.argues_with_belief, F.generic_reassurance)
# Good practice a patient would feel as warmth; enough kinds together (or deep validation) read as attuned.
WARM = (
    F.courtesy,
    F.open_question,
    F.apology,
    F.safety,
    F.validation,
    F.validation_deep,
    F.teamwork,
    F.space,
    F.reason,
    F.next_step,
)
KIND_BUT_EMPTY = (F.false_promise,)
# Saying why, what happens next, or a bare sorry informs; it feels warm only with something else.
INFORMING = (F.reason, F.next_step, F.apology)
ATTUNED_KINDS = 3  # kinds of good practice together that read as attuned...
RELATING_KINDS = 2  # ...or, without a no, kinds that relate to the person rather than inform

BRIEF_NO_WORDS = 34  # a no with its reason in this many words is brief
WORDY_NO_WORDS = 50  # from this many it is wordy...
AT_LENGTH_WORDS = 120  # from this many it is a speech
OVER_JUSTIFIED_REASONS = 4  # ...and so is a pile of this many reasons


@dataclass
class Judgement:
    """One score and the evidence that earned it."""

    value: int | None
    evidence: list[Evidence] = field(default_factory=list)


def cite(key: str, hits: list[Hit], limit: int = 3) -> list[Evidence]:
    """Evidence for `key` from the first hit of each feature among `hits`."""
    seen: dict[F, Hit] = {}
    for hit in hits:
        seen.setdefault(hit.feature, hit)
    return [Evidence(key=key, quote=h.quote, why=h.why) for h in list(seen.values())[:limit]]


def gist(reading: Reading) -> str:
    """The turn as said, in one line of at most 100 characters (the quote when nothing narrower fits)."""
    text = (
        " ".join(reading.clean.split())
        or " ".join(f"*{a}*" for a in reading.turn.actions)
        or "(nothing said)"
    )
    return text if len(text) <= 100 else text[:97] + "..."


def validation_level(reading: Reading) -> Judgement:
    """0-3: none or dismissed; stock acknowledgement; names the feeling; feeling with its reason."""
    key = "validation"
    dismissed = reading.of(F.invalidation, F.minimising, F.argues_with_belief, F.mockery)
    if dismissed:
        return Judgement(0, cite(key, dismissed))
    if reading.has(F.padding):
        return Judgement(0, cite(key, reading.of(F.padding)))
    specific = reading.of(F.validation)
    deep = reading.of(F.validation_deep)
    if specific and (deep or len(reading.echoed) >= 2):
        why = "Names the feeling and picks up the person's own words." if not deep else deep[0].why
        quote = (deep[0].quote if deep else ", ".join(reading.echoed[:4])) + " / " + specific[0].quote
        return Judgement(3, [Evidence(key=key, quote=quote, why=why)])
    if specific or deep:
        return Judgement(2, cite(key, specific or deep, 1))
    stock = reading.of(F.stock_empathy)
    if stock:
        return Judgement(1, cite(key, stock, 1))
    return Judgement(0, [Evidence(key=key, quote=gist(reading), why="No acknowledgement of the feeling.")])


def tone(reading: Reading, validation: int, option_count: int, is_refusal: bool, wordy_no: bool) -> Judgement:
    """1-5: hostile caps at 1, cold at 2, flat at 3, unattuned (and an over-justified no) at 4; below the
    cap, warmth lifts to 4 and attunement (see _warmth) to 5."""
    level, warm = _warmth(reading, validation, option_count, is_refusal)
    # Passing the buck with an apology ("that's one for the social worker, I'm afraid") is flat, not cold.
    polite_buck = (F.buck_passing,) if reading.has(F.apology) else ()
    cold = tuple(f for f in COLD if f not in polite_buck)
    for cap, kinds in ((1, HOSTILE), (2, cold), (3, (*FLAT, *polite_buck)), (4, UNATTUNED)):
        found = reading.of(*kinds)
        if found:
            return Judgement(min(cap, level), cite("tone", found))
    if wordy_no and level > 4:
        why = "Warm, but the no is buried in justification."
        return Judgement(4, [*cite("tone", warm, 2), Evidence(key="tone", quote=gist(reading), why=why)])
    if level > 3:
        evidence = cite("tone", warm)
        if option_count:
            why = "Offering real choices shows respect for the person's control."
            evidence.append(Evidence(key="tone", quote=reading.options[0], why=why))
        return Judgement(level, evidence)
    why = "Neither hostile nor warm: neutral and impersonal."
    return Judgement(3, [Evidence(key="tone", quote=gist(reading), why=why)])


def _warmth(reading: Reading, validation: int, option_count: int, is_refusal: bool) -> tuple[int, list[Hit]]:
    """How warm the turn is without its faults: 3 neutral, 4 warm, 5 attuned; and the hits that show it.

    Kinds of good practice are counted (validation, choices, space, courtesy...). A turn is attuned when it
    names the feeling with its reason, or shows three kinds; without a no, two kinds that relate to the
    person (not only inform) are enough. A no is attuned only when it also acknowledges what it costs.
    """
    warm = reading.of(*WARM)
    # "Can you tell me...?" is one move, not courtesy and a question: the polite form of a question does
    # not count again as courtesy.
    questions = [h for h in warm if h.feature is F.open_question]
    warm = [h for h in warm if h.feature is not F.courtesy or not any(h.overlaps(q) for q in questions)]
    kinds = {h.feature for h in warm if h.feature not in (F.validation, F.validation_deep)}
    named = validation >= 2
    kinds_count = len(kinds) + named + min(2, option_count)
    relating = len(kinds - set(INFORMING)) + named + min(1, option_count)
    attuned = validation >= 3 or kinds_count >= ATTUNED_KINDS
    if is_refusal and attuned and named:
        return 5, warm
    if not is_refusal and (attuned or relating >= RELATING_KINDS):
        return 5, warm
    # "Sorry" softens a no (Soft Words); on its own, like a reason or a next step, it only informs.
    informing = set(INFORMING) - ({F.apology} if is_refusal else set())
    informing_only = kinds <= informing and not named and not option_count
    if (kinds_count and not (informing_only and kinds_count < 2)) or reading.has(*KIND_BUT_EMPTY):
        return 4, warm or reading.of(*KIND_BUT_EMPTY)
    return 3, warm


def refusal(reading: Reading) -> Judgement:
    """True when the turn declines, delays, sets a limit or gives bad news."""
    found = reading.of(F.decline, F.delay, F.limit, F.bad_news, F.evasive, F.buck_passing, F.threat)
    found += reading.of(F.containment_threat, F.acts_against)
    if found:
        return Judgement(1, cite("refusal", found, 2))
    return Judgement(
        0, [Evidence(key="refusal", quote=gist(reading), why="No refusal, limit, delay or bad news.")]
    )


def no_brevity(reading: Reading) -> Judgement:
    """1-5 for how the no is said (only called when the turn is a refusal)."""
    key = "no_brevity"
    defensive = reading.of(*HOSTILE, F.lecture)
    if defensive:
        return Judgement(1, cite(key, defensive))
    if reading.word_count >= AT_LENGTH_WORDS:
        return Judgement(
            1,
            [Evidence(key=key, quote=f"{reading.word_count} words", why="A no at this length is a speech.")],
        )
    reasons = reading.of(F.reason)
    curt = reading.of(F.buck_passing, F.curt, F.bare_no, F.calm_down, F.invalidation, F.minimising)
    curt += reading.of(F.argues_with_belief)
    # A hedge, or a no acted out instead of said, is evasive however many reasons come with it.
    curt += reading.of(F.commanding, F.multiple_demands, F.evasive, F.acts_against)
    if curt:
        return Judgement(2, cite(key, curt))
    said = _join(reading.refusal_sentences) or gist(reading)
    wordy = reading.core_word_count >= WORDY_NO_WORDS or reading.reason_clauses >= OVER_JUSTIFIED_REASONS
    if reading.has(F.padding) or wordy:
        why = f"Clear but wordy or over-justified ({reading.core_word_count} words around the no)."
        return Judgement(
            3, [Evidence(key=key, quote=gist(reading), why=why), *cite(key, reading.of(F.padding))]
        )
    if reasons and reading.core_word_count <= BRIEF_NO_WORDS:
        why = f"A clear, calm, brief no with a short honest reason: '{reasons[0].quote}' (Soft Words)."
        return Judgement(5, [Evidence(key=key, quote=said, why=why)])
    if reasons:
        why = f"Clear, with a reason, but longer than needed ({reading.core_word_count} words around the no)."
        return Judgement(4, [Evidence(key=key, quote=said, why=why)])
    why = "Clear and calm, but without a reason; one short honest reason would make it Soft Words."
    return Judgement(4, [Evidence(key=key, quote=said, why=why)])


def _join(parts: tuple[str, ...]) -> str:
    text = " / ".join(parts)
    return text if len(text) <= 160 else text[:157] + "..."


def options(reading: Reading) -> Judgement:
    """0-3: distinct realistic choices offered (a promise to act is not one)."""
    count = min(3, len(reading.options))
    if count:
        why = "A choice the person can take or leave (Project BETA: offer choices)."
        return Judgement(count, [Evidence(key="options", quote=o, why=why) for o in reading.options[:3]])
    promises = reading.of(F.next_step)
    if promises:
        why = "A promise to act is not an option: the person has nothing to choose."
        return Judgement(0, [Evidence(key="options", quote=promises[0].quote, why=why)])
    return Judgement(0, [Evidence(key="options", quote=gist(reading), why="No choice offered.")])


def explanation(reading: Reading) -> Judgement:
    """0-3: no reason; a vague one; an honest reason or the next step; both."""
    key = "explanation"
    reasons, steps, vague = reading.of(F.reason), reading.of(F.next_step), reading.of(F.vague_reason)
    if reasons and steps:
        return Judgement(3, cite(key, reasons + steps, 2))
    if reasons or steps:
        return Judgement(2, cite(key, reasons or steps, 1))
    if vague:
        return Judgement(1, cite(key, vague, 1))
    return Judgement(
        0, [Evidence(key=key, quote=gist(reading), why="No reason and nothing about what happens next.")]
    )


def space(reading: Reading) -> Judgement:
    """0-3: closes in; no sign; one space-giving move; two or more."""
    closing = reading.of(F.crowding, F.hands_on)
    if closing:
        return Judgement(0, cite("space", closing))
    given = {h.quote.lower(): h for h in reading.of(F.space)}
    if not given:
        return Judgement(
            1, [Evidence(key="space", quote=gist(reading), why="No sign of giving or taking space.")]
        )
    return Judgement(1 + min(2, len(given)), cite("space", list(given.values())))


def teamwork(reading: Reading) -> Judgement:
    """0 or 1: calls on the team (support, a swap, a colleague), without crowding."""
    calls = reading.of(F.teamwork)
    if calls and not reading.has(F.crowding):
        return Judgement(1, cite("teamwork", calls, 1))
    why = "Several staff at once is crowding, not teamwork." if calls else "No call on the team."
    return Judgement(0, [Evidence(key="teamwork", quote=gist(reading), why=why)])
