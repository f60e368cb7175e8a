"""The offline debrief grader: which repair and debrief features a trainee's debrief covers.

A feature is covered when the debrief contains one of its indicator phrases (whole words, any case,
apostrophes and spacing normalised), unless a negation comes just before it: "I didn't check for
injuries" does not cover checking for harm. The evidence is the sentence that showed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.grading.rules.dispatch import compile_keyed
from coach.grading.rules.text import fold, normalise, sentences
from coach.models import DebriefGrade, Evidence
from coach.rubric_models import DebriefRubric

# A negation earlier in the same clause undoes an indicator ("we never checked if she was hurt").
NEGATION = re.compile(
    r"\b(?:not|never|no|didn't|did not|don't|do not|wouldn't|would not|won't|forgot to|failed to|without|"
    r"couldn't|could not)\b"
)
CLAUSE_BREAK = compile_keyed(r".*(?:[,;:]|\b(?:and|but|so|then)\b)", re.DOTALL)


@dataclass(frozen=True)
class _Feature:
    key: str
    title: str
    advice: str
    patterns: tuple[re.Pattern[str], ...]


class OfflineDebriefGrader:
    """Grades a written debrief on `rubric` by its indicator phrases."""

    name = "offline"

    def __init__(self, rubric: DebriefRubric) -> None:
        self.rubric = rubric
        self._features = tuple(
            _Feature(
                key=f.key,
                title=f.title,
                advice=f.advice,
                patterns=tuple(_indicator(phrase) for phrase in f.indicators),
            )
            for f in rubric.features
        )

    def grade(self, text: str) -> DebriefGrade:
        """Which features `text` covers, the sentence that shows each, and advice for the rest."""
        # Lines of a written debrief wrap; only punctuation ends a sentence here.
        said = [(fold(s), s) for s in sentences(normalise(text).replace("\n", " "))]
        covered: dict[str, bool] = {}
        evidence: list[Evidence] = []
        advice: list[str] = []
        for feature in self._features:
            found = _first_sentence(feature, said)
            covered[feature.key] = found is not None
            if found is None:
                advice.append(feature.advice)
            else:
                sentence, phrase = found
                quote = sentence if len(sentence) <= 160 else sentence[:157] + "..."
                evidence.append(Evidence(key=feature.key, quote=quote, why=f"{feature.title} ('{phrase}')."))
        score = sum(covered.values()) / len(covered) if covered else 0.0
        return DebriefGrade(
            covered=covered, evidence=evidence, score=round(score, 3), missing_advice=advice, grader=self.name
        )


def _indicator(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in fold(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def _clause_before(text: str, end: int) -> str:
    """The words of the clause that lead up to position `end`."""
    before = text[:end]
    broken = CLAUSE_BREAK.match(before)
    return before[broken.end() :] if broken else before


def _first_sentence(feature: _Feature, said: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first sentence with an indicator that no negation undoes, and the words that matched."""
    for folded, original in said:
        for pattern in feature.patterns:
            for match in pattern.finditer(folded):
                if not NEGATION.search(_clause_before(folded, match.start())):
                    return original, match.group()
    return None
