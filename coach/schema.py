"""The database schema in its latest shape: SQLAlchemy Core tables for sessions, their turn trees, grades,
debriefs and model usage, and how their rows map to the models. Migrations (coach/migrations.py) build
it; tests/test_migrations.py checks that a database migrated from empty equals one made by
`metadata.create_all` from these tables, column types included."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy import RowMapping

from coach.models import Debrief, DebriefGrade, Grade, PatientState, Session, Speaker, Turn
from coach.stance import Stance


def as_utc(value: datetime) -> datetime:
    """`value` in UTC; a naive datetime is an error, because guessing its zone corrupts timelines."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"datetime {value.isoformat()} has no time zone; use a timezone-aware datetime")
    return value.astimezone(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back timezone-aware (SQLite keeps no offset)."""

    # TIMESTAMP, as the migrations write it: "TIMESTAMP WITH TIME ZONE" on PostgreSQL, "TIMESTAMP" on SQLite.
    impl = sa.TIMESTAMP(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --------------------------------------------------------------------------- schema (latest shape)
# The migrations in coach/migrations.py create these; test_store checks that both agree.

metadata = sa.MetaData()

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("trainee", sa.Text, nullable=False),
    sa.Column("persona_id", sa.Text, nullable=False),
    sa.Column("backend", sa.Text, nullable=False),
    sa.Column("intention", sa.Text, nullable=False),
    sa.Column("low_anxiety", sa.Boolean, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("ended_at", UTCDateTime),
    sa.Column("outcome", sa.Text),
    sa.Column("head_turn_id", sa.Text),
    sa.Index("ix_sessions_started", "started_at"),
)

turns = sa.Table(
    "turns",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("parent_id", sa.Text, sa.ForeignKey("turns.id")),
    sa.Column("depth", sa.Integer, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("speaker", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("stance_json", sa.Text),
    sa.Column("cues_json", sa.Text, nullable=False),
    sa.Column("state_json", sa.Text),
    sa.Column("agitation", sa.DOUBLE_PRECISION),
    sa.Column("band", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("client_token", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("session_id", "client_token", name="uq_turns_session_client_token"),
    sa.UniqueConstraint("session_id", "seq", name="uq_turns_session_seq"),
    sa.Index("ix_turns_session_created", "session_id", "created_at"),
)

grades = sa.Table(
    "grades",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("turn_id", sa.Text, sa.ForeignKey("turns.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("grader", sa.Text, nullable=False),
    sa.Column("grade_json", sa.Text, nullable=False),
    sa.Column("is_fallback", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("turn_id", "seq", name="uq_grades_turn_seq"),
)

debriefs = sa.Table(
    "debriefs",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("grade_json", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index("ix_debriefs_session", "session_id"),
)

usage = sa.Table(
    "usage",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("prompt_tokens", sa.Integer, nullable=False),
    sa.Column("completion_tokens", sa.Integer, nullable=False),
    sa.Column("cost_usd", sa.DOUBLE_PRECISION),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index("ix_usage_session", "session_id"),
)


# --------------------------------------------------------------------------- rows <-> models


def new_id() -> str:
    return uuid4().hex


def session_row(session: Session) -> dict[str, Any]:
    row = session.model_dump()
    row["started_at"] = as_utc(session.started_at)
    row["ended_at"] = None if session.ended_at is None else as_utc(session.ended_at)
    row["outcome"] = None if session.outcome is None else session.outcome.value
    return row


def turn_row(turn: Turn, **placement: Any) -> dict[str, Any]:
    """The columns of `turn`; `placement` brings the ones the store decides (id, parent, depth...)."""
    state = turn.state
    return {
        **placement,
        "speaker": turn.speaker.value,
        "text": turn.text,
        "stance_json": None if turn.stance is None else turn.stance.model_dump_json(),
        "cues_json": json.dumps(turn.cues),
        "state_json": None if state is None else state.model_dump_json(),
        "agitation": None if state is None else state.agitation,
        "band": None if state is None else state.band.value,
        "source": turn.source,
        "created_at": as_utc(turn.created_at),
    }


def grade_row(turn_id: str, seq: int, grade: Grade, is_fallback: bool) -> dict[str, Any]:
    """The columns of the `seq`-th grade of a staff turn."""
    return {
        "id": new_id(),
        "turn_id": turn_id,
        "seq": seq,
        "grader": grade.grader,
        "grade_json": grade.model_dump_json(),
        "is_fallback": is_fallback,
        "created_at": datetime.now(UTC),
    }


# A row read back (keyed by column name or Column) or the dict of one just written.
StoredRow = RowMapping | Mapping[str, Any]


def session_from(row: StoredRow) -> Session:
    return Session.model_validate(dict(row))


def turn_from(row: StoredRow) -> Turn:
    return Turn(
        id=row["id"],
        session_id=row["session_id"],
        parent_id=row["parent_id"],
        speaker=Speaker(row["speaker"]),
        text=row["text"],
        stance=None if row["stance_json"] is None else Stance.model_validate_json(row["stance_json"]),
        cues=json.loads(row["cues_json"]),
        state=None if row["state_json"] is None else PatientState.model_validate_json(row["state_json"]),
        source=row["source"],
        created_at=row["created_at"],
    )


def debrief_from(row: StoredRow) -> Debrief:
    return Debrief(
        session_id=row["session_id"],
        text=row["text"],
        grade=DebriefGrade.model_validate_json(row["grade_json"]),
        created_at=row["created_at"],
    )
