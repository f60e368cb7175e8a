"""What a turn streams to whoever takes it (the app, the terminal chat, the evals), in order: StaffStored,
ReplySlow while the patient is slow to start, ReplyDelta as words arrive, then TurnResult or TurnFailed,
and GradeReady when an LLM grade follows the reply (coach.engine, "Order inside a turn"); a stream folded
into its result (final_result), and the error a failed reply raises there (BackendError)."""

from __future__ import annotations

from collections.abc import AsyncIterator

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


class BackendError(RuntimeError):
    """The model backend failed for this turn; the staff turn is stored and the turn can be retried."""


async def final_result(events: AsyncIterator[TurnEvent]) -> TurnResult:
    """The turn's result with its final grade (the LLM one, when it follows the reply)."""
    result: TurnResult | None = None
    async for event in events:
        if isinstance(event, TurnResult):
            result = event
        elif isinstance(event, GradeReady) and result is not None:
            result = result.model_copy(update={"grade": event.grade, "grade_pending": False})
        elif isinstance(event, TurnFailed):
            raise BackendError(event.message)
    if result is None:
        raise RuntimeError("a turn ended without a result")
    return result
