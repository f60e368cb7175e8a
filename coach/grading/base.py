"""The grader protocols.

The offline grader is synchronous and always runs first: its grade moves the patient state at once and
its flags are a floor for any other grader. An LLM grader is asynchronous and may arrive later.
"""

from __future__ import annotations

from typing import Protocol

from coach.models import Grade, GradingContext, Usage


class Grader(Protocol):
    """Grades one staff turn at once (milliseconds)."""

    name: str

    def grade(self, ctx: GradingContext) -> Grade: ...


class AsyncGrader(Protocol):
    """Grades one staff turn with a model; `floor` is the offline grade its flags may not erase."""

    name: str

    async def agrade(self, ctx: GradingContext, floor: Grade) -> Grade: ...

    async def agrade_with_usage(self, ctx: GradingContext, floor: Grade) -> tuple[Grade, Usage]:
        """agrade, and the tokens it took (for the session's usage and cost record)."""
        ...
