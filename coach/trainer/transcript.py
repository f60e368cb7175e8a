"""What a trainer reads of a session: the transcript with every branch, each turn's grades, the trainer's
override and the comments, and the labels that count for a turn (the trainer's when overridden). Built by
coach.trainer.review; read by the exports, the cohort view and the calibration labels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from coach.grading.corpus import CalibrationLabels
from coach.models import Debrief, Grade, Session, Turn
from coach.store import TurnNotFound

LABEL_KEYS = ("tone", "refusal", "no_brevity", "options", "escalation_risk", "flags")


class Comment(BaseModel):
    id: str
    session_id: str
    turn_id: str | None = Field(None, description="None: a comment on the whole session")
    author: str
    text: str
    created_at: datetime


class Override(BaseModel):
    """A trainer's labels for one staff turn, beside the machine's labels they replace."""

    id: str
    session_id: str
    turn_id: str
    author: str
    grader: str = Field(description="the grader whose grade was reviewed")
    machine: CalibrationLabels
    labels: CalibrationLabels
    reason: str
    created_at: datetime

    @property
    def changed_keys(self) -> list[str]:
        """The keys where the trainer disagrees with the machine; empty for a confirmation."""
        return [k for k in LABEL_KEYS if _value(self.labels, k) != _value(self.machine, k)]


class ReviewedTurn(BaseModel):
    """One stored turn with everything said about it."""

    turn: Turn
    branches: list[int] = Field(description="numbers of the branches this turn is on")
    grades: list[Grade] = Field(default_factory=list, description="every grade, oldest first")
    agitation_before: float | None = Field(None, description="for staff turns: agitation they met")
    override: Override | None = Field(None, description="the newest override (staff turns)")
    comments: list[Comment] = Field(default_factory=list)

    @property
    def machine(self) -> Grade | None:
        """The grade the coach showed: the newest one."""
        return self.grades[-1] if self.grades else None

    @property
    def labels(self) -> CalibrationLabels | None:
        """The labels that count: the trainer's when overridden, else the machine's."""
        if self.override is not None:
            return self.override.labels
        return None if self.machine is None else labels_of(self.machine)


class Branch(BaseModel):
    number: int = Field(description="1 is the branch the session was last played on")
    turn_ids: list[str] = Field(description="first turn to last")
    current: bool


class Transcript(BaseModel):
    """A session as a trainer reviews it: every turn on every branch, grades, overrides, comments."""

    session: Session
    turns: list[ReviewedTurn] = Field(description="every turn, in the order stored")
    branches: list[Branch]
    comments: list[Comment] = Field(description="comments on the whole session")
    overrides: list[Override] = Field(description="every override ever made, oldest first")
    debrief: Debrief | None = None
    usage: dict[str, float | int | None] = Field(default_factory=dict, description="model calls and tokens")

    def current_branch(self) -> list[ReviewedTurn]:
        """The turns of the branch the session was last played on, in order."""
        return [t for t in self.turns if 1 in t.branches]

    def turn(self, turn_id: str) -> ReviewedTurn:
        for reviewed in self.turns:
            if reviewed.turn.id == turn_id:
                return reviewed
        raise TurnNotFound(turn_id)


def labels_of(grade: Grade) -> CalibrationLabels:
    """A grade's scores, refusal and flags in the calibration set's label shape."""
    return CalibrationLabels(**grade.scores.model_dump(), refusal=grade.refusal, flags=list(grade.flags))


def _value(labels: CalibrationLabels, key: str) -> Any:
    value = getattr(labels, key)
    return sorted(value) if key == "flags" else value


def branches_of(session: Session, turns: list[Turn]) -> list[Branch]:
    """One branch per leaf (a turn nobody answered), the one holding the session's head first."""
    by_id = {t.id: t for t in turns}
    parents = {t.parent_id for t in turns if t.parent_id}
    leaves = [t.id for t in turns if t.id not in parents]

    def chain(turn_id: str | None) -> list[str]:
        path: list[str] = []
        while turn_id is not None:
            path.append(turn_id)
            turn_id = by_id[turn_id].parent_id
        return path[::-1]

    head_chain = chain(session.head_turn_id)
    paths = [chain(leaf) for leaf in leaves]
    # The head may sit above a leaf after a rewind with nothing said since: that path is still current.
    current = next((p for p in paths if p[: len(head_chain)] == head_chain), head_chain) if head_chain else []
    ordered = [current] + [p for p in paths if p != current] if current else paths
    return [Branch(number=i, turn_ids=p, current=p is current) for i, p in enumerate(ordered, start=1)]
