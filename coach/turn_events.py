"""What a turn streams to whoever takes it (the app, the terminal chat, the evals), in order: StaffStored,
ReplySlow while the patient is slow to start, ReplyDelta as words arrive, then TurnResult or TurnFailed,
and GradeReady when an LLM grade follows the reply (coach.engine, "Order inside a turn")."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.models import Grade, Outcome, PatientState, Turn
from coach.patient.base import PrincipleCheck
from coach.turn_deadline import ReplySlow
from coach.turn_pushes import Effect


class StaffStored(BaseModel):
    """The staff turn is safely stored, with its offline grade and the state that grade gives, and the
    session as it now stands (what a page shows, without reading it again)."""

    turn: Turn
    grade: Grade
    state: PatientState
    branch: list[Turn] = Field(description="the current branch, from the opening line to this turn")
    turns: list[Turn] = Field(description="every turn of the session, on every branch, in stored order")


class ReplyDelta(BaseModel):
    text: str


class TurnResult(BaseModel):
    """The reply is final and stored: the turn is over for the trainee. When `grade_pending`, an LLM
    grade of the staff turn follows as GradeReady (and is stored whether or not anyone is listening)."""

    session_id: str
    staff: Turn
    grade: Grade
    patient: Turn
    state: PatientState
    effects: list[Effect]
    outcome: Outcome | None = None
    grade_pending: bool = False
    first_draft: list[str] = Field(
        default_factory=list, description="guards the model's first draft failed (it was redrafted)"
    )
    principle_check: PrincipleCheck | None = Field(
        None, description="the principle check's outcome when it is on (unavailable: it failed open)"
    )


class GradeReady(BaseModel):
    """The LLM grade of a staff turn, stored, arriving after the reply; the next turn's state is
    reconciled with it."""

    staff: Turn
    grade: Grade


class TurnFailed(BaseModel):
    """The reply could not be produced; the staff turn is stored and the turn can be retried."""

    message: str
    staff: Turn


TurnEvent = StaffStored | ReplySlow | ReplyDelta | TurnResult | TurnFailed | GradeReady
