"""The database schema in its latest shape: SQLAlchemy Core tables for sessions, their turn trees, grades,
debriefs and model usage. Migrations (coach/migrations.py) build it; a test checks the two agree."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa


def as_utc(value: datetime) -> datetime:
    """`value` in UTC; a naive datetime is an error, because guessing its zone corrupts timelines."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"datetime {value.isoformat()} has no time zone; use a timezone-aware datetime")
    return value.astimezone(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back timezone-aware (SQLite keeps no offset)."""

    impl = sa.DateTime(timezone=True)
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
    sa.Column("agitation", sa.Double),
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
    sa.Column("cost_usd", sa.Double),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Index("ix_usage_session", "session_id"),
)
