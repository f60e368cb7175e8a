"""The coherence suite: does the patient's reply make sense as a reply to what the trainee said?

A case is a short scene (earlier staff turns, then the turn under test) and what a sensible reply must
and must not do. Its `sensible` sentence is for a human rater; the automated checks decide what words
can decide: the reply holds one of `mentions_any` (it answers with that content), none of
`mentions_none` (nothing unoffered accepted, no crowd that is not there), no reply of the scene repeats
an earlier one, and every reply passes the reply guards. Items were written before the patient that
answers them, by writers who saw only the persona files (evals/coherence/README.md). The checks are
in coach.evaluation.scorers (`coherence_scorers`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from coach.models import BAND_FLOORS, Band, Strict
from coach.patient.guards import GuardFailure

Act = Literal[
    "question",
    "offer",
    "refusal",
    "validation",
    "apology",
    "instruction",
    "threat",
    "introduction",
    "check_in",
    "closing",
    "stance",
    "memory",
    "repeat",
    "mixed",
    "small_talk",
]
Words = list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]]


class CoherenceExpect(Strict):
    sensible: str = Field(min_length=1, description="what a sensible reply must do, for a human rater")
    mentions_any: Words = Field(default_factory=list, description="the reply holds at least one of these")
    mentions_none: Words = Field(default_factory=list, description="the reply holds none of these")


class CoherenceCase(Strict):
    """A scene (`turns`, then `staff`) and what the patient's reply to `staff` must do."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    act: Act
    about: str = Field(min_length=1)
    split: Literal["dev", "test"]
    start: float | None = Field(
        None, ge=0, lt=BAND_FLOORS[Band.crisis], description="starting agitation; default the persona's"
    )
    turns: list[str] = Field(default_factory=list, description="earlier staff turns (script lines)")
    staff: str = Field(min_length=1, description="the staff turn under test (a script line)")
    expect: CoherenceExpect


class CoherenceThreshold(Strict):
    pass_rate: float = Field(ge=0, le=1)


class CoherenceSuite(Strict):
    kind: Literal["coherence"]
    title: str = Field(min_length=1)
    persona: str = Field(min_length=1)
    thresholds: dict[Literal["offline", "llm"], CoherenceThreshold]
    known_reply_issues: list[GuardFailure] = Field(default_factory=list)
    cases: list[CoherenceCase] = Field(min_length=1)
