"""The offline grader: rule-based, explainable, deterministic and fast.

It reads a staff turn with tables of named phrase rules (coach/grading/rules/), scores every key of the
staff-turn rubric from what it found, and shows its working: each score and flag comes with the exact
words (or stance) that earned it and why. How it decides, in plain words, is in rubrics/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from coach.grading.rules import scoring
from coach.grading.rules.phrase import reported_as
from coach.grading.rules.reading import Reading, read_turn
from coach.grading.rules.risk import escalation_risk
from coach.grading.rules.suggestion import SuggestionLines, suggest
from coach.grading.rules.text import fold
from coach.models import Evidence, Flag, Grade, GradingContext, Persona, Rubric, Scores
from coach.rubrics import CONTRACT, scale_scores

# Extra rubric dimensions this grader knows how to score; others are left to the LLM grader.
EXTRA_SCORERS: dict[str, Callable[[Reading], scoring.Judgement]] = {
    "validation": scoring.validation_level,
    "explanation": scoring.explanation,
    "space": scoring.space,
    "teamwork": scoring.teamwork,
}


class OfflineGrader:
    """Grades one staff turn on `rubric`; `personas` (by id) let it tell when a turn meets the unmet need."""

    name = "offline"

    def __init__(self, rubric: Rubric, personas: Mapping[str, Persona] | None = None) -> None:
        self.rubric = rubric
        self._flags = {spec.name: reported_as(spec.name.value) for spec in rubric.flags}
        self._extras = [d for d in rubric.dimensions if d.key not in CONTRACT and d.key in EXTRA_SCORERS]
        self._needs = {
            pid: tuple(
                (fold(p), re.compile(rf"(?<!\w){re.escape(fold(p))}(?!\w)"))
                for p in persona.unmet_need.met_by
            )
            for pid, persona in (personas or {}).items()
        }
        # Without the scene's agitation, the persona's usual level is the best guess (as the labels assume).
        self._starting = {pid: float(p.starting_agitation) for pid, p in (personas or {}).items()}
        self._lines = SuggestionLines.from_rubric(rubric)

    def grade(self, ctx: GradingContext) -> Grade:
        """The grade of `ctx.staff` (with its stance), never raising on any text."""
        reading = read_turn(ctx.staff, ctx.stance, ctx.patient)
        need = self._need_met(ctx.persona_id, reading)
        validation = scoring.validation_level(reading)
        refusal = scoring.refusal(reading)
        is_refusal = bool(refusal.value)
        brevity = scoring.no_brevity(reading) if is_refusal else scoring.Judgement(None)
        options = scoring.options(reading)
        tone = scoring.tone(
            reading, validation.value or 0, options.value or 0, is_refusal, brevity.value == 3
        )
        agitation = ctx.agitation if ctx.agitation is not None else self._starting.get(ctx.persona_id or "")
        risk = escalation_risk(
            reading, tone.value or 3, validation.value or 0, is_refusal, need is not None, agitation
        )
        extras = {
            d.key: validation if d.key == "validation" else EXTRA_SCORERS[d.key](reading)
            for d in self._extras
        }
        flags = [flag for flag in Flag if flag in self._flags and reading.has(*self._flags[flag])]

        scores = Scores(
            tone=tone.value, no_brevity=brevity.value, options=options.value, escalation_risk=risk.value
        )
        evidence = [
            *tone.evidence,
            *refusal.evidence,
            *brevity.evidence,
            *options.evidence,
            *risk.evidence,
            *(e for judgement in extras.values() for e in judgement.evidence),
            *(scoring.cite(flag.value, reading.of(*self._flags[flag]), 1)[0] for flag in flags),
        ]
        if need is not None:
            evidence.append(
                Evidence(key="meets_need", quote=need, why="Speaks to the need behind the anger.")
            )
        if reading.turn.truncated:
            evidence.append(
                Evidence(key="length", quote="(very long turn)", why="Only the start of the turn was read.")
            )

        needs_better_line = (
            scores.tone <= 3 or bool(flags) or (brevity.value or 5) <= 3 or scores.escalation_risk >= 4
        )
        better = None
        if needs_better_line:
            better = suggest(
                reading, self._lines, ctx.patient, validation.value or 0, is_refusal, brevity.value
            )
        return Grade(
            scores=scores,
            refusal=is_refusal,
            flags=flags,
            evidence=evidence,
            suggestion=better,
            grader=self.name,
            extra={key: _within(self.rubric, key, judgement.value or 0) for key, judgement in extras.items()},
            meets_need=need is not None,
        )

    def _need_met(self, persona_id: str | None, reading: Reading) -> str | None:
        """The persona's need phrase the turn contains, if any."""
        if persona_id is None or persona_id not in self._needs:
            return None
        said = reading.clean.lower().replace("\n", " ")  # already normalised: fold without redoing it
        return next(
            (phrase for phrase, pattern in self._needs[persona_id] if phrase and pattern.search(said)), None
        )


def _within(rubric: Rubric, key: str, value: int) -> int:
    allowed = scale_scores(rubric.dimension(key))
    return min(max(value, allowed[0]), allowed[-1])
