"""A better line for a turn that needs one, built from the trainee's own good sentences and the rubric's
best examples: validate first if the turn did not, then a brief no with a reason (when it was a no), then
choices. Examples are picked by the words they share with the conversation, so a turn about leave gets
the rubric's line about leave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.phrase import Scope
from coach.grading.rules.reading import Reading
from coach.grading.rules.text import content_words, sentences, words
from coach.models import Rubric

# Ward jargon and the plain words a patient would understand.
PLAIN_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, flags), plain)
    for pattern, plain, flags in (
        (
            r"\b(?:your |the |some )?p\.?r\.?n\.?(?: medication| meds)?(?!\w)",
            "the extra medicine for when you need it",
            re.I,
        ),
        (r"\b(?:the )?MDT\b", "the team", re.I),
        (r"\b(?:your |the )?obs level\b", "how often we check on you", re.I),
        (r"\b(?:the |a )?tribunal\b", "the hearing", re.I),
        (r"\bde-?escalate (?:you|him|her|them)\b", "help", re.I),
        (r"\b(?:your |the |a )?behaviou?r(?:al)? (?:support |management )?plan\b", "your care plan", re.I),
        (r"\b(?:an |the )?IM\b", "an injection", 0),
        (r"\b(?:your |the )?RC\b", "your consultant", 0),
        (r"\b(?:the )?PICU\b", "a more intensive ward", 0),
        (r"\bnon-?complian(?:t|ce)\b", "not taking your medication", re.I),
    )
)

# Used when the rubric has no example at that level, or none of its examples fits the conversation.
GENERIC_VALIDATION = "I can see this is really hard for you."
GENERIC_NO = "I can't do that right now"
REASON_SLOT = ", because [the honest reason, in a few words]."
GENERIC_OPTIONS = "Would you like to talk here, or somewhere quieter?"


@dataclass(frozen=True)
class Line:
    """A candidate line and its content words (for matching it to the conversation)."""

    text: str
    content: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Line:
        return cls(text, frozenset(content_words(text)))


@dataclass(frozen=True)
class SuggestionLines:
    """The rubric's best examples, grouped by what they model."""

    validation: tuple[Line, ...]
    no: tuple[Line, ...]
    options: tuple[Line, ...]

    @classmethod
    def from_rubric(cls, rubric: Rubric) -> SuggestionLines:
        def examples(key: str, *scores: int) -> tuple[str, ...]:
            try:
                dimension = rubric.dimension(key)
            except KeyError:
                return ()
            return tuple(e for level in dimension.levels if level.score in scores for e in level.examples)

        def spoken(lines: tuple[str, ...], fallback: str) -> tuple[Line, ...]:
            # Lines with *described actions* cannot be said, so they are not offered as a better line.
            return tuple(Line.of(line) for line in lines if "*" not in line) or (Line.of(fallback),)

        return cls(
            validation=spoken(examples("validation", 3) + examples("tone", 5), GENERIC_VALIDATION),
            no=spoken(examples("no_brevity", 5), GENERIC_NO + REASON_SLOT),
            options=spoken(examples("options", 2, 3), GENERIC_OPTIONS),
        )


def suggest(
    reading: Reading,
    lines: SuggestionLines,
    patient: str | None,
    validation: int,
    is_refusal: bool,
    no_score: int | None,
) -> str:
    """A better line for this turn: validate (if the turn did not), say the no briefly with a reason (if it
    was a no), keep what was good, and offer two choices (if it offered fewer)."""
    context = set(content_words(" ".join([reading.clean, patient or ""])))
    parts: list[str] = []
    if validation < 2:
        parts.append(_closest(lines.validation, context) or GENERIC_VALIDATION)
    kept = _good_sentences(reading)
    if is_refusal:
        the_no = [s for s in kept if _has(reading, s, F.decline, F.delay, F.limit, F.bad_news, F.reason)]
        if no_score is not None and no_score >= 4 and reading.has(F.reason) and the_no:
            parts += the_no[:2]
        else:
            parts.append(_closest(lines.no, context) or _with_reason_slot(the_no))
    else:
        parts += kept[:2]
    if len(reading.options) < 2:
        parts.append(_closest(lines.options, context) or lines.options[0].text)
    return " ".join(dict.fromkeys(parts))


def _with_reason_slot(the_no: list[str]) -> str:
    """The trainee's own no (or a plain one) with a slot for the one honest reason it needs."""
    own = next((s for s in the_no if len(words(s)) <= 12), GENERIC_NO)
    return own.rstrip(" .!") + REASON_SLOT


def _has(reading: Reading, sentence: str, *features: F) -> bool:
    start = reading.clean.find(sentence)
    return any(
        h.where is Scope.speech and start <= h.start < start + len(sentence) for h in reading.of(*features)
    )


def _good_sentences(reading: Reading) -> list[str]:
    """The turn's sentences with nothing risky in them (jargon in plain words), stock phrases dropped."""
    risky = [h for h in reading.hits if h.where is Scope.speech and h.feature not in _HARMLESS]
    kept: list[str] = []
    seen: set[str] = set()
    for sentence in sentences(reading.clean):
        start = reading.clean.find(sentence)
        end = start + len(sentence)
        if (
            any(h.start < end and start < h.end for h in risky)
            or sentence.lower() in seen
            or _shouted(sentence)
        ):
            continue
        seen.add(sentence.lower())
        stock = [h for h in reading.of(F.stock_empathy) if start <= h.start < end]
        if stock and len(words(sentence)) <= len(words(" ".join(h.quote for h in stock))) + 1:
            continue
        kept.append(_plain(sentence))
    return kept


# Hit kinds that do not spoil a sentence for reuse.
_HARMLESS = frozenset(
    {
        F.validation,
        F.validation_deep,
        F.stock_empathy,
        F.apology,
        F.reason,
        F.next_step,
        F.courtesy,
        F.open_question,
        F.safety,
        F.space,
        F.teamwork,
        F.jargon,
        F.decline,
        F.delay,
        F.limit,
        F.bad_news,
    }
)


def _shouted(sentence: str) -> bool:
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.5


def _plain(sentence: str) -> str:
    for pattern, plain in PLAIN_WORDS:
        sentence = pattern.sub(plain, sentence)
    return sentence


def _closest(candidates: tuple[Line, ...], context: set[str]) -> str | None:
    """The candidate sharing most words with the conversation (the first on a tie); None if none shares
    any, since a line about someone else's situation would not fit."""
    best = max(candidates, key=lambda line: len(line.content & context))
    return best.text if best.content & context else None
