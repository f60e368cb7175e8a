"""Persistence: sessions, their turn trees, grades, debriefs and model usage (the last two in
coach.store_records), in SQLite or PostgreSQL.

An app process keeps nothing that matters in memory: each method is one transaction, so a second process
on the same database carries a session on, and a crash loses nothing a method had returned. (A session's
conversation this store wrote last is kept, and the next turn starts from it: see conversation().) Writes that
depend on what is already there (the next turn hangs off the session's head) serialise on the session:
SQLite takes the database write lock at BEGIN (BEGIN IMMEDIATE), PostgreSQL locks the session row
(the UPDATE that moves its head, or SELECT ... FOR UPDATE). A turn of a conversation may span several
such transactions (the staff line with its grade, the patient's reply; one, append_exchange, when the
reply was made before anything was stored), so each append names the head it answers
(append_turn) and is refused if another writer moved it meanwhile (the head is moved only from that turn,
compare and set): two processes sending on one session never chain staff under staff or a reply under a
reply. Datetimes are timezone-aware UTC in and out; a naive one is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, select

from coach import store_statements as sql
from coach.config import Settings
from coach.database import for_writing, open_database
from coach.migrations import MIGRATIONS, Migration, applied_migrations, migrate
from coach.models import Grade, Outcome, Session, Speaker, Turn
from coach.schema import (
    StoredRow,
    as_utc,
    grade_row,
    new_id,
    session_from,
    session_row,
    sessions,
    turn_from,
    turn_row,
    turns,
)
from coach.store_append import (
    ANY_HEAD,
    AnyHead,
    Appended,
    as_stored,
    lock_session,
    place_at_head,
    placed_after,
)
from coach.store_driver import DriverStatements
from coach.store_errors import HeadMoved, NotFound, SessionNotFound, TurnNotFound
from coach.store_records import SessionRecords
from coach.store_views import Conversation, UsageTotals, ids_to_head

# What callers import from here; the errors live in coach.store_errors, what a read returns in
# coach.store_views.
__all__ = [
    "Appended",
    "Conversation",
    "HeadMoved",
    "NotFound",
    "SessionNotFound",
    "Store",
    "TurnNotFound",
    "UsageTotals",
]


# Turns parsed from their rows, kept by id: a turn's row never changes once written, so parsing it again
# on every read (its state and stance JSON, the models' checks) would only repeat work. What the store
# reads still decides which turns there are. Bounded: emptied when full.
PARSED_TURNS_KEPT = 4096
# Sessions whose conversation this store wrote last (an exchange, or a start), kept by session id: the
# next turn starts from that copy instead of reading the session again. Another process may have written
# since; the turn's compare and set, which checks the head, the ending and the number of turns the copy
# holds, refuses the turn if so, and the copy is dropped. Any other write of this store to the session
# drops it too. Bounded: emptied when full.
KEPT_SESSIONS = 1024
# The session table's column names, listed once: listing a table's columns makes a new list each time.
_SESSION_COLUMNS = tuple(column.name for column in sessions.columns)


# --------------------------------------------------------------------------- the store


class Store(SessionRecords):
    """Sessions and everything said and graded in them, in one database named by a SQLAlchemy URL."""

    def __init__(self, url: str, *, migrations: Sequence[tuple[str, Migration]] = MIGRATIONS) -> None:
        """Connect to `url` (creating a SQLite file's folder) and apply pending `migrations`."""
        self.url = url
        self._engine = open_database(url)
        self._writer = for_writing(self._engine)
        self._parsed: dict[str, Turn] = {}
        self._kept: dict[str, Conversation] = {}
        self._driver = DriverStatements(self._engine.dialect)
        sqlite = self._engine.dialect.name == "sqlite"
        self._one_writer: AbstractContextManager[Any] = threading.Lock() if sqlite else nullcontext()
        try:
            with self.writing() as conn:
                self.migrations_applied: list[str] = migrate(conn, migrations)
        except BaseException:
            self._engine.dispose()
            raise

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        """The store at `settings.db_url` (COACH_DATABASE_URL, else SQLite in COACH_DATA_DIR)."""
        return cls(settings.db_url)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for read-only reporting queries over the tables in this module."""
        return self._engine

    def reading(self) -> AbstractContextManager[Connection]:
        """A read transaction: `with store.reading() as conn:` for queries beside the store's own."""
        return self._engine.begin()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction, locked as add_turn's: SQLite takes the write lock at BEGIN (BEGIN
        IMMEDIATE), so writers queue rather than fail busy; on PostgreSQL a normal transaction (lock the
        rows a write depends on with SELECT ... FOR UPDATE). Commits at the end of the block."""
        # SQLite has one writer at a time, and a writer that finds the lock taken sleeps and polls
        # (up to tens of milliseconds a time); threads of this process queue on a lock instead and are
        # handed the turn at once. Other processes still meet SQLite's own lock.
        with self._one_writer, self._writer.begin() as conn:
            yield conn

    def __repr__(self) -> str:
        return f"Store({self._engine.url!r})"

    def close(self) -> None:
        """Release pooled connections. Nothing is lost without it: every method has committed."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def applied_migrations(self) -> dict[str, datetime]:
        """Migration name -> when it was applied to this database."""
        with self._engine.begin() as conn:
            return applied_migrations(conn)

    # ----------------------------------------------------------------------- sessions

    def create_session(self, session: Session) -> Session:
        """Store a new session (its id chosen by the caller); it starts with no turns."""
        return self._create(session, None)[0]

    def open_session(self, session: Session, opening: Turn) -> tuple[Session, Turn]:
        """Store a new session with its first turn (the patient's opening line) as its head, in one
        transaction; both as stored. The store owns the turn's id, session_id and parent_id."""
        created, turn = self._create(session, opening)
        assert turn is not None, "_create stores the opening it is given"
        self._keep(Conversation(session=created, turns=[turn], branch=[turn], answered_grades=[], kept=True))
        return created, turn

    def _create(self, session: Session, opening: Turn | None) -> tuple[Session, Turn | None]:
        if session.head_turn_id is not None:
            raise ValueError("a new session has no turns, so it cannot have a head_turn_id")
        first = None
        if opening is not None:
            first = turn_row(opening, id=new_id(), session_id=session.id, parent_id=None, depth=0, seq=0)
            session = session.model_copy(update={"head_turn_id": first["id"]})
        row = session_row(session)
        # On the driver's cursor (coach.store_driver): a start is a trainee's first wait.
        with self.writing() as conn:
            try:
                self._driver.run(conn, sql.INSERT_SESSION, row)
            except sa.exc.IntegrityError:  # the id is the primary key
                raise ValueError(f"a session with id {session.id!r} already exists") from None
            if first is not None:  # the head names it before it exists: head_turn_id has no foreign key
                self._driver.run(conn, sql.INSERT_TURN, first)
        return session_from(row), None if first is None or opening is None else as_stored(opening, first)

    def get_session(self, session_id: str) -> Session:
        with self._engine.begin() as conn:
            row = conn.execute(sql.SESSION, {"session_id": session_id}).first()
        if row is None:
            raise SessionNotFound(session_id)
        return session_from(row._mapping)

    def list_sessions(
        self,
        trainee: str | None = None,
        persona_id: str | None = None,
        outcome: Outcome | str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 200,
    ) -> list[Session]:
        """Sessions matching every filter given, newest first; `since` <= started_at < `until`."""
        query = select(sessions).order_by(sessions.c.started_at.desc(), sessions.c.id).limit(limit)
        if trainee is not None:
            query = query.where(sessions.c.trainee == trainee)
        if persona_id is not None:
            query = query.where(sessions.c.persona_id == persona_id)
        if outcome is not None:
            query = query.where(sessions.c.outcome == Outcome(outcome).value)
        if since is not None:
            query = query.where(sessions.c.started_at >= as_utc(since))
        if until is not None:
            query = query.where(sessions.c.started_at < as_utc(until))
        with self._engine.begin() as conn:
            return [session_from(row._mapping) for row in conn.execute(query)]

    def end_session(
        self, session_id: str, outcome: Outcome | str, ended_at: datetime | None = None
    ) -> Session:
        """Record how the session ended; ending it again changes nothing and returns the first ending."""
        ending = self._ending(session_id, outcome, ended_at)
        self.forget(session_id)
        with self.writing() as conn:
            self._driver.run(conn, sql.END_SESSION, ending)
            found = self._driver.rows(conn, sql.SESSION, {"session_id": session_id})
        if not found:
            raise SessionNotFound(session_id)
        return session_from(found[0])

    @staticmethod
    def _ending(session_id: str, outcome: Outcome | str, ended_at: datetime | None = None) -> dict[str, Any]:
        """The parameters of sql.END_SESSION: how the session ended, and when (now when not given)."""
        return {
            "session_id": session_id,
            "how": Outcome(outcome).value,
            "when": as_utc(ended_at or datetime.now(UTC)),
        }

    def reopen_session(self, session_id: str) -> Session:
        """Clear a session's ending, so play can go on from an earlier turn (rewind after the end)."""
        self.forget(session_id)
        with self.writing() as conn:
            conn.execute(
                sa.update(sessions).where(sessions.c.id == session_id).values(outcome=None, ended_at=None)
            )
            row = conn.execute(sql.SESSION, {"session_id": session_id}).first()
        if row is None:
            raise SessionNotFound(session_id)
        return session_from(row._mapping)

    # ----------------------------------------------------------------------- turns

    def add_turn(self, session_id: str, turn: Turn, client_token: str | None = None) -> Turn:
        """Append `turn` after the session's head, whatever it is, and make it the head; return it as
        stored. Turns of a live conversation go through append_turn, which checks the head.

        The store owns id, session_id and parent_id and overwrites what `turn` has there. A
        `client_token` already used in this session returns that earlier turn and stores nothing, so a
        double submit (a retried request, a second click) adds one turn.
        """
        return self._append(session_id, turn, client_token, ANY_HEAD).turn

    def append_turn(
        self,
        session_id: str,
        turn: Turn,
        *,
        after: str | None,
        client_token: str | None = None,
        grade: Grade | None = None,
    ) -> Appended:
        """Append `turn` as add_turn does, but only if the session's head is still `after` (the turn the
        caller read and answered); HeadMoved, with nothing stored, if another writer got there first.
        A staff turn's first `grade` is stored with it, in the same transaction.

        The head is compared under the session's write lock (the row lock on PostgreSQL, the database
        lock on SQLite), so of two writers that read the same head exactly one appends. A `client_token`
        already used in this session wins over the check: it returns the earlier turn with new=False
        (and `grade` is not stored).
        """
        if grade is not None and turn.speaker is not Speaker.staff:
            raise ValueError("only staff turns are graded")
        return self._append(session_id, turn, client_token, after, grade)

    def _append(
        self,
        session_id: str,
        turn: Turn,
        client_token: str | None,
        after: str | AnyHead | None,
        grade: Grade | None = None,
    ) -> Appended:
        self.forget(session_id)
        if not isinstance(after, AnyHead):
            stored = placed_after(self.writing, self._driver, session_id, [turn], client_token, after, grade)
            if stored is not None:
                return Appended(stored[0], new=True)
        # The head has moved, the session is gone, or the client token was used before (or the caller
        # does not check the head): the locked path tells which, and does what the call asks.
        with self.writing() as conn:
            return place_at_head(conn, session_id, turn, client_token, after, grade)

    def append_exchange(
        self,
        session_id: str,
        staff: Turn,
        reply: Turn,
        *,
        after: str | None,
        client_token: str | None = None,
        grade: Grade | None = None,
        ending: Outcome | None = None,
    ) -> tuple[Turn, Turn] | None:
        """A staff turn (its first `grade` with it) and the patient's `reply` to it, appended after `after`
        in one transaction, as append_turn would append them one after the other; both as stored. With
        an `ending`, the reply ends the scene: the session's ending is recorded in the same transaction,
        as end_session would record it after. None, with nothing stored, when the head is no longer
        `after`, the session is gone or `client_token` was used before: append_turn of the staff turn
        alone then tells which and does what it would."""
        if staff.speaker is not Speaker.staff or reply.speaker is not Speaker.patient:
            raise ValueError("an exchange is a staff turn and the patient's reply to it")
        kept = self._kept.get(session_id)
        if kept is not None and kept.session.head_turn_id != after:
            kept = None
        seen = None if kept is None else len(kept.turns)
        ended = None if ending is None else self._ending(session_id, ending)
        stored = placed_after(
            self.writing, self._driver, session_id, [staff, reply], client_token, after, grade, seen, ended
        )
        if stored is None or kept is None or self._kept.get(session_id) is not kept or ending is not None:
            # Refused, nothing kept this write confirms, or the scene is over (what follows an ending, a
            # debrief or a summary, reads the session).
            self.forget(session_id)
            return None if stored is None else (stored[0], stored[1])
        said, answer = stored
        self._keep(
            Conversation(
                session=kept.session.model_copy(update={"head_turn_id": answer.id}),
                turns=[*kept.turns, said, answer],
                branch=[*kept.branch, said, answer],
                answered_grades=[] if grade is None else [grade],
                kept=True,
            )
        )
        return said, answer

    def get_turn(self, turn_id: str) -> Turn:
        with self._engine.begin() as conn:
            row = conn.execute(sql.TURN, {"turn_id": turn_id}).first()
        if row is None:
            raise TurnNotFound(turn_id)
        return self._turn(row._mapping)

    def turn_by_token(self, session_id: str, client_token: str) -> Turn | None:
        """The session's turn stored with `client_token`, or None."""
        with self._engine.begin() as conn:
            row = conn.execute(sql.TURN_BY_TOKEN, {"session_id": session_id, "token": client_token}).first()
        return None if row is None else self._turn(row._mapping)

    def set_head(self, session_id: str, turn_id: str) -> None:
        """Go back to `turn_id`: the next turn added to the session hangs off it (a new branch)."""
        self.forget(session_id)
        with self.writing() as conn:
            lock_session(conn, session_id)
            owner = conn.execute(select(turns.c.session_id).where(turns.c.id == turn_id)).scalar()
            if owner != session_id:
                raise ValueError(f"turn {turn_id!r} is not a turn of session {session_id!r}")
            conn.execute(sql.MOVE_HEAD, {"session_id": session_id, "head": turn_id})

    def conversation(self, session_id: str) -> Conversation:
        """The session, its turns, its current branch and the grades of the staff turn its head answers,
        in one read transaction (two statements): everything a turn starts from, read once.

        When this store wrote the session's last exchange (or started it), that copy, marked `kept`, with
        no read: the next append_exchange compares the head, the ending and the number of turns with the
        database, refuses if another process changed any, and drops the copy (KEPT_SESSIONS)."""
        kept = self._kept.get(session_id)
        if kept is not None:
            return kept
        with self._engine.begin() as conn:
            found = self._driver.rows(conn, sql.SESSION_WITH_ANSWERED_GRADES, {"session_id": session_id})
            if not found:
                raise SessionNotFound(session_id)
            session = session_from({name: found[0][name] for name in _SESSION_COLUMNS})
            rows = self._driver.rows(conn, sql.TURNS_OF, {"session_id": session_id})
        every = [self._turn(row) for row in rows]
        by_id = {row["id"]: turn for row, turn in zip(rows, every, strict=True)}
        parents = {row["id"]: row["parent_id"] for row in rows}
        chain = [by_id[i] for i in ids_to_head(parents, session.head_turn_id)]
        answers = len(chain) > 1 and chain[-1].speaker is Speaker.patient
        grades_found = [
            Grade.model_validate_json(r["grade_json"]) for r in found if answers and r["grade_json"]
        ]
        return Conversation(session=session, turns=every, branch=chain, answered_grades=grades_found)

    def branch(self, session_id: str, head_id: str | None = None) -> list[Turn]:
        """The turns from the first to `head_id` (default: the session's head), following parents."""
        with self._engine.begin() as conn:
            session_head = self._session_head(conn, session_id)
            rows = {row.id: row for row in conn.execute(sql.TURNS_OF, {"session_id": session_id})}
        if head_id is not None and head_id not in rows:
            raise ValueError(f"turn {head_id!r} is not a turn of session {session_id!r}")
        parents = {turn_id: row.parent_id for turn_id, row in rows.items()}
        return [
            self._turn(rows[turn_id]._mapping) for turn_id in ids_to_head(parents, head_id or session_head)
        ]

    def all_turns(self, session_id: str) -> list[Turn]:
        """Every turn of the session, on every branch, in the order they were stored."""
        with self._engine.begin() as conn:
            self._session_head(conn, session_id)
            rows = conn.execute(sql.TURNS_OF, {"session_id": session_id})
            return [self._turn(row._mapping) for row in rows]

    def kept(self, session_id: str) -> Conversation | None:
        """The kept copy of the session, if this store holds one: what conversation() would return
        without a read (so a caller on the event loop needs no thread for it), else None."""
        return self._kept.get(session_id)

    def forget(self, session_id: str) -> None:
        """Drop the kept copy of the session, if any: the next conversation() reads it."""
        self._kept.pop(session_id, None)

    def _keep(self, conversation: Conversation) -> None:
        if len(self._kept) >= KEPT_SESSIONS:
            self._kept.clear()
        self._kept[conversation.session.id] = conversation

    def _turn(self, row: StoredRow) -> Turn:
        """The turn of a row of the turns table, parsed once by this store (see PARSED_TURNS_KEPT)."""
        known = self._parsed.get(row["id"])
        if known is None:
            known = turn_from(row)
            if len(self._parsed) >= PARSED_TURNS_KEPT:
                self._parsed.clear()
            self._parsed[row["id"]] = known
        return known

    @staticmethod
    def _session_head(conn: Connection, session_id: str) -> str | None:
        row = conn.execute(sql.HEAD, {"session_id": session_id}).first()
        if row is None:
            raise SessionNotFound(session_id)
        return row.head_turn_id

    # ----------------------------------------------------------------------- grades

    def add_grade(self, turn_id: str, grade: Grade, is_fallback: bool = False) -> None:
        """Store a grade of a staff turn; a turn may have several (offline first, then the LLM's)."""
        with self.writing() as conn:
            # Locking the turn row keeps seq unique when two processes grade one turn at once.
            speaker = conn.execute(sql.LOCK_TURN, {"turn_id": turn_id}).scalar()
            if speaker is None:
                raise TurnNotFound(turn_id)
            if Speaker(speaker) is not Speaker.staff:
                raise ValueError(f"turn {turn_id!r} is a patient turn; only staff turns are graded")
            seq = conn.execute(sql.NEXT_GRADE_SEQ, {"turn_id": turn_id}).scalar_one()
            conn.execute(sql.INSERT_GRADE, grade_row(turn_id, seq, grade, is_fallback))
        self._kept.clear()  # the turn's session is not known here, and a grade may change where it starts

    def grades(self, turn_id: str) -> list[Grade]:
        """The grades of a turn, oldest first."""
        with self._engine.begin() as conn:
            rows = conn.execute(sql.GRADES_OF, {"turn_id": turn_id}).all()
        if not rows:
            raise TurnNotFound(turn_id)
        return [Grade.model_validate_json(row.grade_json) for row in rows if row.grade_json is not None]

    def latest_grade(self, turn_id: str) -> Grade | None:
        """The newest grade of a turn, or None when it has none yet."""
        found = self.grades(turn_id)
        return found[-1] if found else None

    def latest_grades(self, session_id: str) -> dict[str, Grade]:
        """The newest grade of every graded turn of a session, by turn id, in one query (a screen or a
        summary shows many turns; a query per turn would be the hot path's largest cost)."""
        with self._engine.begin() as conn:
            rows = conn.execute(sql.GRADES_OF_SESSION, {"session_id": session_id}).all()
        return {row.turn_id: Grade.model_validate_json(row.grade_json) for row in rows}
