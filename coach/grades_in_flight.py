"""The LLM grade of a staff turn while it is being made: started beside the patient's reply (whose first
word never waits for it), under its own deadline, storing itself when it lands whether or not anyone is
still listening, and cancelled with its turn when the reply fails or is abandoned.

When the model misses the deadline the turn's offline grade stands in, stored under LLM_FALLBACK so the
engine's reconciling and the evals can tell it from a model's grade."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coach.grading.base import AsyncGrader
from coach.models import Grade, GradingContext, Turn, Usage
from coach.off_loop import off_loop
from coach.store import Store

LLM_FALLBACK = "llm-fallback"  # the grader name of an offline grade standing in for an LLM one


@dataclass
class GradesInFlight:
    """The LLM grades being made in this process, by staff turn id (one grade a turn)."""

    store: Store
    record_usage: Callable[[str, str, Usage | None], None]  # (session id, model, usage)
    _tasks: dict[str, asyncio.Task[Grade]] = field(default_factory=dict, init=False, repr=False)
    # Tasks whose grade is made and is being stored (on a worker thread: coach.off_loop).
    _storing: set[asyncio.Task[Any]] = field(default_factory=set, init=False, repr=False)

    def start(
        self,
        grader: AsyncGrader,
        deadline: float | None,
        session_id: str,
        staff: Turn,
        ctx: GradingContext,
        floor: Grade,
    ) -> asyncio.Task[Grade]:
        """The LLM grade of `staff` as a task that stores its own result (the floor marked as a fallback
        when the model misses `deadline`)."""
        staff_id = staff.id
        assert staff_id is not None, "only a stored staff turn is graded"

        async def run() -> Grade:
            try:
                async with asyncio.timeout(deadline):
                    grade, usage = await grader.agrade_with_usage(ctx, floor)
            except TimeoutError:
                grade, usage = floor.model_copy(update={"grader": LLM_FALLBACK}), Usage()
            # The grade is made: it is stored whatever becomes of its turn now (cancel leaves a storing
            # task alone), so a retry finds it still running or stored, never neither.
            this = asyncio.current_task()
            assert this is not None, "run() is a task"
            self._storing.add(this)
            try:
                await off_loop(self.store, self._keep, session_id, staff_id, grade, usage)
            finally:
                self._storing.discard(this)
            return grade

        task = asyncio.create_task(run(), name=f"llm-grade-{staff_id}")
        self._tasks[staff_id] = task
        task.add_done_callback(lambda done: self.cancel(staff_id, done))
        return task

    def _keep(self, session_id: str, staff_id: str, grade: Grade, usage: Usage) -> None:
        """Store a grade that landed and its usage: one step of the store's, off the event loop."""
        self.record_usage(session_id, grade.grader, usage)
        self.store.add_grade(staff_id, grade, is_fallback=grade.grader == LLM_FALLBACK)

    def running(self, staff_id: str) -> asyncio.Task[Grade] | None:
        """The task making this staff turn's grade, if one is in flight here."""
        return self._tasks.get(staff_id)

    def cancel(self, staff_id: str, task: asyncio.Task[Grade]) -> None:
        """Stop a grade task (a no-op once done) and forget it at once, so a retry starts a fresh one
        instead of waiting on a task that is only cancelling. A task storing the grade it made is left
        to finish, and a retry waits for it: cancelled then, the grade could be stored after a retry had
        looked for it and started a second."""
        if task in self._storing:
            return
        task.cancel()
        if self._tasks.get(staff_id) is task:
            del self._tasks[staff_id]

    def pending(self, staff_id: str) -> bool:
        """Whether an LLM grade of this staff turn is still being made in this process."""
        return staff_id in self._tasks

    async def settled(self, staff_id: str) -> Grade | None:
        """The staff turn's grade once any LLM grade in progress here is in (never raises for it)."""
        task = self._tasks.get(staff_id)
        if task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.shield(task)
        return await off_loop(self.store, self.store.latest_grade, staff_id)
