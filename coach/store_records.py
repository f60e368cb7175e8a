"""What a store records beside a session's turns: the trainee's debriefs and the model calls made for it.

A part of coach.store.Store (its base class), kept apart so that the store's own module holds the turns,
the sessions and the grades; every method asks that the session exists, as the store's other methods do.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import Connection, func, select

from coach.models import Debrief
from coach.schema import as_utc, debrief_from, debriefs, new_id, usage
from coach.store_views import UsageTotals


class SessionRecords:
    """Debriefs and model usage, read and written in the store's own transactions."""

    if TYPE_CHECKING:  # provided by coach.store.Store

        def reading(self) -> AbstractContextManager[Connection]: ...

        def writing(self) -> AbstractContextManager[Connection]: ...

        @staticmethod
        def _session_head(conn: Connection, session_id: str) -> str | None: ...

    # ----------------------------------------------------------------------- debriefs

    def save_debrief(self, debrief: Debrief) -> Debrief:
        """Store a debrief; a session may have several (a revised one), the latest counts."""
        row = {
            "id": new_id(),
            "session_id": debrief.session_id,
            "text": debrief.text,
            "grade_json": debrief.grade.model_dump_json(),
            "created_at": as_utc(debrief.created_at),
        }
        with self.writing() as conn:
            self._session_head(conn, debrief.session_id)
            conn.execute(sa.insert(debriefs).values(row))
        return debrief_from(row)

    def get_debrief(self, session_id: str) -> Debrief | None:
        """The session's latest debrief, or None when it has none."""
        query = (
            select(debriefs)
            .where(debriefs.c.session_id == session_id)
            .order_by(debriefs.c.created_at.desc())
            .limit(1)
        )
        with self.reading() as conn:
            self._session_head(conn, session_id)
            row = conn.execute(query).first()
        return None if row is None else debrief_from(row._mapping)

    # ----------------------------------------------------------------------- model usage

    def add_usage(
        self,
        session_id: str,
        model: str,
        prompt_tokens: int,
        completion_tokens: int,
        cost_usd: float | None = None,
    ) -> None:
        """Record one model call made for the session."""
        if prompt_tokens < 0 or completion_tokens < 0:
            raise ValueError(f"token counts cannot be negative: {prompt_tokens}, {completion_tokens}")
        with self.writing() as conn:
            self._session_head(conn, session_id)
            conn.execute(
                sa.insert(usage).values(
                    id=new_id(),
                    session_id=session_id,
                    model=model,
                    prompt_tokens=prompt_tokens,
                    completion_tokens=completion_tokens,
                    cost_usd=cost_usd,
                    created_at=datetime.now(UTC),
                )
            )

    def usage_totals(self, session_id: str) -> UsageTotals:
        """Calls, tokens and known cost of the session's model calls."""
        query = select(
            func.count(),
            func.coalesce(func.sum(usage.c.prompt_tokens), 0),
            func.coalesce(func.sum(usage.c.completion_tokens), 0),
            func.sum(usage.c.cost_usd),
        ).where(usage.c.session_id == session_id)
        with self.reading() as conn:
            self._session_head(conn, session_id)
            calls, prompt, completion, cost = conn.execute(query).one()
        return UsageTotals(
            calls=calls,
            prompt_tokens=int(prompt),
            completion_tokens=int(completion),
            cost_usd=None if cost is None else float(cost),
        )
