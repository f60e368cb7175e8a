"""The rubric files' models: the staff-turn rubric (rubrics/staff-turn.yaml), its dimensions, and every flag
as it is declared there (label, advice, its effect on agitation, how the offline patient hears it); and the
debrief rubric (rubrics/debrief.yaml). coach.rubrics loads and checks the files; coach.flags reads the flags.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from coach.models import Band, FlagName, NonEmpty, ReplyKind, Sensitivities, Strict


class Level(Strict):
    score: int
    anchor: NonEmpty
    examples: list[NonEmpty] = Field(default_factory=list)


class Dimension(Strict):
    key: NonEmpty
    title: NonEmpty
    description: NonEmpty
    scale: Literal["1-5", "0-3", "bool"]
    nullable: bool = Field(False, description="null when it does not apply (no_brevity without a no)")
    levels: list[Level] = Field(min_length=2)
    sources: list[NonEmpty] = Field(default_factory=list)


class FlagEffect(Strict):
    """What a flag does to the patient's agitation (coach.dynamics), every time a graded turn carries it."""

    points: float = Field(gt=0, le=30, description="agitation points (0-100), before the persona's trait")
    trait: str | None = Field(
        description="the persona sensitivity that scales it (a field of `sensitivities`); null: unscaled"
    )
    softened: bool = Field(
        False, description="a Safewards flashpoint: a brief, calm delivery with options softens it"
    )
    from_band: Band = Field(Band.calm, description="counts only from this band up")
    why: NonEmpty = Field(description="what it does, as the trainer reads it: 'a threat provokes'")

    @field_validator("trait")
    @classmethod
    def _a_sensitivity(cls, trait: str | None) -> str | None:
        if trait is not None and trait not in Sensitivities.model_fields:
            raise ValueError(f"'{trait}' is not a sensitivity ({', '.join(Sensitivities.model_fields)})")
        return trait


class ScoreHold(Strict):
    """The scores the rubric's hard cases tie to a flag: however the rest of the turn reads, a grade that
    carries the flag is no better than this."""

    tone: int | None = Field(None, ge=1, le=5, description="tone at most this")
    no_brevity: int | None = Field(None, ge=1, le=5, description="no_brevity at most this (a no)")
    escalation_risk: int | None = Field(None, ge=1, le=5, description="escalation risk at least this")


class FlagSpec(Strict):
    """One flag: everything the product says and does about it is read from here."""

    name: FlagName
    label: NonEmpty = Field(description="its name on a chip, in the summary and the trainer's form")
    description: NonEmpty
    advice: NonEmpty = Field(description="what to try instead, in a trainee's words")
    effect: FlagEffect | None = Field(None, description="its push on agitation; none: it does not move it")
    heard_as: ReplyKind | None = Field(
        None, description="how the offline patient hears it: threatened, crowded or dismissed"
    )
    holds: ScoreHold | None = Field(None, description="the scores a grade carrying it can be no better than")
    rules_only: bool = Field(
        False,
        description="about the text, not the patient: only the rules decide it, and an LLM grade of a turn"
        " that carries it is held to the offline grade",
    )
    examples: list[NonEmpty] = Field(default_factory=list)
    sources: list[NonEmpty] = Field(default_factory=list)

    @field_validator("heard_as")
    @classmethod
    def _a_way_of_hearing(cls, kind: ReplyKind | None) -> ReplyKind | None:
        if kind not in (None, *HEARD_AS):
            raise ValueError(f"must be one of {', '.join(HEARD_AS)}")
        return kind


# How the offline patient can hear a flag (coach.patient.offline.classify, in this order of precedence).
HEARD_AS = (ReplyKind.threatened, ReplyKind.crowded, ReplyKind.dismissed)


class HardCase(Strict):
    """A labelling rule for a case the anchors leave open, settled when two raters disagreed on it."""

    key: NonEmpty = Field(description="the dimension or flag it settles, or 'general'")
    case: NonEmpty
    rule: NonEmpty


class Rubric(Strict):
    """The staff-turn rubric (rubrics/staff-turn.yaml)."""

    id: NonEmpty
    title: NonEmpty
    version: NonEmpty
    description: NonEmpty
    dimensions: list[Dimension] = Field(min_length=5)
    flags: list[FlagSpec] = Field(min_length=1)
    hard_cases: list[HardCase] = Field(default_factory=list)

    def dimension(self, key: str) -> Dimension:
        for d in self.dimensions:
            if d.key == key:
                return d
        raise KeyError(key)


class DebriefFeature(Strict):
    key: NonEmpty
    title: NonEmpty
    description: NonEmpty
    indicators: list[NonEmpty] = Field(min_length=1, description="lower-case phrases that show it")
    advice: NonEmpty = Field(description="what to add when it is missing")
    sources: list[NonEmpty] = Field(default_factory=list)


class DebriefPrompt(Strict):
    """One guided debrief question and the features (keys) it asks for."""

    question: NonEmpty
    features: list[NonEmpty] = Field(min_length=1, description="keys of the features this question asks for")


class DebriefRubric(Strict):
    """The debrief rubric (rubrics/debrief.yaml): repair and debrief features (docs/domain.md)."""

    id: NonEmpty
    title: NonEmpty
    version: NonEmpty
    description: NonEmpty
    prompts: list[DebriefPrompt] = Field(
        min_length=1, description="the guided debrief questions; together they ask for every feature"
    )
    features: list[DebriefFeature] = Field(min_length=3)
