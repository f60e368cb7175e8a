"""Named schema migrations, applied once each and recorded in the `_migrations` table.

A migration is a function taking a SQLAlchemy Connection; its name is the function's name and the list
order is the order of application. Never edit or reorder a migration that has shipped: add a new one.
The DDL is plain SQL that SQLite and PostgreSQL both accept (TEXT uuid4-hex ids, no autoincrement, JSON
as TEXT, DOUBLE PRECISION because PostgreSQL's REAL is single precision), so one list serves both; only
the timestamp type is named per dialect. The current shape of each table is described again, as SQLAlchemy
Table objects, in the module that uses it (coach/schema.py, coach/access/accounts.py, coach/trainer/review.py,
coach/access/sign_in_sessions.py); tests in tests/test_migrations.py check that the two agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, text

Migration = Callable[[Connection], None]

MIGRATIONS: list[tuple[str, Migration]] = []

# Any fixed 64-bit number works: it only has to be the same in every process of this application.
_ADVISORY_LOCK_KEY = 0x636F6163685F6D67  # "coach_mg"


def migration(fn: Migration) -> Migration:
    """Register `fn` as the next migration, named after the function."""
    MIGRATIONS.append((fn.__name__, fn))
    return fn


def _run(conn: Connection, *statements: str) -> None:
    for statement in statements:
        conn.exec_driver_sql(statement)


def _timestamp_type(conn: Connection) -> str:
    # SQLite has no zoned timestamp; under the plain name its reflection (and any schema browser) still
    # sees a timestamp, and the store writes UTC there either way.
    return "TIMESTAMP" if conn.dialect.name == "sqlite" else "TIMESTAMP WITH TIME ZONE"


@migration
def m001_initial(conn: Connection) -> None:
    ts = _timestamp_type(conn)
    _run(
        conn,
        f"""
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY NOT NULL,
            trainee TEXT NOT NULL,
            persona_id TEXT NOT NULL,
            backend TEXT NOT NULL,
            intention TEXT NOT NULL,
            low_anxiety BOOLEAN NOT NULL,
            started_at {ts} NOT NULL,
            ended_at {ts},
            outcome TEXT,
            head_turn_id TEXT
        )
        """,
        # seq numbers the turns of a session in insertion order; timestamps come from the callers'
        # clocks, which several app processes do not share.
        f"""
        CREATE TABLE turns (
            id TEXT PRIMARY KEY NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            parent_id TEXT REFERENCES turns (id),
            depth INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            speaker TEXT NOT NULL,
            text TEXT NOT NULL,
            stance_json TEXT,
            cues_json TEXT NOT NULL,
            state_json TEXT,
            agitation DOUBLE PRECISION,
            band TEXT,
            source TEXT,
            client_token TEXT,
            created_at {ts} NOT NULL,
            CONSTRAINT uq_turns_session_client_token UNIQUE (session_id, client_token),
            CONSTRAINT uq_turns_session_seq UNIQUE (session_id, seq)
        )
        """,
        "CREATE INDEX ix_turns_session_created ON turns (session_id, created_at)",
        # seq orders the grades of a turn: several may land within one clock tick.
        f"""
        CREATE TABLE grades (
            id TEXT PRIMARY KEY NOT NULL,
            turn_id TEXT NOT NULL REFERENCES turns (id),
            seq INTEGER NOT NULL,
            grader TEXT NOT NULL,
            grade_json TEXT NOT NULL,
            is_fallback BOOLEAN NOT NULL,
            created_at {ts} NOT NULL,
            CONSTRAINT uq_grades_turn_seq UNIQUE (turn_id, seq)
        )
        """,
        f"""
        CREATE TABLE debriefs (
            id TEXT PRIMARY KEY NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            text TEXT NOT NULL,
            grade_json TEXT NOT NULL,
            created_at {ts} NOT NULL
        )
        """,
        "CREATE INDEX ix_debriefs_session ON debriefs (session_id)",
        f"""
        CREATE TABLE usage (
            id TEXT PRIMARY KEY NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            model TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            cost_usd DOUBLE PRECISION,
            created_at {ts} NOT NULL
        )
        """,
        "CREATE INDEX ix_usage_session ON usage (session_id)",
        "CREATE INDEX ix_sessions_started ON sessions (started_at)",
    )


@migration
def m002_accounts_reviews(conn: Connection) -> None:
    # Users own sessions by name (sessions.trainee = users.username); sessions from before accounts, or
    # from local single-user mode, may name nobody, so there is no foreign key there.
    ts = _timestamp_type(conn)
    _run(
        conn,
        f"""
        CREATE TABLE users (
            username TEXT PRIMARY KEY NOT NULL,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            cohort TEXT,
            disabled BOOLEAN NOT NULL,
            created_at {ts} NOT NULL
        )
        """,
        "CREATE INDEX ix_users_cohort ON users (cohort)",
        # Attempts are kept by the name typed, known or not, so unknown names lock out like real ones.
        f"""
        CREATE TABLE login_attempts (
            id TEXT PRIMARY KEY NOT NULL,
            username TEXT NOT NULL,
            succeeded BOOLEAN NOT NULL,
            attempted_at {ts} NOT NULL
        )
        """,
        "CREATE INDEX ix_login_attempts_user_time ON login_attempts (username, attempted_at)",
        f"""
        CREATE TABLE comments (
            id TEXT PRIMARY KEY NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            turn_id TEXT REFERENCES turns (id),
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at {ts} NOT NULL
        )
        """,
        "CREATE INDEX ix_comments_session ON comments (session_id, created_at)",
        # The trainer's labels sit beside a copy of the machine's, never over the stored grade.
        f"""
        CREATE TABLE overrides (
            id TEXT PRIMARY KEY NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            turn_id TEXT NOT NULL REFERENCES turns (id),
            author TEXT NOT NULL,
            grader TEXT NOT NULL,
            machine_json TEXT NOT NULL,
            labels_json TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at {ts} NOT NULL
        )
        """,
        "CREATE INDEX ix_overrides_session ON overrides (session_id, created_at)",
    )


@migration
def m003_sign_in_sessions(conn: Connection) -> None:
    # A signed-in browser holds a random token; only its SHA-256 is stored, so a copy of the database
    # cannot be replayed as cookies. Any app process on the database can then serve that browser.
    ts = _timestamp_type(conn)
    _run(
        conn,
        f"""
        CREATE TABLE sign_in_sessions (
            token_hash TEXT PRIMARY KEY NOT NULL,
            username TEXT NOT NULL,
            created_at {ts} NOT NULL,
            last_seen_at {ts} NOT NULL,
            expires_at {ts} NOT NULL,
            revoked_at {ts}
        )
        """,
        "CREATE INDEX ix_sign_in_sessions_user ON sign_in_sessions (username)",
        "CREATE INDEX ix_sign_in_sessions_expires ON sign_in_sessions (expires_at)",
    )


@migration
def m005_drafts(conn: Connection) -> None:
    # One draft per signed-in user (coach/drafts.py): the trainee page as they left it, as JSON.
    ts = _timestamp_type(conn)
    _run(
        conn,
        f"""
        CREATE TABLE drafts (
            username TEXT PRIMARY KEY NOT NULL,
            body_json TEXT NOT NULL,
            updated_at {ts} NOT NULL
        )
        """,
    )


def applied_migrations(conn: Connection) -> dict[str, datetime]:
    """The migrations recorded in the database, name -> when applied (UTC)."""
    rows = conn.execute(text("SELECT name, applied_at FROM _migrations")).all()
    return {name: datetime.fromisoformat(applied_at) for name, applied_at in rows}


def migrate(conn: Connection, migrations: Sequence[tuple[str, Migration]] = MIGRATIONS) -> list[str]:
    """Apply the migrations not yet recorded, in order; return the names applied now.

    `conn` must be inside a transaction the caller commits, so a run applies everything or nothing.
    On SQLite that transaction must be a write transaction from its start (BEGIN IMMEDIATE), which
    makes a second process starting at once wait and then find nothing to do; on PostgreSQL this
    takes a transaction-scoped advisory lock for the same effect.
    """
    names = [name for name, _ in migrations]
    if len(set(names)) != len(names):
        raise ValueError(f"migration names must be unique: {names}")
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
    _run(
        conn,
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)",
    )
    done = applied_migrations(conn)
    applied: list[str] = []
    for name, fn in migrations:
        if name in done:
            continue
        fn(conn)
        conn.execute(
            text("INSERT INTO _migrations (name, applied_at) VALUES (:name, :at)"),
            {"name": name, "at": datetime.now(UTC).isoformat()},
        )
        applied.append(name)
    return applied
