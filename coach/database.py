"""Opening the database: SQLite set up for several threads and processes writing one file (WAL, a busy
timeout, foreign keys, and BEGIN IMMEDIATE for a transaction that will write, so writers queue instead of
failing busy), a SQLite file private to its owner; PostgreSQL with a pooled connection checked before use
only when it has been idle. coach.store builds on this.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url

SQLITE_BUSY_TIMEOUT_MS = 30_000
_WRITE_OPTION = "coach_write"  # execution option: this transaction will write (BEGIN IMMEDIATE on SQLite)
# A pooled PostgreSQL connection idle this long is pinged before it is handed out: the server may have
# restarted or dropped it meanwhile. One in steady use is not, since a ping is a round trip (and a
# transaction for the server) before every transaction: half the server's transactions in a load run.
IDLE_BEFORE_PING_S = 10.0
# A process's PostgreSQL connections, all kept open once made: as many as SQLAlchemy's default allows at
# most (5 kept and 10 more), but none closed on return, since under load a closed one was opened again
# within seconds (29 new server sessions in one load level of 23 s), each a fork and a password exchange.
POOL_SIZE = 15
_RETURNED = "coach_returned_at"  # a pooled connection's record: when it was last given back


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver must not open transactions itself, so that _sqlite_on_begin can say BEGIN IMMEDIATE.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    _to_wal(cursor)
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _to_wal(cursor: sqlite3.Cursor) -> None:
    """The file put in WAL mode, tried again while another connection holds the lock. Processes opening a
    new file at once each switch it, and a switch that finds another mid-way fails at once ("database is
    locked") without waiting out the busy timeout, which SQLite skips where waiting could deadlock."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _sqlite_on_begin(conn: Connection) -> None:
    # A deferred transaction that later writes can fail with SQLITE_BUSY no matter the busy timeout;
    # taking the write lock up front makes writers queue instead.
    begin = "BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE_OPTION, False) else "BEGIN"
    # Said to the driver itself: every transaction begins here, and SQLAlchemy's statement machinery
    # (compiling, events, a result) costs more than the BEGIN. Its errors are wrapped as that would.
    driver = conn.connection.dbapi_connection
    assert driver is not None, "a transaction begins on an open connection"
    try:
        driver.execute(begin)
    except sqlite3.Error as exc:
        raise sa.exc.DBAPIError.instance(begin, None, exc, sqlite3.Error) from exc


def _private_database_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (it holds password hashes), in a folder that is
    created owner-only too; tighten a file that is already there. SQLite gives its -wal and -shm files
    the database file's mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
        path.chmod(0o600)


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection with a ping when it comes out of the pool after `IDLE_BEFORE_PING_S` or
    more unused; a dead one is discarded and the pool hands out a fresh one (SQLAlchemy retries the
    checkout), so a restarted server costs no request."""

    def returned(_dbapi_conn: Any, record: Any) -> None:
        record.info[_RETURNED] = time.monotonic()

    def checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_RETURNED)
        if since is None or time.monotonic() - since < IDLE_BEFORE_PING_S:
            return  # just connected, or in steady use
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise sa.exc.DisconnectionError(f"a pooled connection idle since then is gone: {exc}") from exc

    sa.event.listen(engine, "checkin", returned)
    sa.event.listen(engine, "checkout", checked_out)


def open_database(url: str) -> Engine:
    """A SQLAlchemy engine for `url`: SQLite set up as above (its file private to its owner), PostgreSQL
    with a connection that sat idle in the pool checked before use."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = sa.create_engine(parsed, pool_size=POOL_SIZE, max_overflow=0)
        _ping_when_idle(engine)
        return engine
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        _private_database_file(Path(database))
    engine = sa.create_engine(parsed)
    sa.event.listen(engine, "connect", _sqlite_on_connect)
    sa.event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def for_writing(engine: Engine) -> Engine:
    """The same engine, its transactions marked as writers (on SQLite they begin IMMEDIATE)."""
    return engine.execution_options(**{_WRITE_OPTION: True})
