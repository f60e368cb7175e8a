"""The better line: built for this moment of this scene, and checked to grade better than the turn.

Candidates are put together from the trainee's own good sentences (jargon put into plain words, flagged
words dropped, and only sentences that grade well said alone: the grader may miss harm in a whole turn
that it sees in the sentence on its own, and a line offered as better must not carry it) and the scene's
material: the persona's `better_lines` (a validating line, a brief honest no with its reason, realistic
choices), or the rubric's best examples when the scene has no persona.
Lines are picked by the words they share with the conversation. The grader grades each candidate in the
same situation and offers the first that carries no flag and is no worse than the turn on any key and
better on at least one; when none does, it offers nothing rather than a line it cannot stand behind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.phrase import Scope
from coach.grading.rules.reading import Reading
from coach.grading.rules.text import content_words, sentences, words
from coach.models import Flag, Grade, Persona
from coach.rubric_models import Rubric

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
class SceneLines:
    """Lines that model good practice, grouped by what they model."""

    validation: tuple[Line, ...]
    no: tuple[Line, ...]
    options: tuple[Line, ...]

    @classmethod
    def from_rubric(cls, rubric: Rubric) -> SceneLines:
        """The rubric's best-level examples: the material when the scene has no persona."""

        def examples(key: str, *scores: int) -> tuple[str, ...]:
            try:
                dimension = rubric.dimension(key)
            except KeyError:
                return ()
            return tuple(e for level in dimension.levels if level.score in scores for e in level.examples)

        def spoken(lines: tuple[str, ...], fallback: str | None) -> tuple[Line, ...]:
            # Lines with *described actions* cannot be said, so they are not offered as a better line.
            said = tuple(Line.of(line) for line in lines if "*" not in line)
            return said or ((Line.of(fallback),) if fallback else ())

        return cls(
            validation=spoken(examples("validation", 3) + examples("tone", 5), GENERIC_VALIDATION),
            no=spoken(examples("no_brevity", 5), None),
            options=spoken(examples("options", 2, 3), GENERIC_OPTIONS),
        )

    @classmethod
    def from_persona(cls, persona: Persona) -> SceneLines:
        """The persona's own lines for its scene."""
        lines = persona.better_lines
        return cls(
            validation=tuple(Line.of(t) for t in lines.validation),
            no=tuple(Line.of(t) for t in lines.no),
            options=tuple(Line.of(t) for t in lines.options),
        )


def candidates(
    reading: Reading,
    lines: SceneLines,
    patient: str | None,
    turn: Grade,
    flagged: tuple[str, ...] = (),
    sound: Callable[[str], bool] = lambda sentence: True,
) -> list[str]:
    """Better lines to try, most of the trainee's own words first, the scene's material alone last.

    `flagged` are the words the turn's flags quote: no sentence holding them is kept. `sound` says whether
    one of the trainee's sentences may be kept (it grades well said alone); asked only of the sentences
    the candidates use, in order.
    """
    context = set(content_words(" ".join([reading.clean, patient or ""])))
    # brackets are never said aloud: a note in them that the reading did not catch is dropped too
    kept = [s for s in _good_sentences(reading) if not _holds_any(s, flagged) and not _BRACKET.search(s)]
    own_no: list[str] = []  # the trainee's own no, at most one
    others: list[str] = []  # at most two of their other sentences
    for sentence in kept:
        is_no = _has(reading, sentence, F.decline, F.delay, F.limit, F.bad_news)
        wanted = own_no if is_no else others
        if len(wanted) < (1 if is_no else 2) and sound(sentence):
            wanted.append(sentence)
    validation, is_refusal = turn.extra.get("validation", 0), turn.refusal
    opener = [] if validation >= 2 else [_closest(lines.validation, context)]
    choices = [_closest(lines.options, context)] if turn.scores.options < 3 else []
    tries: list[list[str | None]] = []
    if is_refusal:
        for no in dict.fromkeys(
            [*own_no[:1], _closest(lines.no, context), *(line.text for line in lines.no)]
        ):
            tries += [[*opener, no, *others[:1], *choices], [*opener, no, *choices], [no, *choices]]
    else:
        tries += [[*opener, *others[:2], *choices], [*opener, *choices]]
        tries += [[v.text, o.text] for v in lines.validation for o in lines.options]
    out: list[str] = []
    for parts in tries:
        text = " ".join(dict.fromkeys(p for p in parts if p))
        if text and text not in out:
            out.append(text)
    return out


_BRACKET = re.compile(r"[\[\]{}<>]")


def _holds_any(sentence: str, quotes: tuple[str, ...]) -> bool:
    """Whether `sentence` holds any flagged words: a quote, or a piece of one (quotes may span sentences)."""
    said = sentence.lower()
    for quote in quotes:
        lowered = quote.lower()
        pieces = [p.strip() for p in re.split(r"[.!?;]+", lowered)]
        if any(len(p.split()) >= 2 and p in said for p in pieces):
            return True
        if len(quote) > 3 and (lowered in said or said in lowered):
            return True
    return False


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
        Flag.jargon,
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


def _closest(lines: tuple[Line, ...], context: set[str]) -> str | None:
    """The line sharing most words with the conversation (the first on a tie); None when there is none."""
    if not lines:
        return None
    return max(lines, key=lambda line: len(line.content & context)).text


def beats(better: Grade, turn: Grade) -> bool:
    """Whether `better` carries no flag, is no worse than `turn` on any key, and is better on one.

    A no stays a no: a better line for a refusal is a better refusal, not a yes staff cannot give.
    """
    if better.flags:
        return False
    b, t = better.scores, turn.scores
    if turn.refusal and not better.refusal:
        return False
    no_better = turn.refusal and (b.no_brevity or 0) > (t.no_brevity or 0)
    if turn.refusal and (b.no_brevity or 0) < (t.no_brevity or 0):
        return False
    if b.tone < t.tone or b.escalation_risk > t.escalation_risk or b.options < t.options:
        return False
    improved = b.tone > t.tone or b.escalation_risk < t.escalation_risk or b.options > t.options
    return improved or no_better or bool(turn.flags)
